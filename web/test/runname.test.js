import { test } from "node:test";
import assert from "node:assert/strict";
import { describe, keptNames } from "../runname.js";

const words = {
  "setting.hidden.label": "Hidden units",
  "setting.activation.label": "Activation",
  "setting.learningRate.label": "Learning rate",
  "setting.shuffle.label": "Shuffled epochs",
  "option.activation.relu": "ReLU",
  "option.gradient.backprop": "backpropagation",
  "option.gradient.numerical": "numerical",
  "value.true": "on",
  "runs.book": "The book's run",
};
const t = (k) => words[k] ?? k;
const num = (x) => new Intl.NumberFormat("en").format(x);

const schema = {
  settings: [
    { name: "hidden", kind: "int" },
    { name: "activation", kind: "choice" },
    { name: "learningRate", kind: "float" },
    { name: "seed", kind: "int" },
    { name: "shuffle", kind: "bool" },
  ],
  book: { hidden: 50, activation: "sigmoid", learningRate: 0.1, seed: 1, shuffle: false },
};

test("describe names what differs from the book, in order", () => {
  assert.equal(describe(schema, { ...schema.book, hidden: 1000, activation: "relu", shuffle: true }, { t, num }), "Hidden units 1,000, Activation ReLU, Shuffled epochs on");
});

test("the book's run, whatever its seed, is the book's", () => {
  assert.equal(describe(schema, { ...schema.book, seed: 7 }, { t, num }), "The book's run");
});

test("keptNames names both sides of a comparison", () => {
  assert.deepEqual(keptNames("Hidden units 100", false, "backprop", { t }), ["Hidden units 100"]);
  assert.deepEqual(keptNames("The book's run", true, "backprop", { t }), ["The book's run · backpropagation", "The book's run · numerical"]);
  assert.deepEqual(keptNames("x", true, "numerical", { t }), ["x · numerical", "x · backpropagation"]);
});

test("a preset card's run is named by the card", () => {
  const w = { ...words, "preset.ch5": "Chapter 5" };
  assert.equal(describe(schema, { ...schema.book, activation: "relu", seed: 3 }, { t: (k) => w[k] ?? k, num }), "Chapter 5");
});
