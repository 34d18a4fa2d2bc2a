// Live charts with uPlot: the loss at every iteration and the accuracies
// per epoch. Data arrive in slices; redrawing happens at most once per
// animation frame, so 10,000 points stay smooth.
import uPlot from "./vendor/uPlot.esm.js";

const REDRAW_MS = 100;


// width is the chart's share of its figure.
function width(el) {
  return Math.max(260, (el.parentElement && el.parentElement.clientWidth) || 480);
}

export class Charts {
  // figures are the book's final accuracies by activation (the Go
  // module's schema), drawn dashed.
  constructor(lossEl, accEl, figures) {
    this.figures = figures;
    this.clear("sigmoid");
    this.pending = false;
    this.loss = new uPlot(
      {
        width: width(lossEl),
        height: 220,
        scales: { x: { time: false } },
        axes: [{ label: "iteration" }, { label: "loss" }],
        series: [
          { label: "iteration" },
          { label: "loss", stroke: "#2563eb", width: 1, points: { show: false } },
          { label: "the other gradient", stroke: "#ea580c", width: 2, dash: [5, 4], points: { show: false }, show: false },
        ],
        legend: { show: true },
        hooks: { draw: [(u) => this.drawTunes(u)] },
      },
      [[], [], []],
      lossEl,
    );
    this.acc = new uPlot(
      {
        width: width(accEl),
        height: 220,
        scales: { x: { time: false }, y: { range: [0, 1] } },
        axes: [{ label: "epoch" }, { label: "accuracy" }],
        series: [
          { label: "epoch" },
          { label: "train acc", stroke: "#2563eb", width: 2 },
          { label: "test acc", stroke: "#dc2626", width: 2 },
          { label: "validation acc", stroke: "#16a34a", width: 2 },
          { label: "book train", stroke: "#2563eb", dash: [6, 4], width: 1, points: { show: false } },
          { label: "book test", stroke: "#dc2626", dash: [6, 4], width: 1, points: { show: false } },
        ],
      },
      [[], [], [], [], [], []],
      accEl,
    );
    addEventListener("resize", () => {
      this.loss.setSize({ width: width(lossEl), height: 220 });
      this.acc.setSize({ width: width(accEl), height: 220 });
    });
  }

  // clear empties the curves; activation picks the book's reference lines.
  clear(activation) {
    this.ref = this.figures[activation] || this.figures.sigmoid;
    this.tunes = [];
    this.iters = [];
    this.losses = [];
    this.twin = [];
    this.epochs = [];
    this.train = [];
    this.test = [];
    this.val = [];
  }

  // reset clears the curves and redraws.
  reset(activation) {
    this.clear(activation);
    this.schedule();
  }

  // add appends a training slice's new losses (the first is iteration
  // firstLoss), epochs, and, when comparing gradient methods, the twin's
  // losses of the same iterations (labelled with its method).
  add(firstLoss, losses, epochs, twin) {
    if (losses) {
      for (let i = 0; i < losses.length; i++) {
        this.iters.push(firstLoss + i);
        this.losses.push(losses[i]);
        this.twin.push(twin && twin.losses ? twin.losses[i] : null);
      }
    }
    const comparing = !!twin;
    if (this.loss.series[2].show !== comparing) this.loss.setSeries(2, { show: comparing });
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
    const n = this.epochs.length;
    this.acc.setData([
      this.epochs,
      this.train,
      this.test,
      this.val,
      new Array(n).fill(this.ref.train),
      new Array(n).fill(this.ref.test),
    ]);
  }
}
