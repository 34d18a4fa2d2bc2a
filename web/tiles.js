// Pictures as bytes, no DOM: the gradient check's heat map of W1, the
// hidden layer's activations, the units that pushed an answer most, and
// which weight a click on a map of W1 names. drawTiles (draw.js) draws
// them. Tests in test/tiles.test.js.

// TILE is a W1 tile's side in pixels (an MNIST image) and GAP the space
// drawTiles leaves between tiles; W1 maps are MAP_COLS tiles wide.
export const TILE = 28;
export const GAP = 2;
export const MAP_COLS = 10;

// heatTiles turns W1's differences (784×hidden, row-major: pixel p, unit
// j at p·hidden + j) into one 28×28 tile per unit: log10 of the
// difference, 1e-16 (or 0) at 0, 1e-8 and above at 255.
export function heatTiles(w1diff, hidden) {
  const tiles = new Uint8Array(hidden * 784);
  for (let p = 0; p < 784; p++) {
    for (let j = 0; j < hidden; j++) {
      const d = w1diff[p * hidden + j];
      const l = d > 0 ? Math.log10(d) : -16;
      tiles[j * 784 + p] = Math.max(0, Math.min(255, Math.round(((l + 16) / 8) * 255)));
    }
  }
  return tiles;
}

// activationBytes scales the hidden layer's activations to 0–255, the
// largest at 255 (negatives at 0).
export function activationBytes(hidden) {
  const top = Math.max(...hidden, 1e-9);
  const acts = new Uint8Array(hidden.length);
  hidden.forEach((v, j) => (acts[j] = Math.round((255 * Math.max(0, v)) / top)));
  return acts;
}

// topPushes are the n units that pushed the answer most: [push, unit],
// largest push first.
export function topPushes(push, n = 6) {
  return push.map((p, j) => [p, j]).sort((a, b) => b[0] - a[0]).slice(0, n);
}

// weightAt is the W1 weight under canvas pixel (x, y) of a map of W1
// (drawTiles of `hidden` tiles, MAP_COLS a row): {row: the pixel, col:
// the unit}, or null between tiles or past the last.
export function weightAt(x, y, hidden) {
  const step = TILE + GAP;
  const tx = Math.floor(x / step), ty = Math.floor(y / step), px = x % step, py = y % step;
  const j = ty * MAP_COLS + tx;
  if (px >= TILE || py >= TILE || j >= hidden) return null;
  return { row: py * TILE + px, col: j };
}
