// The bug switches' numbers, no DOM: which parameters a check caught, and
// whether a short run's two loss curves parted. Tests in
// test/bugview.test.js.

// CAUGHT: an error above this is a bug's. The right backward pass agrees
// with the numerical gradient to about 1e-10 on the book's check net (the
// book prints 1.2e-10 at most, make gradcheck 1.2e-10); every bug puts at
// least 1e-4 on what it spoils (make gradcheck ARGS="-bug NAME", core's
// tests).
export const CAUGHT = 1e-6;

// caughtKeys are the parameters of diffs ({key: error}) above CAUGHT, in
// diffs' order.
export const caughtKeys = (diffs) => Object.keys(diffs).filter((k) => diffs[k] > CAUGHT);

// TAIL: how many of the last losses a run's end is averaged over (one
// mini-batch's loss is noisy).
export const TAIL = 10;
// APART: two runs whose ends differ by less than this share of the right
// one's look the same on a chart.
export const APART = 0.02;

// parted reports whether the run with the bug ended visibly apart from the
// right one: the mean of their last TAIL losses differ by APART or more.
export function parted(right, wrong) {
  const end = (xs) => xs.slice(-TAIL).reduce((s, v) => s + v, 0) / Math.min(TAIL, xs.length);
  const r = end(right);
  const w = end(wrong);
  return !(Math.abs(w - r) < APART * Math.abs(r));
}
