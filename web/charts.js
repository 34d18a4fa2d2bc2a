// Live charts with uPlot: the loss at every iteration and the accuracies
// per epoch. Data arrive in slices; the charts redraw at most ten times a
// second, so 10,000 points stay smooth.
import uPlot from "./vendor/uPlot.esm.js";
import { t, num } from "./i18n.js";
import { accRange, hSeries } from "./series.js";

const REDRAW_MS = 100;

// chartHeight leaves room for both charts on a phone's first screen.
const chartHeight = () => (innerWidth < 600 ? 140 : 220);

// numbers writes an axis's ticks in the page's language.
const numbers = (u, splits) => splits.map((v) => (v == null ? "" : num(v)));

// width is the chart's share of its figure.
function width(el) {
  return Math.max(200, (el.parentElement && el.parentElement.clientWidth) || 480);
}

// wholeNumbers are the x-axis steps of a chart of epochs: no fractions.
const wholeNumbers = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];

export class Charts {
  // figures are the book's final accuracies by activation (the Go
  // module's schema), drawn dashed and labelled.
  constructor(lossEl, accEl, figures) {
    this.lossEl = lossEl;
    this.accEl = accEl;
    this.figures = figures;
    this.zoom = true; // the accuracy axis zooms to the data after the first epoch
    this.pending = false;
    this.clear({ activation: "sigmoid", iterations: 10000 }, 600);
    this.makeLoss();
    this.makeAcc(false);
    addEventListener("resize", () => {
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
          y: { range: (u, min, max) => (min == null ? [0, 2.5] : [Math.min(0, min), max * 1.05]) },
        },
        axes: [{ label: t("chart.iteration"), values: numbers }, { label: t("chart.loss"), values: numbers }],
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
    this.makeLoss();
    this.makeAcc(this.validation);
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
          x: { time: false, range: (u, min, max) => (min == null ? [0, this.epochsTotal] : [0, Math.max(max, 1)]) },
          y: { range: (u, min, max) => this.accRange(min, max) },
        },
        axes: [
          { label: t("chart.epoch"), incrs: wholeNumbers, values: numbers },
          { label: t("chart.accuracy"), values: numbers },
        ],
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
    this.schedule();
  }

  // clear empties the curves for a run with config's settings and
  // iterPerEpoch iterations an epoch.
  clear(config, iterPerEpoch) {
    this.ref = this.figures[config.activation] || this.figures.sigmoid;
    this.total = config.iterations;
    this.epochsTotal = Math.max(1, Math.ceil(config.iterations / Math.max(1, iterPerEpoch)));
    this.tunes = [];
    this.comparing = false;
    this.iters = [];
    this.losses = [];
    this.twin = [];
    this.epochs = [];
    this.train = [];
    this.test = [];
    this.val = [];
  }

