import { test } from "node:test";
import assert from "node:assert/strict";
import { FLOOR, accRange, bestH, epochCount, evalIterations, hSeries, shortName, stepSize } from "../series.js";

const ref = { train: 0.94705, test: 0.9465 };

test("accRange is 0–1 until there is a second epoch or without zoom", () => {
  assert.deepEqual(accRange(true, { train: [0.1], test: [0.1], val: [null] }, ref), [0, 1]);
  assert.deepEqual(accRange(false, { train: [0.1, 0.9], test: [0.1, 0.9], val: [] }, ref), [0, 1]);
});

test("accRange zooms to the data and keeps the book's figures in view", () => {
  const [lo, hi] = accRange(true, { train: [0.1, 0.9, 0.92], test: [0.1, 0.91, 0.93], val: [] }, ref);
  assert.ok(lo <= 0.9 && lo >= 0.85, `lo ${lo}`);
  assert.ok(hi >= ref.train && hi <= 1, `hi ${hi}`);
  assert.equal(Math.round(lo * 100), lo * 100);
  // A validation series counts too, its gaps do not.
  const [vlo] = accRange(true, { train: [0, 0.95], test: [0, 0.95], val: [null, 0.8] }, ref);
  assert.ok(vlo < 0.8);
});

test("hSeries rises in h and puts a zero error on the floor", () => {
  const pts = [{ h: 1e-2, absErr: 1e-5 }, { h: 1e-4, absErr: 1e-9 }, { h: 1e-12, absErr: 0 }];
  assert.deepEqual(hSeries(pts), [[1e-12, 1e-4, 1e-2], [FLOOR, 1e-9, 1e-5]]);
  assert.equal(bestH(pts).h, 1e-12);
  assert.equal(bestH([{ h: 1, absErr: 2 }, { h: 2, absErr: 2 }]).h, 1);
});

test("stepSize is the update's whole length", () => {
  assert.equal(stepSize([3, 4]), 5);
  assert.equal(stepSize([0.1, 0.2, 0.3]), 0.374);
});

test("epochCount is the book's 60,000 ÷ 100 = 600", () => {
  assert.deepEqual(epochCount(60000, 100, 10000, 5), { ipe: 600, epochs: 10000 / 600, e: 0 });
  assert.equal(epochCount(60000, 100, 10000, 601).e, 1);
  assert.equal(epochCount(300, 100, 3000, 4).e, 1);
  assert.equal(epochCount(50, 100, 10, 1).ipe, 1);
});

test("evalIterations lines kept runs up by iteration", () => {
  assert.deepEqual(evalIterations({ epochs: [0, 1], evalIters: [1, 601] }), [1, 601]);
  // A run kept before the iterations were: from its epochs.
  assert.deepEqual(evalIterations({ epochs: [0, 1, 2], config: { trainSize: 300, batchSize: 100 } }), [1, 4, 7]);
  assert.deepEqual(evalIterations({ epochs: [0, 1], config: { batchSize: 100 } }), [1, 601]);
});

test("shortName cuts long names", () => {
  assert.equal(shortName("Overfitting"), "Overfitting");
  assert.equal(shortName("Hidden units 100, Training-set size 300", 12), "Hidden unit…");
});

test("epochCount agrees with the status line's whole epochs", () => {
  // The overfitting run: 300 ÷ 100 = 3 iterations an epoch; at its end,
  // 3,000 iterations are 1,000 whole epochs, as core's epochsDone says.
  assert.deepEqual(epochCount(300, 100, 3000, 3000), { ipe: 3, epochs: 1000, e: 1000 });
  assert.equal(epochCount(60000, 100, 3000, 3000).e, 5);
  assert.equal(epochCount(60000, 100, 3000, 599).e, 0);
  assert.equal(epochCount(250, 100, 10, 1).ipe, 2);
});
