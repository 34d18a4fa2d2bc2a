import { test } from "node:test";
import assert from "node:assert/strict";
import { at, inputs, layout, steps } from "../graphlayout.js";

// What the Go module's graph("fruit") answers (core.ShoppingGraph), the
// book's apples and oranges.
const fruit = {
  name: "fruit",
  nodes: [
    { op: "mul", in: ["apple", "apple_num"], out: "apple_price", inValues: [100, 2], outValue: 200, dout: 1.1, din: [2.2, 110.00000000000001], backwardOrder: 3 },
    { op: "mul", in: ["orange", "orange_num"], out: "orange_price", inValues: [150, 3], outValue: 450, dout: 1.1, din: [3.3000000000000003, 165], backwardOrder: 2 },
    { op: "add", in: ["apple_price", "orange_price"], out: "all_price", inValues: [200, 450], outValue: 650, dout: 1.1, din: [1.1, 1.1], backwardOrder: 1 },
    { op: "mul", in: ["all_price", "tax"], out: "price", inValues: [650, 1.1], outValue: 715.0000000000001, dout: 1, din: [1.1, 650], backwardOrder: 0 },
  ],
  forward: { all_price: 650, apple: 100, apple_num: 2, apple_price: 200, orange: 150, orange_num: 3, orange_price: 450, price: 715.0000000000001, tax: 1.1 },
  backward: { dall_price: 1.1, dapple: 2.2, dapple_num: 110.00000000000001, dapple_price: 1.1, dorange: 3.3000000000000003, dorange_num: 165, dorange_price: 1.1, dprice: 1, dtax: 650 },
};

test("layout puts each node one column past its feeders, the tax from below", () => {
  const lay = layout(fruit);
  const xs = lay.nodes.map((n) => n.x);
  assert.ok(xs[0] === xs[1] && xs[1] < xs[2] && xs[2] < xs[3]);
  assert.equal(lay.nodes[2].y, (lay.nodes[0].y + lay.nodes[1].y) / 2); // the addition between its feeders
  assert.equal(lay.nodes[3].y, lay.nodes[2].y);
  assert.deepEqual(lay.edges.map((e) => e.name), ["apple", "apple_num", "orange", "orange_num", "apple_price", "orange_price", "all_price", "tax", "price"]);
  const tax = lay.edges.find((e) => e.name === "tax");
  assert.ok(tax.from[1] > lay.nodes[3].y, "the tax comes in from below");
  assert.equal(tax.valueAnchor, "end"); // its value on the left, its derivative on the right
  const price = lay.edges.at(-1);
  assert.equal(price.consumer, -1);
  assert.ok(price.valueAt[1] < price.to[1] && price.gradAt[1] > price.to[1], "value above the arrow, derivative below");
  assert.ok(lay.width > price.to[0] && lay.height > tax.from[1]);
  // The names' room: the first input's arrow starts right of it.
  assert.equal(lay.edges[0].from[0], 100);
  const narrow = layout(fruit, { left: 40, right: 10 });
  assert.equal(narrow.edges[0].from[0], 40);
  assert.equal(narrow.width, Math.ceil(price.to[0] - 60 + 10));
  // Edges stop at a node's rim.
  const ap = lay.edges.find((e) => e.name === "apple_price");
  assert.ok(Math.abs(Math.hypot(ap.from[0] - lay.nodes[0].x, ap.from[1] - lay.nodes[0].y) - 20) < 1e-9);
});

test("at steps forward node by node, then backward right to left", () => {
  const lay = layout(fruit);
  const shown = (pos) => Object.fromEntries(at(fruit, lay, pos).edges.map((e) => [e.name, [e.value, e.grad]]));
  assert.equal(steps(fruit), 8);
  let s = shown(0);
  assert.deepEqual(s.apple, [100, null]);
  assert.deepEqual(s.apple_price, [null, null]);
  assert.equal(at(fruit, lay, 0).current, null);
  s = shown(3); // apples, oranges, the addition
  assert.deepEqual([s.all_price[0], s.price[0]], [650, null]);
  assert.deepEqual(at(fruit, lay, 3).current, { node: 2, dir: "forward" });
  s = shown(4);
  assert.equal(s.price[0], 715.0000000000001);
  assert.ok(at(fruit, lay, 4).forwardDone && !at(fruit, lay, 4).backwardDone);
  s = shown(5); // the tax node backward: 1 arrives, the swap gives 1.1 and 650
  assert.deepEqual([s.price[1], s.all_price[1], s.tax[1], s.apple_price[1]], [1, 1.1, 650, null]);
  assert.deepEqual(at(fruit, lay, 5).current, { node: 3, dir: "backward" });
  s = shown(6); // the addition passes 1.1 on to both
  assert.deepEqual([s.apple_price[1], s.orange_price[1], s.orange[1]], [1.1, 1.1, null]);
  s = shown(7); // the oranges
  assert.deepEqual([s.orange[1], s.orange_num[1], s.apple[1]], [3.3000000000000003, 165, null]);
  s = shown(8);
  assert.deepEqual([s.apple[1], s.apple_num[1]], [2.2, 110.00000000000001]);
  assert.ok(at(fruit, lay, 99).backwardDone);
});

test("inputs are the book's variables, in its order", () => {
  assert.deepEqual(inputs(fruit), ["apple", "apple_num", "orange", "orange_num", "tax"]);
});
