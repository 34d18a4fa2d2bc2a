// The playground's main thread, composed: it loads the language, starts
// the connection to the Go module (conn.js; everything that computes runs
// there, in worker.js), mounts one module per panel (panels/), wires what
// each needs of the others, and builds window.scratchnet (the API for the
// console and the tests) from the parts the panels give back. It keeps no
// state of its own beyond the page's start.
/* global collect */
import { connect } from "./conn.js";
import { nextFrame } from "./dom.js";
import * as words from "./i18n.js";
import { mnistBase } from "./settings.js";
import * as Board from "./panels/board.js";
import * as Bugs from "./panels/bugs.js";
import * as Drawing from "./panels/drawing.js";
import * as GradCheck from "./panels/gradcheck.js";
import * as Graph from "./panels/graph.js";
import * as Inside from "./panels/inside.js";
import * as Keep from "./panels/keep.js";
import * as Language from "./panels/language.js";
import * as Layers from "./panels/layers.js";
import * as Loading from "./panels/loading.js";
import * as Settings from "./panels/settings.js";
import * as Steps from "./panels/steps.js";
import * as Training from "./panels/training.js";
import * as RunsPanel from "./panels/runs.js";

const params = new URLSearchParams(location.search);
const { t } = words;

// ready resolves once MNIST is loaded and the first run set up (boot,
// below, once every panel is mounted); the panels' API calls wait for it.
let boot;
const ready = new Promise((resolve) => (boot = resolve));

// newRun sets every panel up for a new run st (configure, reset, a
// loaded network, a restarted module): none goes on showing the old net.
function newRun(st) {
  layers.refresh().catch(() => {}); // the new run's net as layers
  training.reset(st);
  inside.refreshWeights(true);
  inside.clear();
  gradcheck.clear();
  steps.clear(st);
  settings.markPreset();
  drawing.again();
}

const conn = connect("worker.js", {
  onDown: (reason) => training.down(reason),
  onRestart: async () => newRun(await settings.restore()),
  onRestarted(reason) {
    api.restarts++;
    training.restarted(reason);
  },
  onRestartFailed: (err) => loading.failed(err.message),
});
const { call } = conn;

const loading = Loading.mount({ words });
const language = Language.mount({
  words,
  // A switch words every panel again, once the schema has made them.
  onSwitch() {
    if (!settings.schema()) return;
    settings.relabel();
    for (const p of [training, runs, steps, drawing, gradcheck, inside, board]) p.relabel();
    for (const p of [graph, layers, bugs]) p.relabel();
  },
  onChosen: () => settings.writeAddress(),
});
const settings = Settings.mount({
  call, words, ready,
  restarting: conn.restarting,
  onNewRun: newRun,
  onTuned: (st, label) => training.setTunes(st.tunes, label),
  onCompare: (st) => training.startCompare(st),
  comparing: () => training.comparing(),
  iteration: () => training.iteration(),
  onErrors: () => training.refresh(),
  onAddress: (href) => keep.pageLink(href),
  // A run a new one would lose: trained some, not over, not kept as it is.
  atRisk() {
    const s = training.api.state();
    return s.iteration > 0 && s.stop === "" && !runs.isKept() ? s : null;
  },
  keepRun: () => runs.keep(false),
});
const training = Training.mount({
  call, words, ready,
  blocked: () => settings.hasErrors() || !settings.schema() || !!conn.restarting(),
  current: settings.current,
  confirmDiscard: (near) => settings.confirmDiscard(near),
  onNewRun: newRun,
  onStatus({ state, running, blocked }) {
    steps.enable(!blocked && state.stop === "" && !running);
    runs.status(state);
  },
  afterPause() {
    inside.inspect().catch(() => {});
    steps.refresh(true).catch(() => {});
    layers.refresh().catch(() => {});
  },
  afterStep: (view) => steps.shown(view),
});
const steps = Steps.mount({ call, words, ready, current: settings.current, step: (n) => training.api.step(n) });
const runs = RunsPanel.mount({
  words, current: settings.current, curves: training.curves, comparing: training.comparing, runId: training.runId, state: training.api.state,
});
const inside = Inside.mount({ call, words, current: settings.current, onWeightClick: (row, col) => gradcheck.checkWeight(row, col) });
const drawing = Drawing.mount({
  call, words, ready,
  untrained: training.untrained,
  weightImages: inside.weightImages,
  train: () => training.api.train(),
});
const gradcheck = GradCheck.mount({ call, words, ready, hidden: () => (settings.current() ? settings.current().hidden : 0) });
// Chapter 5's lesson: the computational graphs, the net as layers, the
// bugs the gradient check catches (it runs gradcheck's Check all).
const graph = Graph.mount({ call, words, ready });
const layers = Layers.mount({ call, words, ready });
const bugs = Bugs.mount({ call, words, ready, checkAll: (net) => gradcheck.checkAll(net), onSwitch: () => layers.refresh().catch(() => {}) });
const keep = Keep.mount({
  call, words, ready,
  adopt: settings.adopt,
  inspect: inside.inspect,
  predict: async () => drawing.again(),
  setModelParam: settings.setModelParam,
  showBoard: (page) => board.show(page),
});
const board = Board.mount({ words, ready, loadShared: keep.loadShared, trainWith: settings.trainWith, confirmDiscard: settings.confirmDiscard });

