// Chart data, shaped without the DOM or uPlot: the accuracy axis's range,
// the gradient check's error against h, the four steps' counts. Tests in
// test/series.test.js.

// accRange is the accuracy axis: 0 to 1, or, when zoom is on and there
// is data after the first epoch, that data with the book's figures ref
// ({train, test}) kept in view and a little room, on hundredths.
export function accRange(zoom, { train, test, val }, ref) {
  const later = [...train.slice(1), ...test.slice(1), ...val.slice(1).filter((v) => v != null)];
  if (!zoom || later.length === 0) return [0, 1];
  const lo = Math.min(...later, ref.train, ref.test);
  const hi = Math.max(...later, ref.train, ref.test);
  const pad = Math.max(0.005, (hi - lo) * 0.1);
  return [Math.max(0, Math.floor((lo - pad) * 100) / 100), Math.min(1, Math.ceil((hi + pad) * 100) / 100)];
}

// FLOOR stands for an error of 0 on a log axis.
export const FLOOR = 1e-18;

// hSeries turns a sweep ([{h, absErr}], largest h first) into the h
// chart's [xs, ys], h rising.
export function hSeries(points) {
  const xs = points.map((p) => p.h).reverse();
  const ys = points.map((p) => Math.max(p.absErr, FLOOR)).reverse();
  return [xs, ys];
}

// bestH is the sweep's point with the smallest error (the first of equals).
export function bestH(points) {
  return points.reduce((a, b) => (b.absErr < a.absErr ? b : a));
}

// stepSize is the length of a whole update from its parts' lengths, to
// three significant digits.
export function stepSize(stepNorms) {
  return Number(Math.sqrt(stepNorms.reduce((a, b) => a + b * b, 0)).toPrecision(3));
}

// epochCount is the four steps' ④: iterations an epoch, the run's length
// in epochs and the epoch iteration i (1, 2, …) falls in.
export function epochCount(trainSize, batchSize, iterations, i) {
  const ipe = Math.max(1, Math.ceil(trainSize / batchSize));
  return { ipe, epochs: iterations / ipe, e: Math.floor((i - 1) / ipe) };
}
