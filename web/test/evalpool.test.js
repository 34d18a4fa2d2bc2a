import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { runInThisContext } from "node:vm";

// evalpool.js is a classic worker script (importScripts): run it here.
runInThisContext(readFileSync(new URL("../evalpool.js", import.meta.url), "utf8") + "\nglobalThis.EvalPool = EvalPool;");
const { EvalPool } = globalThis;

// FakeWorker stands in for an evaluation worker (worker.js): it records
// what it is sent; the test answers.
class FakeWorker {
  static all = [];
  constructor(url) {
    this.url = url;
    this.posted = [];
    FakeWorker.all.push(this);
  }
  postMessage(m) {
    this.posted.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  answer(op, result) {
    const m = this.posted.find((p) => p.op === op && !p.answered);
    m.answered = true;
    this.onmessage({ data: { id: m.id, result } });
  }
  fail(op, error) {
    const m = this.posted.find((p) => p.op === op && !p.answered);
    m.answered = true;
    this.onmessage({ data: { id: m.id, error } });
  }
}
globalThis.Worker = FakeWorker;

const tick = () => new Promise((r) => setTimeout(r, 0));

// fakeGo records the training module's calls; measure answers as an
// evaluation worker would.
function fakeGo() {
  const calls = [];
  const go_ = async (name, ...args) => {
    calls.push([name, ...args]);
    if (name === "measure") return { iteration: args[1], trainAcc: 0.5, inline: true };
    if (name === "record") return { recorded: true };
    return null;
  };
  return { calls, go_ };
}

// started is a pool on a fresh fakeGo with n evaluation workers started
// (FakeWorker.all, emptied first, holds them); onRecorded as EvalPool's.
async function started(n, onRecorded = () => {}) {
  FakeWorker.all = [];
  const { calls, go_ } = fakeGo();
  const pool = new EvalPool(go_, onRecorded);
  await pool.start("mnist/", n);
  return { calls, pool };
}

// slice is a state with pending evaluations at the given iterations.
function slice(run, iterations) {
  const size = 16;
  const evalParams = new Uint8Array(size * iterations.length);
  iterations.forEach((it, i) => evalParams.fill(it % 256, i * size, (i + 1) * size));
  return { config: { iterations: 100 }, pending: iterations.map((iteration) => ({ run, epoch: 0, iteration })), evalParams };
}

test("size: evaluation workers from three cores, one per core beyond two, at most two", () => {
  assert.deepEqual([undefined, 1, 2, 3, 4, 16].map(EvalPool.size), [0, 0, 0, 1, 2, 2]);
});

test("helpers: workers for a numerical run from two cores, at most two", () => {
  assert.deepEqual([undefined, 1, 2, 3, 4, 16].map(EvalPool.helpers), [0, 0, 1, 2, 2, 2]);
});

test("workers for a numerical run start when one is set up and end after; a range out when one ends is computed here", async () => {
  const { calls, pool } = await started(0);
  pool.numerical(true, 1);
  pool.numerical(true, 1); // set up again: still one
  assert.equal(FakeWorker.all.length, 1);
  const [w] = FakeWorker.all;
  assert.equal(w.posted[0].op, "init");
  let loaded = false;
  const waiting = pool.loading().then(() => (loaded = true));
  await tick();
  assert.equal(loaded, false, "loading waits for the worker's MNIST");
  w.answer("init", {});
  await waiting;
  assert.equal(pool.idle().length, 1);
  assert.ok(!calls.some((c) => c[0] === "deferEvaluation"), "evaluations stay in the run");

  const own = async (from) => new Uint8Array([from]);
  const job = { bounds: [0, 10, 40], config: {}, batch: [1] };
  const shared = pool.share(job, new Uint8Array(8), pool.idle(), own);
  pool.numerical(false, 1); // the next run is not numerical: the worker ends mid-step
  assert.deepEqual([...(await shared)], [0, 10]);
  assert.equal(w.terminated, true);
  assert.equal(pool.workers.length, 0);
});

test("figures are recorded in the order of iterations, whichever worker answers first", async () => {
  let recordedEvents = 0;
  const { calls, pool } = await started(2, () => recordedEvents++);
  assert.deepEqual(calls[0], ["deferEvaluation", true]);
  const [a, b] = FakeWorker.all;
  assert.deepEqual(a.posted[0].args, ["mnist/", { evaluator: true }]);
  pool.add(slice(1, [1, 11])); // before the workers are ready: queued
  assert.equal(pool.outstanding, 2);
  a.answer("init", {});
  b.answer("init", {});
  await tick();
  const ma = a.posted.find((p) => p.op === "measure");
  const mb = b.posted.find((p) => p.op === "measure");
  assert.deepEqual([ma.args[1], mb.args[1]], [1, 11]);
  assert.equal(new Uint8Array(mb.args[2])[0], 11, "each evaluation gets its own parameters");
  b.answer("measure", { iteration: 11 }); // the later one first
  await tick();
  assert.equal(calls.filter((c) => c[0] === "record").length, 0, "iteration 11 waits for iteration 1");
  a.answer("measure", { iteration: 1 });
  await tick();
  await tick();
  assert.deepEqual(calls.filter((c) => c[0] === "record").map((c) => c[2].iteration), [1, 11]);
  assert.equal(pool.outstanding, 0);
  assert.ok(recordedEvents >= 1);
});

test("a new run drops the old run's evaluations not yet sent", async () => {
  const { calls, pool } = await started(1);
  const [w] = FakeWorker.all;
  pool.add(slice(1, [1, 11, 21]));
  pool.add(slice(2, [1]));
  assert.equal(pool.outstanding, 1);
  w.answer("init", {});
  await tick();
  assert.deepEqual(w.posted.filter((p) => p.op === "measure").map((p) => p.args[1]), [1]);
  w.answer("measure", { iteration: 1 });
  await tick();
  await tick();
  assert.deepEqual(calls.filter((c) => c[0] === "record").map((c) => c[1]), [2]);
});

test("without evaluation workers the run scores its own", async () => {
  const { calls, pool } = await started(1);
  const [w] = FakeWorker.all;
  pool.add(slice(3, [1]));
  w.fail("init", "could not fetch train-images-idx3-ubyte.gz");
  await tick();
  await tick();
  assert.ok(w.terminated);
  assert.deepEqual(calls.find((c) => c[0] === "deferEvaluation" && c[1] === false), ["deferEvaluation", false]);
  const m = calls.find((c) => c[0] === "measure");
  assert.equal(m[2], 1, "measured in the training worker");
  await tick();
  assert.deepEqual(calls.filter((c) => c[0] === "record").map((c) => [c[1], c[2].iteration]), [[3, 1]]);

  const none = fakeGo();
  await new EvalPool(none.go_, () => {}).start("mnist/", 0);
  assert.equal(none.calls.length, 0, "one core: nothing deferred");
});

test("a worker that dies mid-evaluation hands it to another", async () => {
  const { calls, pool } = await started(2);
  const [a, b] = FakeWorker.all;
  a.answer("init", {});
  await tick();
  pool.add(slice(4, [1]));
  assert.equal(a.posted.filter((p) => p.op === "measure").length, 1);
  a.onmessage({ data: { event: "exited", message: "out of memory" } });
  b.answer("init", {});
  await tick();
  b.answer("measure", { iteration: 1 });
  await tick();
  await tick();
  assert.deepEqual(calls.filter((c) => c[0] === "record").map((c) => c[2].iteration), [1]);
});

test("a numerical step's gradient is shared: the first range here, the others in the workers, in order", async () => {
  const { pool } = await started(2);
  const [a, b] = FakeWorker.all;
  a.answer("init", {});
  b.answer("init", {});
  await tick();
  const job = { bounds: [0, 10, 25, 40], config: {}, batch: [3, 1] };
  const mine = [];
  const own = async (from, to) => {
    mine.push([from, to]);
    return new Uint8Array([from]);
  };
  const done = pool.share(job, new Uint8Array(8), pool.idle(), own);
  const pa = a.posted.find((p) => p.op === "numPart");
  const pb = b.posted.find((p) => p.op === "numPart");
  assert.deepEqual([pa.args.slice(3), pb.args.slice(3)], [[10, 25], [25, 40]]);
  assert.deepEqual(pool.idle(), [], "the workers are busy while they compute");
  b.answer("numPart", { bytes: new Uint8Array([25]) });
  a.answer("numPart", { bytes: new Uint8Array([10]) });
  assert.deepEqual([...(await done)], [0, 10, 25]);
  assert.deepEqual(mine, [[0, 10]]);
  assert.equal(pool.idle().length, 2);

  // A worker that fails: its range is computed here.
  const again = pool.share(job, new Uint8Array(8), pool.idle(), own);
  a.fail("numPart", "out of memory");
  b.answer("numPart", { bytes: new Uint8Array([25]) });
  assert.deepEqual([...(await again)], [0, 10, 25]);
  assert.deepEqual(mine.slice(1), [[0, 10], [10, 25]]);
  assert.equal(pool.workers.length, 1);
});

test("settle scores what is still out here, records it all in order, and drops a late answer", async () => {
  let notified = 0;
  const { calls, pool } = await started(1, () => notified++);
  const [w] = FakeWorker.all;
  w.answer("init", {});
  await tick();
  pool.add(slice(6, [1, 11, 21]));
  w.answer("measure", { iteration: 1 }); // one answered; 11 out at the worker; 21 queued
  await tick();
  await tick();
  assert.deepEqual(calls.filter((c) => c[0] === "record").map((c) => c[2].iteration), [1]);
  await pool.settle();
  assert.deepEqual(calls.filter((c) => c[0] === "measure").map((c) => c[2]), [11, 21], "measured here");
  assert.deepEqual(calls.filter((c) => c[0] === "record").map((c) => c[2].iteration), [1, 11, 21]);
  assert.equal(pool.outstanding, 0);
  const before = notified;
  w.answer("measure", { iteration: 11 }); // the worker's late answer
  await tick();
  await tick();
  assert.equal(calls.filter((c) => c[0] === "record").length, 3, "not recorded twice");
  assert.equal(notified, before);
  assert.equal(w.posted.filter((p) => p.op === "measure").length, 2, "21 was never sent: settled first");
});
