import { test } from "node:test";
import assert from "node:assert/strict";
import { bookRef, duration, measured, phase, secondsLeft, tuneLabel } from "../runstate.js";

const stops = { none: "", done: "done", early: "early stop", diverged: "diverged", stalled: "not learning" };

test("phase says where the run stands", () => {
  assert.equal(phase({ iteration: 0, stop: "" }, false, stops), "fresh");
  assert.equal(phase({ iteration: 5, stop: "" }, true, stops), "running");
  assert.equal(phase({ iteration: 5, stop: "" }, false, stops), "paused");
  assert.equal(phase({ iteration: 10, stop: "done" }, false, stops), "finished");
  assert.equal(phase({ iteration: 10, stop: "early stop" }, false, stops), "finished");
  assert.equal(phase({ iteration: 3, stop: "diverged" }, false, stops), "stopped");
});

test("measured: the run's figures, a loaded net's, or none", () => {
  assert.equal(measured({ measuredAt: 0 }), null);
  assert.deepEqual(measured({ measuredAt: 601, trainAcc: 0.9, testAcc: 0.8, valAcc: 0 }), { train: 0.9, test: 0.8, val: 0, at: 601, loaded: false });
  const loaded = { iterations: 600, trainAcc: 0.91, testAcc: 0.9507 };
  assert.deepEqual(measured({ measuredAt: 0, loaded }), { train: 0.91, test: 0.9507, at: 0, loaded: true });
  // Trained on after loading: the run's own figures.
  assert.equal(measured({ measuredAt: 1, testAcc: 0.95, loaded }).loaded, false);
});

const schema = {
  settings: [{ name: "hidden" }, { name: "activation" }, { name: "seed" }, { name: "iterations" }, { name: "trainSize" }],
  book: { hidden: 50, activation: "sigmoid", seed: 1, iterations: 10000, trainSize: 0 },
  figures: { sigmoid: { train: 0.94705, test: 0.9465 }, relu: { train: 0.97787, test: 0.969 } },
};

test("bookRef: the book's figures for the book's runs only", () => {
  assert.deepEqual(bookRef(schema, { ...schema.book, seed: 9 }), schema.figures.sigmoid);
  assert.deepEqual(bookRef(schema, { ...schema.book, activation: "relu" }), schema.figures.relu);
  assert.equal(bookRef(schema, { ...schema.book, trainSize: 300, hidden: 100, iterations: 3000 }), null);
  assert.equal(bookRef(schema, { ...schema.book, iterations: 300 }), null);
  assert.equal(bookRef(schema, null), null);
});

test("secondsLeft and duration project a run's time as a person says it", () => {
  assert.equal(secondsLeft(300, 0, 550), 165);
  assert.equal(secondsLeft(300, 300, 550), 0);
  assert.deepEqual(duration(165), { key: "time.minutes", args: { n: 3 } });
  assert.deepEqual(duration(44), { key: "time.seconds", args: { n: 40 } });
  assert.deepEqual(duration(2), { key: "time.seconds", args: { n: 10 } });
  assert.deepEqual(duration(3600), { key: "time.minutes", args: { n: 60 } });
});

test("tuneLabel words a change mid-run", () => {
  const s = {
    settings: [{ name: "optimizer", kind: "choice", tunable: true }, { name: "learningRate", kind: "float", tunable: true }, { name: "hidden", kind: "int" }],
  };
  const w = { "option.optimizer.sgd": "SGD", "option.optimizer.adam": "Adam" };
  const words = { t: (k) => w[k] ?? k, num: (x) => String(x) };
  assert.equal(tuneLabel(s, { optimizer: "sgd", learningRate: 0.1, hidden: 50 }, { optimizer: "sgd", learningRate: 0.5, hidden: 50 }, words), "η 0.1 → 0.5");
  assert.equal(tuneLabel(s, { optimizer: "sgd", learningRate: 0.1 }, { optimizer: "adam", learningRate: 0.001 }, words), "SGD → Adam, η 0.1 → 0.001");
  assert.equal(tuneLabel(s, { optimizer: "sgd", learningRate: 0.1 }, { optimizer: "sgd", learningRate: 0.1 }, words), "");
});
