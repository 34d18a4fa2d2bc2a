// Chart data, shaped without the DOM or uPlot: the accuracy axis's range,
// the gradient check's error against h, the four steps' counts. Tests in
// test/series.test.js.

// accRange is the accuracy axis: 0 to 1, or, when zoom is on and there
// is data after the first epoch, that data with the book's figures ref
// ({train, test}, or null when the run is not the book's) kept in view
// and a little room, on hundredths.
export function accRange(zoom, { train, test, val }, ref) {
  const later = [...train.slice(1), ...test.slice(1), ...val.slice(1).filter((v) => v != null)];
  if (!zoom || later.length === 0) return [0, 1];
  const keep = ref ? [ref.train, ref.test] : [];
  const lo = Math.min(...later, ...keep);
  const hi = Math.max(...later, ...keep);
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

// epochCount is the four steps' ④: iterations an epoch (as core counts
// them: whole mini-batches in the training set), the run's length in
// epochs and the whole epochs trained after iteration i, the count the
// status line shows (core's epochsDone).
export function epochCount(trainSize, batchSize, iterations, i) {
  const ipe = Math.max(1, Math.floor(trainSize / batchSize));
  return { ipe, epochs: iterations / ipe, e: Math.floor(i / ipe) };
}

// evalIterations are the iterations after which kept run r's accuracies
// were measured: as recorded, or, for a run kept before they were, from
// its epochs (the book measures after iterations 1, 1 + E, 1 + 2E, … with
// E iterations an epoch).
export function evalIterations(r) {
  if (r.evalIters && r.evalIters.length === r.epochs.length) return r.evalIters.slice();
  const c = r.config || {};
  const train = (c.trainSize || 60000) * (1 - (c.validation || 0));
  const ipe = Math.max(1, Math.floor(train / (c.batchSize || 100)));
  return r.epochs.map((e) => e * ipe + 1);
}

// shortName cuts a run's name to max characters, with an ellipsis.
export function shortName(name, max = 24) {
  const a = Array.from(name);
  return a.length <= max ? name : a.slice(0, max - 1).join("") + "…";
}
