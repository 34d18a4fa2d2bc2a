// The gradient check's numbers as the panel shows them, no DOM: how many
// digits two losses share (when h is too small the difference is
// rounding), the table of one step and Check all beside the book. Tests
// in test/gcmath.test.js.

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
