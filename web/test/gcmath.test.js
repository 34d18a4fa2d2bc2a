import { test } from "node:test";
import assert from "node:assert/strict";
import { allRows, digitsAgree, sparseLabels, stepNotes, stepRows, sweepNote } from "../gcmath.js";

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

test("an exact zero is never called rounding error", () => {
  const zero = { backprop: 0, numerical: 0, lossPlus: 2.3, lossMinus: 2.3 };
  assert.deepEqual(stepNotes(zero).map((m) => m.key), ["gc.sign.zero", "gc.exactZero"]);
  // A real gradient whose difference rounding swallowed (h too small).
  assert.deepEqual(stepNotes({ backprop: 1e-3, numerical: 0, lossPlus: 2.3, lossMinus: 2.3 }).map((m) => m.key), ["gc.sign.pos", "gc.cancelled"]);
  // Nine digits alike: rounding.
  const r = stepNotes({ backprop: -2e-3, numerical: -2e-3, lossPlus: 2.300000001, lossMinus: 2.300000002, skipped: 3 });
  assert.deepEqual(r.map((m) => m.key), ["gc.sign.neg", "gc.rounding"]); // skipped: gczero.js
  assert.equal(r[1].args.digits, 9);
  // A clear difference says nothing of rounding.
  assert.deepEqual(stepNotes({ backprop: 0.01, numerical: 0.01, lossPlus: 2.31, lossMinus: 2.29 }).map((m) => m.key), ["gc.sign.pos"]);
});

test("sweepNote has nothing to plot for an exact zero", () => {
  assert.deepEqual(sweepNote([{ h: 0.1, absErr: 0 }, { h: 0.01, absErr: 0 }]), { plot: false, key: "gc.hzero", args: {} });
  assert.equal(sweepNote([{ h: 0.1, absErr: 1e-3 }, { h: 1e-5, absErr: 0 }]).key, "gc.hexact");
  assert.deepEqual(sweepNote([{ h: 0.1, absErr: 1e-3 }, { h: 1e-5, absErr: 2e-11 }]).args, { h: "1e-5", err: "2.0e-11" });
});

test("sparseLabels keeps a label every k so they never run together", () => {
  const labels = Array.from({ length: 13 }, (_, i) => `1e-${13 - i}`);
  assert.deepEqual(sparseLabels(labels, 600), labels);
  const phone = sparseLabels(labels, 280);
  assert.equal(phone[12], "1e-1");
  assert.ok(phone.filter(Boolean).length * 38 <= 280 + 38, phone.join(","));
  assert.ok(phone.filter(Boolean).length >= 5);
  // A log axis's minor ticks come unlabelled and do not count.
  const minor = labels.flatMap((l) => [l, "", ""]);
  assert.deepEqual(sparseLabels(minor, 600).filter(Boolean), labels);
});
