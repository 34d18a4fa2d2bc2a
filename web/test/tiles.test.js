import { test } from "node:test";
import assert from "node:assert/strict";
import { activationBytes, heatTiles, topPushes, weightAt } from "../tiles.js";

test("heatTiles puts unit j's pixel p at j·784 + p, on a log scale", () => {
  const hidden = 2;
  const d = new Float64Array(784 * hidden);
  d[5 * hidden + 1] = 1e-8; // pixel 5, unit 1: black
  d[6 * hidden + 0] = 1e-12; // pixel 6, unit 0: half way
  d[7 * hidden + 0] = 1; // far above 1e-8: still 255
  const tiles = heatTiles(d, hidden);
  assert.equal(tiles.length, 784 * hidden);
  assert.equal(tiles[784 + 5], 255);
  assert.equal(tiles[6], 128);
  assert.equal(tiles[7], 255);
  assert.equal(tiles[0], 0); // a difference of 0
});

test("activationBytes scales to the largest, negatives to 0", () => {
  assert.deepEqual([...activationBytes([0.5, 1, -2, 0.25])], [128, 255, 0, 64]);
  assert.deepEqual([...activationBytes([0, 0])], [0, 0]);
});

test("topPushes orders units by push", () => {
  assert.deepEqual(topPushes([0.1, -3, 2, 0.5], 2), [[2, 2], [0.5, 3]]);
});

test("weightAt names the weight under a pixel of the W1 map", () => {
  // Unit 3's tile, pixel (14, 10): W1[10·28 + 14][3].
  assert.deepEqual(weightAt(3 * 30 + 14, 10, 50), { row: 294, col: 3 });
  assert.deepEqual(weightAt(0, 30, 50), { row: 0, col: 10 });
  assert.equal(weightAt(28, 0, 50), null); // the gap between tiles
  assert.equal(weightAt(0, 5 * 30, 50), null); // past unit 49
});
