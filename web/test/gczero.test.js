import { test } from "node:test";
import assert from "node:assert/strict";
import { skippedNote, zeroNote } from "../gczero.js";

const t = (key, args = {}) => `${key}(${Object.values(args).join()})`;
const list = (xs) => xs.join(" & ");

test("skippedNote counts the skipped parameters by the Go module's reason", () => {
  // A ReLU net: blank pixels and units inactive for all three images.
  const s = { skipped: 6351, skippedBy: { blankPixel: 6350, inactiveUnit: 1, other: 0 } };
  assert.deepEqual(skippedNote(s, t, list), { key: "gc.skippedBy", args: { n: 6351, why: "gc.why.blankPixel(6350) & gc.why.inactiveUnit(1)" } });
  assert.equal(skippedNote({ skipped: 0 }, t, list), null);
});

test("zeroNote says why a gradient is exactly 0", () => {
  assert.deepEqual(zeroNote({ backprop: 0, reason: "inactiveUnit" }), { key: "gc.zero.inactiveUnit", args: {} });
  assert.deepEqual(zeroNote({ backprop: 0, reason: "blankPixel" }), { key: "gc.zero.blankPixel", args: {} });
  assert.equal(zeroNote({ backprop: 0.1, reason: "" }), null);
  assert.equal(zeroNote({ backprop: 0 }), null);
});
