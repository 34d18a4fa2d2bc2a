// The training worker's other Go instances (loaded by worker.js with
// importScripts), each another worker.js with its own Go module and
// MNIST. Two kinds of work go to them:
//
// - Evaluations, where the browser has three cores or more. Scoring 70,000
//   images between epochs is independent of training, so the training
//   worker leaves it (the Go module's deferEvaluation) to them, one
//   evaluation each at a time: steps hands out {run, epoch, iteration} with
//   the parameters, an evaluation worker's measure scores them, and record
//   gives the figures back, in the order of iterations. With fewer cores,
//   or when no evaluation worker starts, the run scores its own.
// - A numerical run's steps (share), wherever there are two cores or more:
//   the workers for it start when a run with the numerical gradient is set
//   up, and end when the run set up next is not one.
/* exported EvalPool */
class EvalPool {
  // go_ calls the training worker's Go module; onRecorded() runs after
  // figures were recorded (the worker then reports them if idle).
  constructor(go_, onRecorded) {
    this.go_ = go_;
    this.onRecorded = onRecorded;
    this.workers = []; // {w, ready, busy, calls: Map(id → resolve/reject)}
    this.queue = []; // evaluations not yet sent: {run, iteration, config, params}
    this.order = []; // evaluations not yet recorded, oldest first: {run, iteration, stat}
    this.nextId = 1;
    this.inline = false; // no evaluation worker: measure here
    this.chain = Promise.resolve(); // serial()'s
  }

  // size is how many evaluation workers a browser with cores cores gets:
  // none below three (the page and training keep two: on two cores an
  // evaluation worker took the training's core and the book's run was no
  // faster; docs/figures.md), then one per further core, at most two.
  static size(cores) {
    return Math.max(0, Math.min(2, (cores || 1) - 2));
  }

  // helpers is how many workers share a numerical run's steps: one fewer
  // than the cores, at most two (a numerical step is 0.3 s of independent
  // work, which pays even on two cores).
  static helpers(cores) {
    return Math.max(0, Math.min(2, (cores || 1) - 1));
  }

  // start starts n evaluation workers loading MNIST from base; with none
  // the run keeps scoring its own.
  async start(base, n) {
    this.base = base;
    if (n === 0) return;
    await this.go_("deferEvaluation", true);
    for (let i = 0; i < n; i++) this.spawn(base, false);
  }

  // numerical, with on, makes sure there are n workers for a numerical
  // run's steps, starting those missing; with on false it ends the ones
  // started for that (evaluation workers stay).
  numerical(on, n) {
    if (!on) {
      for (const e of this.workers.filter((x) => x.forNumerical)) this.drop(e);
      return;
    }
    while (this.workers.length < n) this.spawn(this.base, true);
  }

  // loading resolves once no worker started for a numerical run is still
  // loading (whether it loaded or failed).
  loading() {
    return Promise.all(this.workers.filter((e) => e.forNumerical && !e.ready).map((e) => e.loaded));
  }

  spawn(base, forNumerical) {
    const e = { w: new Worker("worker.js"), ready: false, busy: false, calls: new Map(), forNumerical };
    this.workers.push(e);
    e.w.onmessage = (m) => {
      const d = m.data;
      if (d.event === "exited") return this.lost(e);
      if (d.event) return; // its progress is not the page's
      const c = e.calls.get(d.id);
      e.calls.delete(d.id);
      if (c) d.error === undefined ? c.resolve(d.result) : c.reject(new Error(d.error));
    };
    e.w.onerror = () => this.lost(e);
    e.loaded = this.call(e, "init", base, { evaluator: true }).then(
      () => {
        e.ready = true;
        this.dispatch();
      },
      () => this.lost(e),
    );
  }

