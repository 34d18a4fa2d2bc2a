import { test } from "node:test";
import assert from "node:assert/strict";
import {
  changedNames, configFromURL, configToURL, fieldValue, mnistBase, pageAddress, presetPressed, tunableNames, withParam,
} from "../settings.js";

// A schema shaped as the Go module's, cut to a few settings.
const schema = {
  settings: [
    { name: "hidden", kind: "int", min: 1, max: 4096 },
    { name: "activation", kind: "choice", options: ["sigmoid", "relu"] },
    { name: "learningRate", kind: "float", min: 0, minOpen: true },
    { name: "iterations", kind: "int", min: 1 },
    { name: "trainSize", kind: "int", min: 0, max: 60000 },
    { name: "shuffle", kind: "bool" },
  ],
  book: { hidden: 50, activation: "sigmoid", learningRate: 0.1, iterations: 10000, trainSize: 0, shuffle: false },
};

test("configToURL keeps what differs from the book and drops what does not", () => {
  const q = configToURL(schema, { ...schema.book, hidden: 100, activation: "relu" }, new URLSearchParams("lang=ko&learningRate=0.5&model=ab"));
  assert.equal(q.toString(), "lang=ko&model=ab&hidden=100&activation=relu");
  assert.equal(configToURL(schema, schema.book).toString(), "");
  assert.equal(configToURL(schema, { ...schema.book, shuffle: true }).get("shuffle"), "true");
});

test("configFromURL gives numbers, booleans, and text for Go to refuse", () => {
  const c = configFromURL(schema, new URLSearchParams("learningRate=0.5&hidden=abc&iterations=&activation=relu&shuffle=true&lang=ja"));
  assert.deepEqual(c, { learningRate: 0.5, hidden: "abc", iterations: "", activation: "relu", shuffle: true });
  assert.deepEqual(configFromURL(schema, new URLSearchParams("shuffle=yes")), { shuffle: "yes" });
  assert.deepEqual(configFromURL(schema, new URLSearchParams("")), {});
});

test("a link made by configToURL reads back the same settings", () => {
  const c = { ...schema.book, hidden: 100, learningRate: 0.05, shuffle: true };
  assert.deepEqual({ ...schema.book, ...configFromURL(schema, configToURL(schema, c)) }, c);
});

test("fieldValue reads the form's text", () => {
  const [hidden, act, lr, , , shuffle] = schema.settings;
  assert.equal(fieldValue(hidden, "20"), 20);
  assert.equal(fieldValue(lr, " "), null);
  assert.equal(fieldValue(lr, "1e-3"), 0.001);
  assert.equal(fieldValue(lr, "x"), null);
  assert.equal(fieldValue(act, "relu"), "relu");
  assert.equal(fieldValue(shuffle, "true"), true);
  assert.equal(fieldValue(shuffle, "false"), false);
});

test("changedNames compares as text", () => {
  assert.deepEqual(changedNames({ hidden: 50, learningRate: 0.2, shuffle: false }, { hidden: 50, learningRate: 0.1, shuffle: false }), ["learningRate"]);
});

test("tunableNames takes the schema's word", () => {
  assert.deepEqual([...tunableNames(schema.settings)], []);
  const marked = schema.settings.map((s) => ({ ...s, tunable: s.name === "learningRate" }));
  assert.deepEqual([...tunableNames(marked)], ["learningRate"]);
  // Settings without the field are not tunable.
  const partly = [{ name: "learningRate", tunable: true }, { name: "hidden" }];
  assert.deepEqual([...tunableNames(partly)], ["learningRate"]);
});

test("presetPressed marks the card whose settings run", () => {
  assert.equal(presetPressed(schema, "ch4", schema.book, false), true);
  assert.equal(presetPressed(schema, "ch5", schema.book, false), false);
  assert.equal(presetPressed(schema, "ch5", { ...schema.book, activation: "relu" }, false), true);
  assert.equal(presetPressed(schema, "numerical", schema.book, true), true);
  assert.equal(presetPressed(schema, "numerical", schema.book, false), false);
});

test("withParam and pageAddress write the address bar", () => {
  const q = withParam(new URLSearchParams("a=1"), "model", "ff");
  assert.equal(q.toString(), "a=1&model=ff");
  assert.equal(withParam(q, "model", null).toString(), "a=1");
  assert.equal(pageAddress("/play/", q, "#x"), "/play/?a=1&model=ff#x");
  assert.equal(pageAddress("/", new URLSearchParams()), "/");
});

test("mnistBase stays on the page's own site", () => {
  const href = "http://127.0.0.1:8080/play/?x=1";
  assert.equal(mnistBase(new URLSearchParams(""), href), "mnist/");
  assert.equal(mnistBase(new URLSearchParams("mnist=missing/"), href), "/play/missing/");
  assert.equal(mnistBase(new URLSearchParams("mnist=/data"), href), "/data/");
  for (const bad of ["http://example.invalid/", "//example.invalid/", "data:text/plain,7/"]) {
    assert.throws(() => mnistBase(new URLSearchParams({ mnist: bad }), href), Error, bad);
  }
});
