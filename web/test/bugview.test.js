import { test } from "node:test";
import assert from "node:assert/strict";
import { caughtKeys, parted } from "../bugview.js";

test("caughtKeys: the parameters whose error jumped", () => {
  // make gradcheck ARGS="-bug biasNotSummed"
  assert.deepEqual(caughtKeys({ W1: 2.48e-13, b1: 2.18e-3, W2: 8.78e-13, b2: 1.07e-1 }), ["b1", "b2"]);
  assert.deepEqual(caughtKeys({ W1: 2.48e-13, b1: 9.88e-13, W2: 8.78e-13, b2: 1.21e-10 }), []);
});

test("parted compares the ends of two runs, not one noisy loss", () => {
  const flat = Array(20).fill(2.3);
  assert.equal(parted(flat, flat.map((v, i) => v + (i % 2 ? 0.01 : -0.01))), false);
  assert.equal(parted([2.3, 1.3, 1.27], [2.3, 2.3, 2.34]), true);
  // NaN (a diverged run) is apart.
  assert.equal(parted([2.3, 1.3], [2.3, NaN]), true);
});
