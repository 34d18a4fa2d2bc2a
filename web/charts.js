// Live charts with uPlot: the loss at every iteration and the accuracies
// per epoch. Data arrive in slices; the charts redraw at most ten times a
// second, so 10,000 points stay smooth.
import uPlot from "./vendor/uPlot.esm.js";
import { t, num } from "./i18n.js";
import { sparseLabels } from "./gcmath.js";
import { accRange, hSeries } from "./series.js";

const REDRAW_MS = 100;

// narrow is a phone's width: the charts drop the x axis's name (the
// caption says it) and the legend's live values, so the plot itself
// keeps most of chartHeight, which leaves room for both charts on a
// phone's first screen.
const narrow = () => innerWidth < 600;
export const chartHeight = () => (narrow() ? 160 : 220);
const xLabel = (key) => (narrow() ? undefined : t(key));
// xSize is the x axis's room for its numbers (uPlot's default 50 and a
// label's 30 would leave a phone's plot some 80 px tall).
const xSize = () => (narrow() ? 28 : 50);
const legend = () => ({ live: !narrow() });

// numbers writes an axis's ticks in the page's language.
export const numbers = (u, splits) => splits.map((v) => (v == null ? "" : num(v)));

// width is the chart's share of its figure.
export function width(el) {
  return Math.max(200, (el.parentElement && el.parentElement.clientWidth) || 480);
}

// wholeNumbers are the x-axis steps of a chart of epochs: no fractions.
const wholeNumbers = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];

export class Charts {
  constructor(lossEl, accEl) {
    this.lossEl = lossEl;
    this.accEl = accEl;
    this.zoom = true; // the accuracy axis zooms to the data after the first epoch
    this.pending = false;
    this.clear({ activation: "sigmoid", iterations: 10000 }, 600);
    this.makeLoss();
    this.makeAcc(false);
    this.narrow = narrow();
    addEventListener("resize", () => {
      // Across a phone's width the charts are made again (their axes change).
      if (this.narrow !== narrow()) return this.relabel();
      this.loss.setSize({ width: width(lossEl), height: chartHeight() });
      this.acc.setSize({ width: width(accEl), height: chartHeight() });
    });
  }

  // makeLoss (re)creates the loss chart.
  makeLoss() {
    if (this.loss) this.loss.destroy();
    this.loss = new uPlot(
      {
        width: width(this.lossEl),
        height: chartHeight(),
        scales: {
          // Axes before the first point: the run's length and the loss of a guess.
          x: { time: false, range: (u, min, max) => (min == null ? [0, this.total] : [min, Math.max(max, min + 1)]) },
          // Headroom above the curve for the labels of changed settings.
          y: { range: (u, min, max) => (min == null ? [0, 2.5] : [Math.min(0, min), max * (this.tunes.length ? 1.35 : 1.05)]) },
        },
        axes: [{ label: xLabel("chart.iteration"), size: xSize(), values: numbers }, { label: t("chart.loss"), values: numbers }],
        legend: legend(),
        series: [
          { label: t("chart.iteration") },
          { label: t("chart.loss"), stroke: "#2563eb", width: 1, points: { show: false } },
          { label: t("chart.otherGradient"), stroke: "#ea580c", width: 2, dash: [5, 4], points: { show: false }, show: this.comparing },
        ],
        hooks: { draw: [(u) => this.drawTunes(u)] },
      },
      [this.iters, this.losses, this.twin],
      this.lossEl,
    );
  }

  // relabel draws both charts again in the page's language.
  relabel() {
    this.narrow = narrow();
    this.makeLoss();
    this.makeAcc(this.validation);
    this.accStale = true;
    this.draw();
  }

  // makeAcc (re)creates the accuracy chart, with a validation series only
  // when the run holds images out.
  makeAcc(validation) {
    if (this.acc) this.acc.destroy();
    this.validation = validation;
    const series = [
      { label: t("chart.epoch") },
      // Train under test, wider and lighter, so both show where they meet.
      { label: t("chart.trainAcc"), stroke: "#93c5fd", width: 4 },
      { label: t("chart.testAcc"), stroke: "#b91c1c", width: 1.5, points: { size: 5 } },
    ];
    if (validation) series.push({ label: t("chart.valAcc"), stroke: "#15803d", width: 1.5, dash: [3, 3] });
    this.acc = new uPlot(
      {
        width: width(this.accEl),
        height: chartHeight(),
        scales: {
          // The whole run's epochs, from the start (draw sets it again).
          x: { time: false, range: (u, min, max) => [0, Math.max(max ?? 0, this.epochsTotal, 1)] },
          y: { range: (u, min, max) => this.accRange(min, max) },
        },
        axes: [
          { label: xLabel("chart.epoch"), size: xSize(), incrs: wholeNumbers, values: numbers },
          { label: t("chart.accuracy"), values: numbers },
        ],
        legend: legend(),
        series,
        hooks: { draw: [(u) => this.drawBook(u)] },
      },
      validation ? [this.epochs, this.train, this.test, this.val] : [this.epochs, this.train, this.test],
      this.accEl,
    );
  }