// The worker's events: loading, Check all's progress, each slice of
// training and the end of a run.
conn.on("progress", (m) => {
  loading.progress(m);
  gradcheck.progress(m);
  bugs.progress(m);
});
conn.on("train", ({ state: st }) => {
  training.slice(st);
  inside.refreshWeights(false);
  // A Step's slices need no view of their own: its answer carries one.
  if (st.running) steps.refresh(false);
  // The drawing's answer follows the net as it learns (nothing to answer
  // when nothing was drawn).
  if (st.epochs && st.epochs.length) drawing.again();
});

// later calls f when the main thread is idle (within two seconds), or
// half a second from now in a browser with no idle callbacks.
const later = (f) => (globalThis.requestIdleCallback ? requestIdleCallback(() => f(), { timeout: 2000 }) : setTimeout(f, 500));
conn.on("stopped", async ({ state: st }) => {
  training.stopped(st);
  runs.keep(true).catch(() => {});
  // The views of the final net (weights, four steps, confusion matrix,
  // layers), one a frame: together they held the main thread for 30–40 ms
  // at the end of the book's run (docs/figures.md). A run begun meanwhile
  // (Reset, a changed setting) has views of its own.
  const run = training.runId();
  for (const view of [() => inside.refreshWeights(true), () => steps.refresh(true), () => inside.inspect(), () => layers.refresh()]) {
    await nextFrame();
    if (training.runId() !== run) break;
    await view().catch(() => {});
  }
  // Then, once the page is idle, its own garbage (collect.js): the book's
  // run leaves the renderer 168 MiB a second after it ends, 159 with this.
  later(collect);
});

boot(
  (async () => {
    await language.start(params);
    loading.start();
    let base = "mnist/";
    try {
      base = mnistBase(params, location.href);
      // ?workers=N sets how many other Go instances score accuracy and
      // share numerical steps (make bench compares 0 and the default).
      const workers = params.get("workers");
      await conn.start(base, workers !== null && /^\d$/.test(workers) ? { evalWorkers: Number(workers) } : {});
    } catch (err) {
      loading.failed(t("load.error", { detail: err.message, base }));
      throw err;
    }
    loading.done();
    const schema = await settings.load();
    training.start(schema);
    settings.build();
    for (const p of [gradcheck, inside, keep, drawing]) p.enable();
    for (const p of [graph, layers, bugs]) p.enable();
    runs.start(schema);
    board.start(schema);
    await settings.applyLink(params);
    await gradcheck.showSimpleNet();
    await runs.show();
  })(),
);

// ?model=<id>: a shared network, loaded to draw against once the page is
// ready (linked resolves when it is, or when there is none). Share and the
// Board show only where an API answers.
const linked = ready
  .then(async () => {
    const on = await keep.setup();
    api.apiOn = on;
    await board.setup(on);
    const id = params.get("model");
    if (id === null) return null;
    if (!on) {
      keep.noApi();
      return null;
    }
    return keep.loadShared(id).catch(() => null);
  })
  .catch(() => null);
ready.then(() => (api.readyMs = performance.now())).catch(() => {});

// ---- The API for the console and for tests ----

const api = {
  ready,
  restarts: 0,
  ...settings.api, // configure, compare, tune
  ...training.api, // train, pause, step, state, crash
  ...drawing.api, // predict, drawn, pickTest
  ...steps.api, // lastStep
  ...gradcheck.api, // gradCheckStep, gradCheckSweep, gradCheckAll
  ...graph.api, // graph
  ...layers.api, // layers
  ...bugs.api, // backpropBug, bugRun
  ...inside.api, // inspect
  // apiOn says whether the server's API answered (null until known).
  apiOn: null,
  linked,
  ...keep.api, // share, publish, loadShared, memory, saveModel, loadModel
  ...board.api, // board, trainWith
  ...runs.api, // keepRun, runs
  ...language.api, // language, missingKeys
};
window.scratchnet = api;
