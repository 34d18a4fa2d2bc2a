// The drawing canvas: pointer events for mouse, pen and finger (the page
// does not scroll while drawing: touch-action none in style.css). The pen's
// paths are kept as points (paths()): the Go module draws them again at
// MNIST's stroke width, whatever size the digit was drawn at. The canvas
// only shows them.
//
// A stroke belongs to the pointer that began it: while it draws, another
// pointer (a palm resting on a tablet while a pen writes, a second finger)
// neither joins the stroke nor ends it, and starts none of its own, as
// signature pads do.

export class DrawPad {
  // onChange is called (at most once per animation frame) while drawing
  // and when the pad is cleared.
  constructor(canvas, onChange) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.onChange = onChange;
    this.last = null;
    this.owner = null; // the pointerId of the stroke being drawn
    this.strokes = [];
    this.pending = false;
    this.ctx.lineCap = "round";
    this.ctx.lineJoin = "round";
    this.ctx.strokeStyle = "#000";
    this.ctx.lineWidth = canvas.width / 14;
    canvas.addEventListener("pointerdown", (e) => this.down(e));
    canvas.addEventListener("pointermove", (e) => this.move(e));
    canvas.addEventListener("pointerup", (e) => this.up(e));
    canvas.addEventListener("pointercancel", (e) => this.up(e));
  }

  point(e) {
    const r = this.canvas.getBoundingClientRect();
    return [((e.clientX - r.left) * this.canvas.width) / r.width, ((e.clientY - r.top) * this.canvas.height) / r.height];
  }

  down(e) {
    e.preventDefault();
    if (this.owner !== null) return; // another pointer is drawing
    this.owner = e.pointerId;
    this.canvas.setPointerCapture?.(e.pointerId);
    this.last = this.point(e);
    this.strokes.push([this.last]);
    this.segment(this.last, this.last);
  }

  move(e) {
    if (e.pointerId !== this.owner) return;
    e.preventDefault();
    const p = this.point(e);
    this.strokes[this.strokes.length - 1].push(p);
    this.segment(this.last, p);
    this.last = p;
  }

  up(e) {
    if (e.pointerId !== this.owner) return;
    this.owner = null;
    this.last = null;
    this.changed();
  }

  segment(a, b) {
    const c = this.ctx;
    c.beginPath();
    c.moveTo(a[0], a[1]);
    c.lineTo(b[0], b[1]);
    c.stroke();
    this.changed();
  }

  changed() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.onChange();
    });
  }

  // paths returns the strokes as x, y pairs, a NaN pair after each stroke.
  paths() {
    const xy = [];
    for (const s of this.strokes) {
      for (const [x, y] of s) xy.push(x, y);
      xy.push(NaN, NaN);
    }
    return new Float64Array(xy);
  }

  clear() {
    this.strokes = [];
    this.owner = this.last = null;
    this.ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.changed();
  }
}

// drawTiles draws n images of side×side bytes as a grid of cols columns
// on canvas, each pixel mapped through color(v) → [r, g, b]. The colours
// of the 256 values are computed once and pixels written as 32-bit words:
// W1's 39,200 pixels take about a millisecond, not twenty.
export function drawTiles(canvas, bytes, n, side, cols, color) {
  const rows = Math.ceil(n / cols);
  const gap = 2;
  const w = cols * (side + gap) - gap;
  const h = rows * (side + gap) - gap;
  // Setting a canvas's size reallocates it: only when it changes.
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext("2d");
  const img = ctx.createImageData(canvas.width, canvas.height);
  const px = new Uint32Array(img.data.buffer);
  px.fill(0xffffffff);
  const lut = palette(color);
  for (let t = 0; t < n; t++) {
    const ox = (t % cols) * (side + gap);
    const oy = Math.floor(t / cols) * (side + gap);
    const base = t * side * side;
    for (let y = 0; y < side; y++) {
      const row = (oy + y) * canvas.width + ox;
      for (let x = 0; x < side; x++) px[row + x] = lut[bytes[base + y * side + x]];
    }
  }
  ctx.putImageData(img, 0, 0);
}

// palette returns color's 256 values as opaque RGBA words in the
// platform's byte order.
const palettes = new Map();
function palette(color) {
  let lut = palettes.get(color);
  if (lut) return lut;
  const bytes = new Uint8ClampedArray(256 * 4);
  for (let v = 0; v < 256; v++) {
    const [r, g, b] = color(v);
    bytes.set([r, g, b, 255], 4 * v);
  }
  lut = new Uint32Array(bytes.buffer);
  palettes.set(color, lut);
  return lut;
}

export const gray = (v) => [v, v, v];
export const ink = (v) => [255 - v, 255 - v, 255 - v];
