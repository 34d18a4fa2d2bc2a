import { test } from "node:test";
import assert from "node:assert/strict";
import { diverging, imageBytes, maxAbs, parseImages, plan, rows, shapeRows, shapeText, signedByte, signedBytes, stripRGBA, unitTiles } from "../layerview.js";

test("shapeText writes shapes as the book does", () => {
  assert.equal(shapeText([3, 784]), "3×784");
  assert.equal(shapeText([50]), "50");
  assert.equal(shapeText([]), "1");
});

test("plan goes forward through the layers, then back", () => {
  assert.deepEqual(plan(3).map((s) => `${s.dir[0]}${s.layer}`), ["f0", "f1", "f2", "b2", "b1", "b0"]);
});

test("rows cuts a flat matrix", () => {
  assert.deepEqual(rows([1, 2, 3, 4, 5, 6], 3), [[1, 2, 3], [4, 5, 6]]);
});

test("signed values: white at 0, red above, blue below", () => {
  assert.equal(maxAbs([0.5, -2, 1]), 2);
  assert.ok(maxAbs([0, 0]) > 0);
  assert.equal(signedByte(0, 1), 128);
  assert.equal(signedByte(1, 1), 255);
  assert.equal(signedByte(-1, 1), 1);
  assert.equal(signedByte(-5, 1), 0);
  assert.deepEqual(diverging(128), [255, 255, 255]);
  assert.deepEqual(diverging(255), [185, 28, 28]);
  assert.deepEqual(diverging(1), [29, 78, 216]);
  assert.deepEqual([...signedBytes([0, -2, 2])], [128, 1, 255]);
  assert.deepEqual([...stripRGBA([0, -2, 2])], [255, 255, 255, 255, 29, 78, 216, 255, 185, 28, 28, 255]);
});

test("unitTiles makes one tile per unit of W (inputs × units)", () => {
  // W 3×2: pixel p, unit j at p·2 + j.
  const W = [1, -1, 0, 0, 0.5, 1];
  assert.deepEqual([...unitTiles(W, 3, 2)], [255, 128, 192, 1, 128, 255]);
});

test("imageBytes scales pixels in [0, 1]", () => {
  assert.deepEqual([...imageBytes([0, 0.5, 1, 2])], [0, 128, 255, 255]);
});

test("shapeRows: forward the parts, backward each gradient with its twin", () => {
  const affine = { shapes: { x: [3, 784], out: [3, 50], W: [784, 50], b: [50], dout: [3, 50], dx: [3, 784], dW: [784, 50], db: [50] } };
  assert.deepEqual(shapeRows(affine, "forward"), [["X", "3×784", ""], ["W", "784×50", ""], ["B", "50", ""], ["Y", "3×50", ""]]);
  assert.deepEqual(shapeRows(affine, "backward"), [
    ["∂L/∂Y", "3×50", "Y"], ["∂L/∂X", "3×784", "X"], ["∂L/∂W", "784×50", "W"], ["∂L/∂B", "50", "B"],
  ]);
  const loss = { shapes: { x: [3, 10], out: [3, 10], t: [3, 10], loss: [], dx: [3, 10] } };
  assert.deepEqual(shapeRows(loss, "forward").map((r) => r[0]), ["X", "T", "Y", "L"]);
});

test("parseImages reads numbers separated by commas or spaces", () => {
  assert.deepEqual(parseImages("0, 1, 2"), [0, 1, 2]);
  assert.deepEqual(parseImages(" 7 12、3 "), [7, 12, 3]);
  assert.equal(parseImages(""), null);
  assert.equal(parseImages("1, -2"), null);
  assert.equal(parseImages("1.5"), null);
});
