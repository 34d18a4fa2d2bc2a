// The gradient check's numbers as the panel shows them, no DOM: how many
// digits two losses share (when h is too small the difference is
// rounding), the table of one step and Check all beside the book. Tests
// in test/gcmath.test.js.
import { bestH } from "./series.js";

// digitsAgree is how many leading significant digits a and b share (17
// when equal).
export function digitsAgree(a, b) {
  if (a === b) return 17;
  const d = Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
  return Math.max(0, Math.floor(-Math.log10(d)));
}

// stepRows is one checked weight s as [label, value] rows (t words the
// labels).
export function stepRows(s, t) {
  const diff = s.lossPlus - s.lossMinus;
  return [
    [t("gc.parameter"), `${s.key}[${s.row}][${s.col}]`],
    ["w", s.value.toPrecision(10)],
    ["L(w + h)", s.lossPlus.toPrecision(17)],
    ["L(w − h)", s.lossMinus.toPrecision(17)],
    ["L(w + h) − L(w − h)", diff === 0 ? "0" : diff.toExponential(6)],
    [t("gc.numerical"), s.numerical.toPrecision(10)],
    [t("gc.backprop"), s.backprop.toPrecision(10)],
    [t("gc.abserr"), s.absErr.toExponential(3)],
    [t("gc.relerr"), s.relErr.toExponential(3)],
  ];
}

// allRows is Check all's result r as [parameter, ours, the book's] rows
// (the book's empty where it prints none).
export function allRows(r) {
  const book = Object.fromEntries(r.book.map((d) => [d.key, d.diff]));
  return r.diffs.map((d) => [d.key, d.diff.toExponential(3), book[d.key] !== undefined ? book[d.key].toExponential(3) : ""]);
}

// ROUNDING_DIGITS: when L(w + h) and L(w − h) share this many digits, the
// panel says their difference is mostly rounding (a float64 holds about
// 16).
export const ROUNDING_DIGITS = 8;

// stepNotes are what the panel says under one checked weight s, as
// messages ({key, args}; the parameters skipped to reach it are
// gczero.js's to say, with their reasons): what the sign of
// ∂L/∂w asks of SGD, and, when L(w + h) and L(w − h) agree, why: an exact
// zero (the weight never reaches the loss: both sides are the same number
// and both gradients exactly 0, no rounding in it), a difference that
// rounding swallowed whole (h too small), or most of one digits lost to
// rounding.
export function stepNotes(s) {
  const out = [];
  const g = s.backprop;
  if (g > 0) out.push({ key: "gc.sign.pos", args: { g: g.toPrecision(3) } });
  else if (g < 0) out.push({ key: "gc.sign.neg", args: { g: (-g).toPrecision(3) } });
  else out.push({ key: "gc.sign.zero", args: {} });
  if (s.lossPlus === s.lossMinus) {
    out.push(g === 0 && s.numerical === 0 ? { key: "gc.exactZero", args: {} } : { key: "gc.cancelled", args: {} });
    return out;
  }
  const agree = digitsAgree(s.lossPlus, s.lossMinus);
  if (agree >= ROUNDING_DIGITS) out.push({ key: "gc.rounding", args: { digits: agree, left: Math.max(0, 16 - agree) } });
  return out;
}

// sweepNote says what the error against h shows ({key, args}), and
// whether there is anything to plot: nothing when both methods give
// exactly the same at every h (a weight that never reaches the loss).
export function sweepNote(points) {
  if (points.every((p) => p.absErr === 0)) return { plot: false, key: "gc.hzero", args: {} };
  const best = bestH(points);
  if (best.absErr === 0) return { plot: true, key: "gc.hexact", args: { h: best.h.toExponential(0) } };
  return { plot: true, key: "gc.hbest", args: { h: best.h.toExponential(0), err: best.absErr.toExponential(1) } };
}

// sparseLabels keeps every k-th of an axis's tick labels (from the last;
// empty ones, a log axis's minor ticks, do not count), k as small as lets
// each label have labelPx of the plot's widthPx, and blanks the others:
// 13 powers of ten fit a laptop's plot, not a phone's.
export function sparseLabels(labels, widthPx, labelPx = 38) {
  const shown = labels.filter(Boolean).length;
  const k = Math.max(1, Math.ceil((shown * labelPx) / Math.max(1, widthPx)));
  const out = labels.slice();
  let j = 0;
  for (let i = labels.length - 1; i >= 0; i--) {
    if (!labels[i]) continue;
    if (j % k !== 0) out[i] = "";
    j++;
  }
  return out;
}