  // accRange is the accuracy axis (series.js): 0 to 1, or zoomed to the
  // data after the first epoch (where the train–test gap shows), the
  // book's figures kept in view.
  accRange() {
    return accRange(this.zoom, this, this.ref);
  }

  // setZoom switches the accuracy axis between 0–1 and the data.
  setZoom(on) {
    this.zoom = on;
    this.accStale = true;
    this.schedule();
  }

  // clear empties the curves for a run with config's settings,
  // iterPerEpoch iterations an epoch and the book's final figures ref
  // ({train, test}, drawn dashed; null for a run the book did not make).
  clear(config, iterPerEpoch, ref = null) {
    this.ref = ref;
    this.accStale = true;
    this.total = config.iterations;
    this.epochsTotal = Math.max(1, Math.ceil(config.iterations / Math.max(1, iterPerEpoch)));
    this.tunes = [];
    this.tuneLabels = new Map();
    this.lossEl.dataset.tunes = "";
    this.comparing = false;
    this.iters = [];
    this.losses = [];
    this.twin = [];
    this.epochs = [];
    this.evalIters = [];
    this.train = [];
    this.test = [];
    this.val = [];
  }

  // reset clears the curves for a new run and redraws.
  reset(config, iterPerEpoch, ref) {
    this.clear(config, iterPerEpoch, ref);
    if ((config.validation > 0) !== this.validation) this.makeAcc(config.validation > 0);
    this.schedule();
  }

  // add appends a training slice's new losses (the first is iteration
  // firstLoss), epochs, and, when comparing gradient methods, the twin's
  // losses of the same iterations.
  add(firstLoss, losses, epochs, twin) {
    if (losses) {
      for (let i = 0; i < losses.length; i++) {
        this.iters.push(firstLoss + i);
        this.losses.push(losses[i]);
        this.twin.push(twin && twin.losses ? twin.losses[i] : null);
      }
      this.comparing = !!twin;
      if (this.loss.series[2].show !== this.comparing) this.loss.setSeries(2, { show: this.comparing });
    }
    for (const e of epochs || []) {
      this.accStale = true;
      this.epochs.push(e.epoch);
      this.evalIters.push(e.iteration);
      this.train.push(e.trainAcc);
      this.test.push(e.testAcc);
      this.val.push(e.valAcc === undefined ? null : e.valAcc);
    }
    this.schedule();
  }

  // setTunes marks the iterations after which the optimizer's settings
  // changed; labels words each change (iteration → "η 0.1 → 0.5").
  setTunes(iterations, labels = new Map()) {
    this.tunes = iterations || [];
    this.tuneLabels = labels;
    // The labels as the chart draws them, for tests and the curious.
    this.lossEl.dataset.tunes = this.tunes.map((it) => labels.get(it) || "").filter(Boolean).join(" | ");
    this.schedule();
  }

  // drawTunes draws a dashed vertical line at each change, labelled at the
  // top (labels that would meet step down a line).
  drawTunes(u) {
    const ctx = u.ctx;
    const dpr = devicePixelRatio || 1;
    ctx.save();
    ctx.strokeStyle = ctx.fillStyle = "#6d28d9";
    ctx.lineWidth = 1.5;
    ctx.font = `${11 * dpr}px system-ui, sans-serif`;
    // uPlot leaves its axes' alignment on the context.
    ctx.textAlign = "left";
    ctx.textBaseline = "alphabetic";
    let lastEnd = -Infinity;
    let row = 0;
    for (const it of this.tunes) {
      const x = Math.round(u.valToPos(it, "x", true));
      if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
      ctx.setLineDash([4, 4]);
      ctx.beginPath();
      ctx.moveTo(x, u.bbox.top);
      ctx.lineTo(x, u.bbox.top + u.bbox.height);
      ctx.stroke();
      // One line a change ("η 0.1 → 0.5"), right of the mark; near the
      // right edge as far right as it fits; below a neighbour's it would meet.
      const lines = (this.tuneLabels.get(it) || "").split(", ").filter(Boolean);
      if (lines.length === 0) continue;
      const right = u.bbox.left + u.bbox.width;
      const w = Math.min(Math.max(...lines.map((l) => ctx.measureText(l).width)), u.bbox.width - 4 * dpr);
      const left = Math.max(u.bbox.left + 2 * dpr, Math.min(x + 4 * dpr, right - w - 2 * dpr));
      row = left < lastEnd ? row : 0;
      lastEnd = left + w + 8 * dpr;
      for (const l of lines) {
        const y = u.bbox.top + (12 + 13 * row) * dpr;
        ctx.fillStyle = "rgba(255, 255, 255, 0.8)";
        ctx.fillRect(left - 2 * dpr, y - 10 * dpr, w + 4 * dpr, 13 * dpr);
        ctx.fillStyle = "#6d28d9";
        ctx.fillText(l, left, y, w);
        row++;
      }
    }
    ctx.restore();
  }

