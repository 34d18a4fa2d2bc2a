import { test } from "node:test";
import assert from "node:assert/strict";
import { boardFilters, rank, summaryArgs } from "../boardview.js";

const settings = [
  { name: "hidden", kind: "int", min: 1, max: 4096 },
  { name: "activation", kind: "choice", options: ["sigmoid", "relu"] },
  { name: "optimizer", kind: "choice", options: ["sgd", "momentum", "adagrad", "adam"] },
  { name: "learningRate", kind: "float" },
  { name: "trainSize", kind: "int", min: 0, max: 60000 },
];

test("the board's filters come from the schema, in the board's order", () => {
  assert.deepEqual(boardFilters(settings), [
    { name: "activation", options: ["sigmoid", "relu"] },
    { name: "optimizer", options: ["sgd", "momentum", "adagrad", "adam"] },
    { name: "hidden", min: 1, max: 4096 },
    { name: "trainSize", min: 1, max: 60000 },
  ]);
});

test("a setting with no upper bound gets no max", () => {
  const open = settings.map((s) => (s.name === "hidden" ? { name: "hidden", kind: "int", min: 1 } : s));
  assert.deepEqual(boardFilters(open)[2], { name: "hidden", min: 1 });
});

test("rank counts on across pages of 20", () => {
  assert.equal(rank(1, 0), 1);
  assert.equal(rank(2, 0), 21);
  assert.equal(rank(3, 4), 45);
});

test("summaryArgs words the choices as terms", () => {
  assert.deepEqual(summaryArgs({ activation: "relu", hidden: 50, optimizer: "adam", trainSize: 0, iterations: 400, name: "x" }), {
    activation: { t: "option.activation.relu" }, hidden: 50, optimizer: { t: "option.optimizer.adam" }, trainSize: 0, iterations: 400,
  });
});
