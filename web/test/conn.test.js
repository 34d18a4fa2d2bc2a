import { test } from "node:test";
import assert from "node:assert/strict";
import { connect } from "../conn.js";

// FakeWorker stands in for worker.js: it records what the page posts and
// lets the test answer, send events or die.
class FakeWorker {
  static all = [];
  constructor(url) {
    this.url = url;
    this.posted = [];
    this.terminated = false;
    FakeWorker.all.push(this);
  }
  postMessage(m) {
    this.posted.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  send(data) {
    this.onmessage({ data });
  }
}
globalThis.Worker = FakeWorker;

const tick = () => new Promise((r) => setTimeout(r, 0));

function hooked() {
  const seen = [];
  const hooks = {
    onDown: (reason) => seen.push(["down", reason]),
    onRestart: async () => seen.push(["restart"]),
    onRestarted: (reason) => seen.push(["restarted", reason]),
    onRestartFailed: (err) => seen.push(["failed", err.message]),
  };
  return { seen, hooks };
}

test("a call posts {id, op, args} and resolves with the result", async () => {
  FakeWorker.all = [];
  const c = connect("worker.js", hooked().hooks);
  const init = c.start("mnist/");
  const w = FakeWorker.all[0];
  assert.equal(w.url, "worker.js");
  assert.deepEqual(w.posted[0], { id: 1, op: "init", args: ["mnist/", {}] });
  const step = c.call("step", 5);
  assert.deepEqual(w.posted[1], { id: 2, op: "step", args: [5] });
  // Answers may come in any order.
  w.send({ id: 2, result: { iteration: 5 } });
  w.send({ id: 1, result: true });
  assert.deepEqual(await step, { iteration: 5 });
  assert.equal(await init, true);
});

test("an error carries the module's message, fields and English", async () => {
  FakeWorker.all = [];
  const c = connect("worker.js", hooked().hooks);
  c.start("mnist/");
  const w = FakeWorker.all[0];
  const p = c.call("configure", { hidden: 0 });
  const messages = { hidden: { key: "field.range.whole", args: {} } };
  w.send({ id: 2, error: "Hidden units must be …", fields: { hidden: "Hidden units must be …" }, msg: messages.hidden, messages });
  const err = await p.catch((e) => e);
  assert.equal(err.english, "Hidden units must be …");
  assert.deepEqual(err.fields, { hidden: "Hidden units must be …" });
  assert.deepEqual(err.messages, messages);
  assert.equal(err.message, "field.range.whole"); // no catalogue loaded: the key
});

test("events go to their listeners", () => {
  FakeWorker.all = [];
  const c = connect("worker.js", hooked().hooks);
  c.start("mnist/");
  const got = [];
  c.on("progress", (m) => got.push(["a", m.what]));
  c.on("progress", (m) => got.push(["b", m.what]));
  c.on("train", (m) => got.push(["train", m.state.iteration]));
  const w = FakeWorker.all[0];
  w.send({ event: "progress", what: "download", done: 1, total: 2 });
  w.send({ event: "train", state: { iteration: 10 } });
  w.send({ event: "error", message: "ignored: nobody listens" });
  assert.deepEqual(got, [["a", "download"], ["b", "download"], ["train", 10]]);
});

test("when the module dies, waiting calls fail and a new worker loads MNIST again", async () => {
  FakeWorker.all = [];
  const { seen, hooks } = hooked();
  const c = connect("worker.js", hooks);
  c.start("/data/", { evalWorkers: 0 });
  const old = FakeWorker.all[0];
  old.send({ id: 1, result: true });
  const waiting = c.call("step", 100);
  old.send({ event: "exited", message: "panic: boom" });
  assert.equal(old.terminated, true);
  await assert.rejects(waiting, /crash\.stopped|panic: boom/);
  assert.deepEqual(seen, [["down", "panic: boom"]]);
  assert.ok(c.restarting());
  // A second report of the same death starts nothing more.
  old.send({ event: "exited", message: "again" });
  assert.equal(FakeWorker.all.length, 2);
  const fresh = FakeWorker.all[1];
  assert.deepEqual(fresh.posted[0], { id: 3, op: "init", args: ["/data/", { evalWorkers: 0 }] });
  fresh.send({ id: 3, result: true });
  await c.restarting();
  await tick();
  assert.deepEqual(seen, [["down", "panic: boom"], ["restart"], ["restarted", "panic: boom"]]);
  assert.equal(c.restarting(), null);
});

test("a restart that cannot load says why", async () => {
  FakeWorker.all = [];
  const { seen, hooks } = hooked();
  const c = connect("worker.js", hooks);
  const init = c.start("mnist/");
  FakeWorker.all[0].onerror({ message: "out of memory" });
  await assert.rejects(init);
  const fresh = FakeWorker.all[1];
  fresh.send({ id: 2, error: "could not fetch train-images-idx3-ubyte.gz: HTTP 404" });
  await c.restarting().catch(() => {});
  await tick();
  assert.deepEqual(seen.at(-1), ["failed", "could not fetch train-images-idx3-ubyte.gz: HTTP 404"]);
});
