// The Web Worker that runs scratchnet's Go module, so training never blocks
// the page. The page sends {id, op, args}; the worker answers {id, result}
// or {id, error, fields, msg, messages} (msg: the Go module's message as
// a catalogue key and arguments), and sends events of its own: {event: "progress"}
// while loading or checking, {event: "train"} after every slice of
// training, {event: "stopped"} when a run ends, and {event: "exited"} if
// the Go module dies (out of memory, a crash): the page then starts a new
// worker.
/* global Go, scratchnetGo, fs, EvalPool, collect */
importScripts("wasm_exec.js", "evalpool.js", "collect.js");

const FILES = [
  "train-images-idx3-ubyte.gz",
  "train-labels-idx1-ubyte.gz",
  "t10k-images-idx3-ubyte.gz",
  "t10k-labels-idx1-ubyte.gz",
];
// A slice of training lasts about this long before the worker reads its
// messages again (a drawn digit or Pause waits at most this long). After
// each the worker reports and the page redraws its charts: at 40 ms that
// cost the page's step 10–30% (docs/figures.md); 80 ms is still under
// what a reader notices, and the charts move 12 times a second.
const SLICE_MS = 80;

let running = false;
// gen counts the calls that end whatever is training (pause, step, train
// and the Go calls marked endsRun): a loop stops when it changes.
let gen = 0;
let wasmMemory = null;
let sliceSteps = 10;
let exited = false;
let stderr = "";

const post = (m) => self.postMessage(m);

// What the Go runtime prints on stderr (a fatal error's reason) is kept
// for the page's message.
const decoder = new TextDecoder();
const writeSync = fs.writeSync.bind(fs);
fs.writeSync = (fd, buf) => {
  if (fd === 2) stderr = (stderr + decoder.decode(buf)).slice(-2000);
  return writeSync(fd, buf);
};

async function fetchAll(base) {
  const sizes = [];
  const got = [0, 0, 0, 0];
  const report = () =>
    post({ event: "progress", what: "download", done: got.reduce((a, b) => a + b, 0), total: sizes.reduce((a, b) => a + b, 0) });
  return Promise.all(
    FILES.map(async (name, i) => {
      let res;
      try {
        res = await fetch(base + name);
      } catch (e) {
        throw new Error(`could not fetch ${name}: ${e.message}`);
      }
      if (!res.ok) throw new Error(`could not fetch ${name}: HTTP ${res.status} ${res.statusText}`);
      sizes[i] = Number(res.headers.get("Content-Length")) || 0;
      const reader = res.body.getReader();
      const chunks = [];
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        got[i] += value.length;
        report();
      }
      const out = new Uint8Array(got[i]);
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.length;
      }
      return out;
    }),
  );
}

// release gives the memory of bytes, which must own their buffer, back at
// once: a detached buffer frees its bytes, where a dropped one waits for a
// collection (and the Go module's reference to an argument lasts until
// Go's own collection). The download's chunks are left to collect: a
// browser may cut several from one buffer.
function release(bytes) {
  if (bytes.buffer.transfer && !bytes.buffer.detached) bytes.buffer.transfer(0);
}

// pool is the other workers (evalpool.js), which score the run's
// evaluations and share a numerical run's steps; a worker started by a
// pool (init's evaluator option) has none.
let pool = null;

async function init(base, opts) {
  const go = new Go();
  const wasm = await WebAssembly.instantiateStreaming(fetch("main.wasm"), go.importObject);
  wasmMemory = wasm.instance.exports.mem;
  go.run(wasm.instance).then(() => {
    exited = true;
    running = false;
    const reason = stderr.split("\n").find((l) => /^(fatal error|panic):/.test(l)) || "the Go program exited";
    post({ event: "exited", message: reason.trim() });
  });
  const files = await fetchAll(base);
  post({ event: "progress", what: "decode", done: 0, total: 1 });
  let loaded;
  try {
    loaded = await go_("load", ...files);
  } finally {
    files.forEach(release);
    collect();
  }
  if (!(opts && opts.evaluator)) {
    pool = new EvalPool(go_, reportIdle);
    const given = opts && Number.isInteger(opts.evalWorkers);
    const n = given ? Math.max(0, Math.min(4, opts.evalWorkers)) : EvalPool.size(navigator.hardwareConcurrency);
    helperCount = given ? n : EvalPool.helpers(navigator.hardwareConcurrency);
    await pool.start(base, n);
  }
  return loaded;
}

