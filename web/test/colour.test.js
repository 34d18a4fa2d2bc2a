import { test } from "node:test";
import assert from "node:assert/strict";
import { AA, WHITE, DIAGONAL, OFF, blend, confusionCell, contrast, luminance, parseRGB, textOn } from "../colour.js";

const hex = (s) => parseRGB(s);

test("luminance and contrast are WCAG's", () => {
  assert.equal(luminance([0, 0, 0]), 0);
  assert.equal(luminance(WHITE), 1);
  assert.equal(contrast([0, 0, 0], WHITE), 21);
  assert.equal(contrast(WHITE, WHITE), 1);
  // #777 on white is the classic 4.48:1.
  assert.equal(contrast(hex("#777"), WHITE).toFixed(2), "4.48");
});

test("parseRGB reads computed styles and hex", () => {
  assert.deepEqual(parseRGB("rgb(255, 255, 255)"), [255, 255, 255]);
  assert.deepEqual(parseRGB("rgba(185, 28, 28, 0.5)"), [185, 28, 28]);
  assert.deepEqual(parseRGB("#c95050"), [201, 80, 80]);
  assert.deepEqual(parseRGB("#fff"), [255, 255, 255]);
  assert.equal(parseRGB("rgba(0, 0, 0, 0)"), null);
  assert.equal(parseRGB("transparent"), null);
});

test("blend is the colour a translucent one shows over another", () => {
  assert.deepEqual(blend([0, 0, 0], 0.5, WHITE), [127.5, 127.5, 127.5]);
  assert.deepEqual(blend(OFF, 0, WHITE), WHITE);
  assert.deepEqual(blend(OFF, 1, WHITE), OFF);
  // Over a grey card the same red shows darker than over white.
  const grey = [246, 247, 249];
  assert.ok(luminance(blend(OFF, 0.4, grey)) < luminance(blend(OFF, 0.4, WHITE)));
});

test("the cell axe-core refused now reaches 4.5:1", () => {
  // A count near the middle of the red scale: rgba(185, 28, 28, 0.77)
  // over the white card shows as #c95050, where #111 gives 4.26:1 and
  // white 4.43:1.
  const bg = blend(OFF, 0.77, WHITE);
  assert.deepEqual(bg.map(Math.round), [201, 80, 80]);
  assert.ok(contrast(bg, hex("#111")) < AA);
  assert.ok(contrast(bg, WHITE) < AA);
  const fg = textOn(bg);
  assert.equal(fg, "#000");
  assert.ok(contrast(bg, hex(fg)) >= AA);
});

test("every confusion cell's text reaches 4.5:1 over white and over the page's grey", () => {
  for (const under of [WHITE, [246, 247, 249]]) {
    for (const diagonal of [true, false]) {
      for (let v = 0; v <= 1000; v++) {
        const c = confusionCell(v, 1000, diagonal, under);
        const bg = blend(diagonal ? DIAGONAL : OFF, c.alpha, under);
        const ratio = contrast(bg.map(Math.round), hex(c.color));
        assert.ok(ratio >= AA, `count ${v}/1000 ${diagonal ? "right" : "wrong"}: ${c.color} on ${bg.map(Math.round)} is ${ratio.toFixed(2)}:1`);
      }
    }
  }
});

test("textOn keeps the page's ink on light cells and white on dark ones", () => {
  assert.equal(textOn(WHITE), "#111");
  assert.equal(textOn(blend(DIAGONAL, 0.88, WHITE)), "#fff");
  assert.equal(textOn(OFF), "#fff");
});

test("confusionCell shades by count and leaves empty cells clear", () => {
  assert.deepEqual(confusionCell(0, 50, false), { background: "rgba(185,28,28, 0)", color: "#111", alpha: 0 });
  const full = confusionCell(50, 50, true);
  assert.equal(full.background, "rgba(29,78,216, 0.88)");
  assert.equal(full.color, "#fff");
});
