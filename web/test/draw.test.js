// The drawing pad's pointers, without a browser: a fake canvas receives
// the events a pen, a resting palm and a second finger send.
import test from "node:test";
import assert from "node:assert/strict";
import { DrawPad } from "../draw.js";

globalThis.requestAnimationFrame = (f) => setTimeout(f, 0);

function fakeCanvas() {
  const handlers = {};
  const ctx = new Proxy({}, { get: () => () => {}, set: () => true });
  return {
    width: 280,
    height: 280,
    getContext: () => ctx,
    addEventListener: (type, f) => (handlers[type] = f),
    getBoundingClientRect: () => ({ left: 0, top: 0, width: 280, height: 280 }),
    fire(type, pointerId, x, y) {
      handlers[type]({ pointerId, clientX: x, clientY: y, preventDefault() {} });
    },
  };
}

// strokes reads paths() back as arrays of [x, y].
function strokes(pad) {
  const out = [];
  let cur = [];
  const xy = pad.paths();
  for (let i = 0; i < xy.length; i += 2) {
    if (Number.isNaN(xy[i])) {
      out.push(cur);
      cur = [];
    } else cur.push([xy[i], xy[i + 1]]);
  }
  return out;
}

test("a palm resting while a pen writes neither joins nor ends the pen's stroke", () => {
  const c = fakeCanvas();
  const pad = new DrawPad(c, () => {});
  c.fire("pointerdown", 1, 140, 40); // the pen
  c.fire("pointermove", 1, 140, 100);
  c.fire("pointerdown", 2, 250, 250); // the palm lands
  c.fire("pointermove", 2, 240, 260);
  c.fire("pointermove", 1, 140, 160);
  c.fire("pointerup", 2, 240, 260); // the palm lifts
  c.fire("pointermove", 1, 140, 240);
  c.fire("pointerup", 1, 140, 240);
  assert.deepEqual(strokes(pad), [[[140, 40], [140, 100], [140, 160], [140, 240]]]);
});

test("a second finger while one draws starts nothing; after both lift, a new stroke", () => {
  const c = fakeCanvas();
  const pad = new DrawPad(c, () => {});
  c.fire("pointerdown", 7, 10, 10);
  c.fire("pointerdown", 8, 200, 200);
  c.fire("pointermove", 8, 210, 210);
  c.fire("pointerup", 8, 210, 210);
  c.fire("pointermove", 7, 20, 20);
  c.fire("pointercancel", 7, 20, 20);
  c.fire("pointermove", 7, 30, 30); // after the stroke ended: nothing
  c.fire("pointerdown", 8, 100, 100);
  c.fire("pointerup", 8, 100, 100);
  assert.deepEqual(strokes(pad), [[[10, 10], [20, 20]], [[100, 100]]]);
});

test("clearing while a pointer is down does not break the next move", () => {
  const c = fakeCanvas();
  const pad = new DrawPad(c, () => {});
  c.fire("pointerdown", 1, 10, 10);
  pad.clear();
  c.fire("pointermove", 1, 20, 20);
  c.fire("pointerup", 1, 20, 20);
  c.fire("pointerdown", 1, 30, 30);
  c.fire("pointerup", 1, 30, 30);
  assert.deepEqual(strokes(pad), [[[30, 30]]]);
});