  // drawBook draws the book's final train and test accuracies as dashed
  // lines (the caption says which figures they are; words on the chart
  // would cover the curves).
  drawBook(u) {
    if (!this.ref) return;
    const ctx = u.ctx;
    const dpr = devicePixelRatio || 1;
    ctx.save();
    ctx.setLineDash([6, 4]);
    ctx.lineWidth = dpr;
    const right = u.bbox.left + u.bbox.width;
    [
      [this.ref.train, "#1d4ed8"],
      [this.ref.test, "#b91c1c"],
    ].forEach(([v, color]) => {
      const y = Math.round(u.valToPos(v, "y", true));
      if (y < u.bbox.top || y > u.bbox.top + u.bbox.height) return;
      ctx.strokeStyle = color;
      ctx.beginPath();
      ctx.moveTo(u.bbox.left, y);
      ctx.lineTo(right, y);
      ctx.stroke();
    });
    ctx.restore();
  }

  // schedule redraws at the next animation frame at least REDRAW_MS after
  // the last: ten redraws a second keep the curves live and leave the
  // main thread (and, without a GPU, the raster threads) mostly idle.
  schedule() {
    if (this.pending) return;
    this.pending = true;
    const wait = Math.max(0, REDRAW_MS - (performance.now() - (this.drawnAt || 0)));
    setTimeout(() => requestAnimationFrame(() => this.draw()), wait);
  }

  draw() {
    this.drawnAt = performance.now();
    this.pending = false;
    this.loss.setData([this.iters, this.losses, this.twin]);
    // The accuracies change a few times a run: their chart is drawn
    // again only then (a redraw costs the main thread and the compositor).
    if (!this.accStale) return;
    this.accStale = false;
    const data = [this.epochs, this.train, this.test];
    if (this.validation) data.push(this.val);
    this.acc.setData(data);
    // uPlot pads a single point's scale to 0–100: the run's epochs instead.
    this.acc.setScale("x", { min: 0, max: Math.max(this.epochs[this.epochs.length - 1] ?? 0, this.epochsTotal, 1) });
  }
}

// power says whether v is a power of ten (a log axis may tick 2e-5, 3e-5,
// …: only the powers are labelled).
const power = (v) => v != null && v > 0 && Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9;

// logLabels are a log axis's tick labels in px of plot: the powers of ten
// (every tick when the axis spans less than a decade), as many as fit.
function logLabels(splits, px, labelPx) {
  const any = splits.some(power);
  return sparseLabels(splits.map((v) => (v != null && (!any || power(v)) ? v.toExponential(0) : "")), px, labelPx);
}

// hChart plots a gradient check's error against h, both axes logarithmic,
// labelling only as many powers of ten as fit.
let hPlot = null;
export function hChart(el, points, h0) {
  if (hPlot) hPlot.destroy();
  el.replaceChildren();
  const [xs, ys] = hSeries(points);
  if (!hChart.listening) {
    hChart.listening = true;
    addEventListener("resize", () => hPlot && hPlot.setSize({ width: Math.min(560, width(el)), height: 200 }));
  }
  hPlot = new uPlot(
    {
      width: Math.min(560, width(el)),
      height: 200,
      scales: { x: { time: false, distr: 3 }, y: { distr: 3 } },
      // One label a decade runs together on a phone: every k-th is kept.
      axes: [{ label: "h", values: (u, s) => {
        const labels = logLabels(s, u.width - 70);
        el.dataset.ticks = labels.filter(Boolean).join(" ");
        return labels;
      } },
        { label: t("gc.abserr"), values: (u, s) => logLabels(s, u.height - 90, 16) }],
      series: [{ label: "h" }, { label: t("gc.abserr"), stroke: "#b91c1c", width: 2, points: { size: 6 } }],
      hooks: {
        draw: [
          (u) => {
            const x = Math.round(u.valToPos(h0, "x", true));
            const ctx = u.ctx;
            ctx.save();
            ctx.strokeStyle = "#2563eb";
            ctx.setLineDash([4, 4]);
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
            ctx.restore();
          },
        ],
      },
    },
    [xs, ys],
    el,
  );
  return hPlot;
}
