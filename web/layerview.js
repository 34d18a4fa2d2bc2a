// The network as the book's layers (5.5–5.7), no DOM: the order a reader
// steps through them, shapes as the book writes them (N×784), rows of a
// flat matrix, and signed values as colours (red above 0, blue below,
// white at 0) for heat strips and W1's tiles. Tests in
// test/layerview.test.js.

// shapeText writes a shape: [3, 784] → "3×784", [50] → "50", [] (a
// scalar) → "1".
export const shapeText = (shape) => (shape && shape.length ? shape.join("×") : "1");

// plan is the steps through n layers: each forward, first to last, then
// each backward, last to first.
export function plan(n) {
  const out = [];
  for (let k = 0; k < n; k++) out.push({ layer: k, dir: "forward" });
  for (let k = n - 1; k >= 0; k--) out.push({ layer: k, dir: "backward" });
  return out;
}

// rows cuts a flat row-major matrix of cols columns into its rows.
export function rows(flat, cols) {
  const out = [];
  for (let i = 0; i + cols <= flat.length; i += cols) out.push(flat.slice(i, i + cols));
  return out;
}

// maxAbs is the largest |v| (a tiny floor, so all-zero data stays white).
export function maxAbs(values) {
  let m = 1e-300;
  for (const v of values) if (Math.abs(v) > m) m = Math.abs(v);
  return m;
}

// signedByte maps v in [−max, max] to 0–255, 0 at 128.
export const signedByte = (v, max) => Math.max(0, Math.min(255, Math.round(128 + (127 * v) / max)));

// signedBytes maps values to signed bytes on one scale (default: their
// largest |v|).
export const signedBytes = (values, max = maxAbs(values)) => Uint8Array.from(values, (v) => signedByte(v, max));

// diverging is the colour of a signed byte b: white at 128, #b91c1c at
// 255, #1d4ed8 at 0 (the page's red and blue).
export function diverging(b) {
  const f = Math.abs(b - 128) / 127;
  const end = b >= 128 ? [185, 28, 28] : [29, 78, 216];
  return end.map((c) => Math.round(255 + (c - 255) * f));
}

// stripRGBA paints a matrix (rows × cols, row-major) one pixel per value
// for an ImageData, scaled to max (default: its largest |v|).
export function stripRGBA(values, max = maxAbs(values)) {
  const out = new Uint8ClampedArray(values.length * 4);
  values.forEach((v, i) => {
    out.set([...diverging(signedByte(v, max)), 255], 4 * i);
  });
  return out;
}

// unitTiles lays a matrix W (inputs × units, row-major: pixel p, unit j at
// p·units + j) out as one tile of inputs bytes per unit (tile j, pixel p
// at j·inputs + p), signed bytes scaled to max: ∂L/∂W1's 784×50 as fifty
// 28×28 pictures, for drawTiles.
export function unitTiles(W, inputs, units, max = maxAbs(W)) {
  const out = new Uint8Array(inputs * units);
  for (let p = 0; p < inputs; p++) {
    for (let j = 0; j < units; j++) out[j * inputs + p] = signedByte(W[p * units + j], max);
  }
  return out;
}

// imageBytes turns pixels in [0, 1] into bytes 0–255 (an MNIST image as
// the net sees it, for drawTiles).
export const imageBytes = (x) => Uint8Array.from(x, (v) => Math.round(255 * Math.max(0, Math.min(1, v))));

// sameShape names, for each gradient a backward step shows, the value
// whose shape it has (∂L/∂W has W's shape).
export const SAME_SHAPE = { dx: "x", dout: "out", dW: "W", db: "b" };

// symbol is how the book writes each part of a layer (X, Y, W, B and
// their gradients).
export const SYMBOL = { x: "X", out: "Y", W: "W", b: "B", t: "T", loss: "L", dx: "∂L/∂X", dout: "∂L/∂Y", dW: "∂L/∂W", db: "∂L/∂B" };

// shapeRows lists what a step shows of layer l's shapes: going forward
// its input, parameters and output (and the target and loss at the end);
// coming back each gradient with the part whose shape it has. Each row
// is [symbol, shape, same-shape symbol or ""].
export function shapeRows(l, dir) {
  const keys = dir === "forward" ? ["x", "W", "b", "t", "out", "loss"] : ["dout", "dx", "dW", "db"];
  return keys
    .filter((k) => l.shapes[k] !== undefined)
    .map((k) => [SYMBOL[k], shapeText(l.shapes[k]), dir === "forward" ? "" : SYMBOL[SAME_SHAPE[k]]]);
}

// parseImages reads "0, 1, 2" (commas or spaces) as image numbers; null
// if any is not a whole number ≥ 0 or there are none (the Go module
// checks the range and the count).
export function parseImages(text) {
  const parts = String(text).split(/[\s,、，]+/).filter((s) => s !== "");
  if (parts.length === 0 || parts.some((s) => !/^\d+$/.test(s))) return null;
  return parts.map(Number);
}