// helperCount is how many other workers share a numerical run's steps.
let helperCount = 0;

// numericalHelpers starts or ends the pool's workers for numerical runs
// after a call that set up a run (its state's config).
function numericalHelpers(st) {
  if (pool && st && st.config) pool.numerical(st.config.gradient === "numerical", helperCount);
  return st;
}

// idleHelpers returns the pool's idle workers, first waiting for the ones
// a numerical run started to finish loading (a second or two, once).
async function idleHelpers() {
  if (!pool) return [];
  await pool.loading();
  return pool.idle();
}

// withPool hands a state's pending evaluations to the pool and says how
// many are still being scored (evaluating), for the page.
function withPool(st) {
  if (pool) {
    pool.add(st);
    st.evaluating = pool.outstanding;
  }
  delete st.pending;
  delete st.evalParams;
  return st;
}

// reportIdle sends the figures recorded while nothing trains (the last
// evaluations of a finished or paused run); a training loop sends them
// with its next slice.
async function reportIdle() {
  if (running || exited) return;
  const st = withPool(await go_("steps", 0));
  st.running = false;
  post({ event: "train", state: st });
}

// go_ calls one of the module's exports (each returns a Promise).
function go_(name, ...args) {
  if (exited) return Promise.reject(new Error("the Go module has stopped; the page is starting a new one"));
  return scratchnetGo[name](...args);
}

// yieldNow lets the worker read its messages (a drawn digit, Pause)
// without setTimeout's 4 ms clamp.
function yieldNow() {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve();
    ch.port2.postMessage(0);
  });
}

// slice runs up to k iterations and aims the next slice at SLICE_MS
// (ignoring slices that held an epoch's evaluation).
async function slice(k) {
  const t0 = performance.now();
  const st = (await sharedStep()) || withPool(await go_("steps", k));
  const ms = performance.now() - t0;
  if (!st.epochs || st.epochs.length === 0) {
    sliceSteps = Math.max(1, Math.min(1000, Math.round((k * SLICE_MS) / Math.max(ms, 1))));
  }
  return st;
}

// ownPart computes a range of the numerical step b (numBegin's or
// numTrial's) in this module, as bytes.
const ownPart = (b) => (from, to) => go_("numPart", b.job.config, b.params, b.job.batch, from, to).then((r) => r.bytes);

// sharedStep trains one step of a run with the numerical gradient with
// the gradient's parameters shared between this module and the pool's
// idle workers (each computes a range; numBegin cuts them into ranges of
// about equal work), and returns the state; null, with nothing done, for
// any other run or when no worker is idle.
async function sharedStep() {
  const helpers = await idleHelpers();
  if (helpers.length === 0) return null;
  const b = await go_("numBegin", helpers.length + 1);
  if (!b.job) return null;
  const grad = await pool.share(b.job, b.params, helpers, ownPart(b));
  return withPool(await go_("numEnd", grad));
}

// settled scores the evaluations still out (EvalPool.settle) and returns
// st with their epochs added.
async function settled(st) {
  await pool.settle();
  const more = withPool(await go_("steps", 0));
  return { ...st, ...more, losses: st.losses, firstLoss: st.firstLoss, stepMillis: st.stepMillis, epochs: [...(st.epochs || []), ...(more.epochs || [])] };
}