  // reset clears the curves for a new run and redraws.
  reset(config, iterPerEpoch) {
    this.clear(config, iterPerEpoch);
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
    }
    this.comparing = !!twin;
    if (this.loss.series[2].show !== this.comparing) this.loss.setSeries(2, { show: this.comparing });
    for (const e of epochs || []) {
      this.epochs.push(e.epoch);
      this.train.push(e.trainAcc);
      this.test.push(e.testAcc);
      this.val.push(e.valAcc === undefined ? null : e.valAcc);
    }
    this.schedule();
  }

  // setTunes marks the iterations after which the optimizer's settings
  // changed.
  setTunes(iterations) {
    this.tunes = iterations || [];
    this.schedule();
  }

  // drawTunes draws a dashed vertical line at each change.
  drawTunes(u) {
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = "#7c3aed";
    ctx.setLineDash([4, 4]);
    ctx.lineWidth = 1.5;
    for (const it of this.tunes) {
      const x = Math.round(u.valToPos(it, "x", true));
      if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
      ctx.beginPath();
      ctx.moveTo(x, u.bbox.top);
      ctx.lineTo(x, u.bbox.top + u.bbox.height);
      ctx.stroke();
    }
    ctx.restore();
  }

  // drawBook draws the book's final train and test accuracies as dashed
  // lines, labelled (they lie close together: one label above, one below).
  drawBook(u) {
    const ctx = u.ctx;
    const dpr = devicePixelRatio || 1;
    ctx.save();
    ctx.setLineDash([6, 4]);
    ctx.lineWidth = dpr;
    ctx.font = `${11 * dpr}px system-ui, sans-serif`;
    ctx.textAlign = "right";
    const right = u.bbox.left + u.bbox.width;
    [
      [t("chart.book.train"), this.ref.train, "#1d4ed8", -6],
      [t("chart.book.test"), this.ref.test, "#b91c1c", 14],
    ].forEach(([label, v, color, dy]) => {
      const y = Math.round(u.valToPos(v, "y", true));
      if (y < u.bbox.top || y > u.bbox.top + u.bbox.height) return;
      ctx.strokeStyle = color;
      ctx.beginPath();
      ctx.moveTo(u.bbox.left, y);
      ctx.lineTo(right, y);
      ctx.stroke();
      ctx.fillStyle = color;
      ctx.fillText(`${label} ${num(v)}`, right - 4 * dpr, y + dy * dpr);
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
    const data = [this.epochs, this.train, this.test];
    if (this.validation) data.push(this.val);
    this.acc.setData(data);
  }
}

// RUN_COLORS tell kept runs apart (distinguishable in print and for most
// colour vision).
export const RUN_COLORS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#4b5563", "#db2777"];

// RunsChart overlays kept runs: the loss (every run's curve, thinned to at
// most 500 points) and the train and test accuracies per epoch (test
// solid, train dashed), each run named in the legend with its settings.
export class RunsChart {
  constructor(lossEl, accEl) {
    this.lossEl = lossEl;
    this.accEl = accEl;
    this.runs = [];
    addEventListener("resize", () => this.show(this.runs));
  }

  // show draws runs ({name, color, iters, losses, epochs, train, test}).
  show(runs) {
    this.runs = runs;
    if (this.loss) this.loss.destroy();
    if (this.acc) this.acc.destroy();
    this.loss = this.acc = null;
    if (runs.length === 0) return;
    const loss = uPlot.join(runs.map((r) => [r.iters, r.losses]));
    this.loss = new uPlot(
      {
        width: width(this.lossEl),
        height: chartHeight(),
        scales: { x: { time: false } },
        axes: [{ label: t("chart.iteration"), values: numbers }, { label: t("chart.loss"), values: numbers }],
        series: [{ label: t("chart.iteration") }, ...runs.map((r) => ({ label: r.name, stroke: r.color, width: 1.5, spanGaps: true, points: { show: false } }))],
      },
      loss,
      this.lossEl,
    );
    const acc = uPlot.join(runs.flatMap((r) => [[r.epochs, r.test], [r.epochs, r.train]]));
    this.acc = new uPlot(
      {
        width: width(this.accEl),
        height: chartHeight(),
        scales: { x: { time: false } },
        axes: [{ label: t("chart.epoch"), values: numbers }, { label: t("chart.accuracy"), values: numbers }],
        series: [
          { label: t("chart.epoch") },
          ...runs.flatMap((r) => [
            { label: `${r.name} · ${t("chart.test")}`, stroke: r.color, width: 2, spanGaps: true },
            { label: `${r.name} · ${t("chart.train")}`, stroke: r.color, width: 1.5, dash: [5, 4], spanGaps: true },
          ]),
        ],
      },
      acc,
      this.accEl,
    );
  }
}

// hChart plots a gradient check's error against h, both axes logarithmic.
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
      axes: [{ label: "h", values: (u, s) => s.map((v) => (v == null ? "" : v.toExponential(0))) },
        { label: t("gc.abserr"), values: (u, s) => s.map((v) => (v == null ? "" : v.toExponential(0))) }],
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
