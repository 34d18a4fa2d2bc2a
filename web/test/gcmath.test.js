import { test } from "node:test";
import assert from "node:assert/strict";
import { allRows, digitsAgree, stepRows } from "../gcmath.js";

test("digitsAgree counts the shared leading digits", () => {
  assert.equal(digitsAgree(2.3, 2.3), 17);
  assert.equal(digitsAgree(1.2345678, 1.2345679), 7);
  assert.equal(digitsAgree(1, 2), 0);
  assert.equal(digitsAgree(-1, 1), 0);
});

test("stepRows lays one check out as the panel shows it", () => {
  const s = { key: "W2", row: 3, col: 4, value: 0.0123, lossPlus: 2.3, lossMinus: 2.3, numerical: 0.5, backprop: 0.5, absErr: 1e-10, relErr: 2e-10 };
  const rows = stepRows(s, (k) => `<${k}>`);
  assert.deepEqual(rows[0], ["<gc.parameter>", "W2[3][4]"]);
  assert.deepEqual(rows[4], ["L(w + h) − L(w − h)", "0"]);
  assert.deepEqual(rows[8], ["<gc.relerr>", "2.000e-10"]);
  assert.equal(rows.length, 9);
});

test("allRows puts the book's figures beside ours", () => {
  const r = { diffs: [{ key: "W1", diff: 3.1e-10 }, { key: "b9", diff: 0 }], book: [{ key: "W1", diff: 2.223e-13 }] };
  assert.deepEqual(allRows(r), [["W1", "3.100e-10", "2.223e-13"], ["b9", "0.000e+0", ""]]);
});