// run trains in slices until n iterations are done (Infinity: until the
// run ends), the run ends, or another call changes gen; it answers
// messages between slices and returns the last state.
async function run(n, my) {
  let left = n;
  let last = null;
  while (left > 0 && gen === my) {
    const k = Math.min(left, sliceSteps);
    const before = last ? last.iteration : (await go_("state")).iteration;
    last = await slice(k);
    left -= Math.max(1, last.iteration - before); // a shared numerical slice is one step
    // A run that ends answers with all its figures: those still being
    // scored elsewhere are scored here, at once (settle).
    if (last.stop !== "" && pool && pool.outstanding > 0) last = await settled(last);
    const more = gen === my && last.stop === "" && left > 0;
    last.running = n === Infinity && more;
    post({ event: "train", state: last });
    if (last.stop !== "") {
      post({ event: "stopped", state: last });
      collect();
      break;
    }
    if (!more) break;
    await yieldNow();
  }
  // step(n) resolves with its evaluations in: the page's Step shows the
  // figures of the iterations it trained, as when the run scored them.
  if (n !== Infinity && gen === my && pool && pool.outstanding > 0 && last) {
    last = { ...(await settled(last)), running: false };
    post({ event: "train", state: last });
  }
  if (gen === my) running = false;
  return last || (await go_("state"));
}

// stop ends whatever is training and returns the new generation.
function stop() {
  running = false;
  return ++gen;
}

// own are the worker's own calls: loading, the ones that start or pause
// training (they run the slices), the module's memory, the whole gradient
// check (it reports progress), and projectStep (it times a numerical step
// shared with the pool's workers). Every other call is the Go module's,
// passed through by name (wasm/main.go's table, read from
// scratchnetGo.calls); a call the table marks endsRun (configure, reset,
// compare, loadModel) first ends whatever is training, and then starts or
// ends the workers for a numerical run (numericalHelpers).
const own = {
  init: ([base, opts]) => init(base, opts),
  train: () => {
    if (!running) {
      const my = stop();
      running = true;
      setTimeout(() => run(Infinity, my).catch((e) => post({ event: "error", message: e.message })), 0); // answer first
    }
    return true;
  },
  pause: async () => {
    stop();
    return go_("state");
  },
  // step(n) answers with the last step's view for the four-steps strip
  // (lastStep), which the page shows at once: no second round trip.
  step: async ([n]) => {
    const st = await run(n, stop());
    return { ...st, lastStep: await go_("lastStep").catch(() => null) };
  },
  // memory: this module's memory, and how many Go instances the page runs
  // (this one and the pool's workers).
  // projectStep: one step's time before a run starts; for a numerical run
  // with workers to share it, a step's work shared with them as the run
  // will share it (numTrial), else the module's own timing.
  projectStep: async () => {
    const helpers = await idleHelpers();
    const b = helpers.length > 0 ? await go_("numTrial", helpers.length + 1) : { job: null };
    if (!b.job) return go_("projectStep");
    const t0 = performance.now();
    await pool.share(b.job, b.params, helpers, ownPart(b));
    return { stepMillis: performance.now() - t0, iterations: b.job.config.iterations, instances: helpers.length + 1 };
  },
  memory: () => ({ wasmBytes: wasmMemory ? wasmMemory.buffer.byteLength : 0, instances: 1 + (pool ? pool.workers.length : 0) }),
  gradCheckAll: ([h, net]) => go_("gradCheckAll", h, (done, total) => post({ event: "progress", what: "gradcheck", done, total }), net),
};

// passThrough calls the Go module's call op, if it has one.
function passThrough(op, args) {
  const c = typeof scratchnetGo === "undefined" ? undefined : scratchnetGo.calls.find((c) => c.name === op);
  if (!c) throw new Error(`unknown operation ${op}`);
  if (!c.endsRun) return go_(op, ...args);
  stop();
  return go_(op, ...args).then(numericalHelpers);
}

self.onmessage = async (e) => {
  const { id, op, args } = e.data;
  try {
    post({ id, result: await (Object.hasOwn(own, op) ? own[op](args || []) : passThrough(op, args || [])) });
  } catch (err) {
    post({ id, error: err.message, fields: err.fields, msg: err.msg, messages: err.messages });
  }
};