  call(e, op, ...args) {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      e.calls.set(id, { resolve, reject });
      e.w.postMessage({ id, op, args }); // copied: a lost worker's job is sent again
    });
  }

  // lost drops an evaluation worker that failed or died; its evaluation
  // goes back to the queue, and with none left the run scores its own.
  lost(e) {
    if (!this.workers.includes(e)) return;
    this.drop(e);
    if (e.job) this.queue.unshift(e.job);
    if (this.workers.length === 0) {
      this.inline = true;
      this.go_("deferEvaluation", false).catch(() => {});
    }
    this.dispatch();
  }

  // drop ends worker e: its calls still out fail (a shared range is then
  // computed in the training worker).
  drop(e) {
    this.workers = this.workers.filter((x) => x !== e);
    e.w.terminate();
    for (const c of e.calls.values()) c.reject(new Error("the worker was ended"));
    e.calls.clear();
  }

  // add takes the evaluations a slice of training left (state.pending, with
  // their parameters one after another in state.evalParams); evaluations
  // of earlier runs not yet sent are dropped.
  add(st) {
    const pending = st.pending || [];
    if (pending.length === 0) return;
    const run = pending[0].run;
    this.queue = this.queue.filter((j) => j.run === run);
    this.order = this.order.filter((j) => j.run === run);
    const size = st.evalParams.length / pending.length;
    pending.forEach((p, i) => {
      const params = st.evalParams.slice(i * size, (i + 1) * size).buffer;
      const job = { run: p.run, iteration: p.iteration, config: st.config, params };
      this.queue.push(job);
      this.order.push({ run: p.run, iteration: p.iteration, job, stat: null });
    });
    this.dispatch();
  }

  // idle returns the evaluation workers ready and not scoring anything.
  idle() {
    return this.workers.filter((e) => e.ready && !e.busy);
  }

  // share computes a numerical step's gradient (job: numBegin's, with the
  // parameters as bytes) in the ranges job.bounds gives: the first with
  // own(from, to) in the training worker, each other in one of helpers
  // (idle evaluation workers), which are sent theirs first. A range whose
  // worker fails is computed with own. It resolves with the whole
  // gradient's bytes.
  async share(job, params, helpers, own) {
    const b = job.bounds;
    helpers = helpers.filter((e) => !e.busy && this.workers.includes(e));
    const theirs = helpers.slice(0, b.length - 2).map((e, i) => {
      const [from, to] = [b[i + 1], b[i + 2]];
      e.busy = true;
      return this.call(e, "numPart", job.config, params, job.batch, from, to).then(
        (r) => {
          e.busy = false;
          this.dispatch();
          return r.bytes;
        },
        () => {
          this.lost(e);
          return own(from, to);
        },
      );
    });
    // Ranges left without a helper (one died meanwhile) are computed here.
    const mine = [];
    for (let i = 0; i < b.length - 1; i++) if (i === 0 || i > helpers.length) mine.push(own(b[i], b[i + 1]));
    const parts = [mine[0], ...theirs, ...mine.slice(1)];
    const bytes = await Promise.all(parts);
    const out = new Uint8Array(bytes.reduce((n, x) => n + x.length, 0));
    let at = 0;
    for (const x of bytes) {
      out.set(x, at);
      at += x.length;
    }
    return out;
  }

  // outstanding is how many evaluations are not yet recorded.
  get outstanding() {
    return this.order.length;
  }

  // settle scores here, at once, every evaluation not yet recorded and
  // records them all, in order: a run that ends, or a step(n), answers
  // with its figures without waiting for the workers (and without a turn
  // of the event loop in which another call could replace the run). A
  // worker's late answer for one of them is then dropped.
  settle() {
    return this.serial(async () => {
      for (const o of this.order) {
        if (!o.stat) o.stat = await this.measureHere(o.job);
      }
      const settled = new Set(this.order.map((o) => o.job));
      this.queue = this.queue.filter((j) => !settled.has(j));
      await this.recordReady();
    });
  }

  // serial runs fn after whatever recording is under way: figures are
  // recorded one call after another, in the order of iterations.
  serial(fn) {
    const p = this.chain.then(fn);
    this.chain = p.catch(() => {});
    return p;
  }

  // recordReady records the figures at the head of the order that are
  // in, and says whether it recorded any.
  async recordReady() {
    let recorded = false;
    while (this.order.length > 0 && this.order[0].stat) {
      const head = this.order.shift();
      if (!head.stat.failed) {
        await this.go_("record", head.run, head.stat).catch(() => {});
        recorded = true;
      }
    }
    return recorded;
  }

  // measureHere scores job in the training worker's own module.
  measureHere(job) {
    return this.go_("measure", job.config, job.iteration, new Uint8Array(job.params)).catch(() => ({ failed: true }));
  }

  dispatch() {
    while (this.queue.length > 0) {
      if (this.inline) {
        const job = this.queue.shift();
        this.measureHere(job).then((stat) => this.done(job, stat));
        continue;
      }
      const e = this.workers.find((x) => x.ready && !x.busy);
      if (!e) return;
      const job = this.queue.shift();
      e.busy = true;
      e.job = job;
      this.call(e, "measure", job.config, job.iteration, job.params).then(
        (stat) => {
          e.busy = false;
          e.job = null;
          this.done(job, stat);
          this.dispatch();
        },
        () => this.lost(e),
      );
    }
  }

  // done keeps an evaluation's figures and records every figure whose
  // predecessors are recorded.
  done(job, stat) {
    const o = this.order.find((x) => x.run === job.run && x.iteration === job.iteration);
    if (!o || o.stat) return; // a replaced run's, or settled here meanwhile
    o.stat = stat || { failed: true };
    return this.serial(async () => {
      if (await this.recordReady()) this.onRecorded();
    });
  }
}
