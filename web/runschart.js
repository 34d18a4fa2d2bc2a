// The kept runs overlaid with uPlot (the runs panel's charts): losses and
// accuracies against iterations, so runs of different lengths and
// training sets line up.
import uPlot from "./vendor/uPlot.esm.js";
import { chartHeight, numbers, width } from "./charts.js";
import { nextFrame } from "./dom.js";
import { t } from "./i18n.js";
import { evalIterations, shortName } from "./series.js";

// RUN_COLORS tell kept runs apart (distinguishable in print and for most
// colour vision).
export const RUN_COLORS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#4b5563", "#db2777"];

// RunsChart overlays kept runs: the loss (every run's curve, thinned to at
// most 500 points) and the train and test accuracies (test solid, train
// dashed), both against iterations, so runs of different lengths and
// training sets line up; log spreads the first iterations out. The legend
// numbers the runs as the list above it does.
export class RunsChart {
  constructor(lossEl, accEl) {
    this.lossEl = lossEl;
    this.accEl = accEl;
    this.runs = [];
    this.log = false;
    addEventListener("resize", () => this.show(this.runs));
  }

  // setLog switches the iterations axis between linear and logarithmic.
  setLog(on) {
    this.log = on;
    this.show(this.runs);
  }

  // show draws runs ({name, color, no, iters, losses, epochs, evalIters,
  // train, test}): the loss chart, then the accuracies a frame later (each
  // takes the main thread some milliseconds). It resolves when both are
  // drawn, or when a later show has taken over.
  async show(runs) {
    const my = (this.shown = (this.shown || 0) + 1);
    this.runs = runs;
    if (this.loss) this.loss.destroy();
    if (this.acc) this.acc.destroy();
    this.loss = this.acc = null;
    if (runs.length === 0) return;
    const x = { time: false, distr: this.log ? 3 : 1 };
    this.accEl.dataset.x = this.lossEl.dataset.x = `${t("chart.iteration")}${this.log ? " (log)" : ""}`;
    const xAxis = { label: t("chart.iteration"), values: numbers };
    const loss = uPlot.join(runs.map((r) => [r.iters, r.losses]));
    this.loss = new uPlot(
      {
        width: width(this.lossEl),
        height: chartHeight(),
        scales: { x },
        axes: [xAxis, { label: t("chart.loss"), values: numbers }],
        series: [{ label: t("chart.iteration") }, ...runs.map((r) => ({ label: `${r.no} ${shortName(r.name, 16)}`, stroke: r.color, width: 1.5, spanGaps: true, points: { show: false } }))],
      },
      loss,
      this.lossEl,
    );
    await nextFrame();
    if (my !== this.shown) return;
    const acc = uPlot.join(runs.flatMap((r) => {
      const xs = evalIterations(r);
      return [[xs, r.test], [xs, r.train]];
    }));
    this.acc = new uPlot(
      {
        width: width(this.accEl),
        height: chartHeight(),
        scales: { x },
        axes: [xAxis, { label: t("chart.accuracy"), values: numbers }],
        series: [
          { label: t("chart.iteration") },
          ...runs.flatMap((r) => [
            { label: `${r.no} ${t("chart.test")}`, stroke: r.color, width: 2, spanGaps: true },
            { label: `${r.no} ${t("chart.train")}`, stroke: r.color, width: 1.5, dash: [5, 4], spanGaps: true },
          ]),
        ],
      },
      acc,
      this.accEl,
    );
  }
}
