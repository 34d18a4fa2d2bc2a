// The training panel: the status line, Train / Pause / Step / Reset, the
// live loss and accuracy charts, and the messages about the run (why it
// stopped, what comparing two gradient methods costs, a restarted
// module). It owns the run's state as the page last heard it.
import { Charts } from "../charts.js";
import { $ } from "../dom.js";
import { bookRef, duration, measured, phase, secondsLeft } from "../runstate.js";

// RATE_MS: the iterations-a-second figure is measured over at least this.
const RATE_MS = 500;
// NUMERICAL_STEP_MS is what a step of the book's 784-50-10 net costs with
// both gradients side by side in headless Chromium on a two-core machine
// (scripts/e2e's TestTruthNumerical logs it: 535 ms numerical + 7 ms
// backpropagation): the estimate shown before a comparison starts, until
// the module has timed a step here (projectStep), and the measured pace
// once it runs.
const NUMERICAL_STEP_MS = 550;

// mount wires the panel. call: the worker connection's; words: i18n.js;
// ready: the page's start. blocked() says whether Train and Step must
// stay off (a refused setting, no schema yet, a restart); current() is
// the settings the run trains with; confirmDiscard(near) resolves true
// when a new run may start (settings.js's: it asks first if the run now
// would be lost); onNewRun(st) sets the page up for a new run (Reset);
// onStatus({state, running, blocked}) tells the other panels; afterPause()
// and afterStep(view) refresh what shows the weights (view: the last
// step's, which step's answer carries).
export function mount({ call, words, ready, blocked, current, confirmDiscard, onNewRun, onStatus, afterPause, afterStep }) {
  const { t, say, sayMsg, fixed } = words;
  let schema = null;
  let charts = null; // made once the schema (with the book's figures) is known
  let state = { iteration: 0, epoch: -1, loss: 0, trainAcc: 0, testAcc: 0, running: false, stop: "" };
  let lastSt = {}; // the last state from the module, for the status line
  let comparing = false;
  let rate = { t: performance.now(), it: 0, perSec: 0 };
  // runId counts the runs the page has shown, so an answer about an older
  // run (a step(n) that a configure ended) does not overwrite the new one's.
  let runId = 0;
  let announcedEpoch = -1;
  let tuneLabels = new Map(); // iteration → the words of the change made after it

  $("acc-zoom").onchange = (e) => charts && charts.setZoom(e.target.checked);

  function setState(st, running) {
    lastSt = st || {};
    state = {
      iteration: st.iteration || 0,
      epoch: st.epoch === undefined ? -1 : st.epoch,
      epochsDone: st.epochsDone || 0,
      loss: st.loss || 0,
      trainAcc: st.trainAcc || 0,
      testAcc: st.testAcc || 0,
      measuredAt: st.measuredAt || 0,
      trained: st.trained || 0,
      loaded: st.loaded || null,
      running: !!running,
      stop: st.stop || "",
    };
    const now = performance.now();
    if (now - rate.t > RATE_MS) {
      rate.perSec = ((state.iteration - rate.it) * 1000) / (now - rate.t);
      rate = { t: now, it: state.iteration, perSec: rate.perSec };
    }
    const c = current();
    const total = c ? c.iterations : 0;
    const at = schema ? phase(state, running, schema.stops) : "fresh";
    const m = measured(st);
    const dash = "—";
    const parts = [
      t("status.iteration", { i: state.iteration, n: total }),
      t("status.epoch", { e: state.epochsDone }),
      t("status.loss", { v: state.iteration ? fixed(state.loss, 4) : dash }),
      t("status.trainAcc", { v: m ? fixed(m.train, 4) : dash }),
      t("status.testAcc", { v: m ? fixed(m.test, 4) : dash }),
    ];
    if (m && m.val) parts.push(t("status.valAcc", { v: fixed(m.val, 4) }));
    // Figures measured some iterations ago (or when a net was loaded) say so.
    if (m && m.loaded) parts.push(t("status.measuredOnLoad"));
    else if (m && !running && m.at !== state.iteration) parts.push(t("status.measuredAt", { i: m.at }));
    if (running && rate.perSec > 0) parts.push(t("status.rate", { n: Math.round(rate.perSec) }));
    if (st.evals) parts.push(t("status.evals", { n: st.evals, ms: Math.round(st.stepMillis) }));
    if (at === "paused") parts.push(t("status.paused"));
    if (schema && state.stop === schema.stops.done) parts.push(t("status.finished"));
    if (schema && state.stop === schema.stops.early) parts.push(t("status.early", { epoch: st.bestEpoch }));
    $("status").textContent = parts.join(" · ");
    showNet(state);
    showNext(at);
    say($("btn-train"), at === "paused" ? "btn.resume" : "btn.train");
    const invalid = blocked();
    $("btn-train").disabled = invalid || running || state.stop !== "";
    $("btn-pause").disabled = !running;
    $("btn-step").disabled = invalid || state.stop !== "";
    onStatus({ state: { ...state }, running: !!running, blocked: invalid });
  }

  // showNet says, near the top, which network the page shows when it
  // came from a file or a link: how long it was trained and how well.
  function showNet(s) {
    const note = $("net-note");
    note.hidden = !s.loaded;
    if (!s.loaded) return say(note, null);
    const args = { iterations: s.loaded.iterations, test: fixed(s.loaded.testAcc, 4), more: s.iteration, trained: s.trained };
    const key = s.loaded.iterations > 0 ? "net.loaded" : "net.loadedUnknown";
    say(note, s.iteration > 0 ? `${key}.more` : key, args);
  }

  // showNext says what to press next when the run is paused or over.
  function showNext(at) {
    const next = $("next-msg");
    const key = { paused: "next.paused", finished: "next.finished", stopped: "next.stopped" }[at];
    next.hidden = !key;
    if (key) say(next, key, { i: state.iteration });
    else say(next, null);
  }

  // announce tells a screen reader about epochs and the end of a run, not
  // every status change.
  function announce(st) {
    if (st.epoch !== undefined && st.epoch > announcedEpoch && st.epoch >= 0) {
      announcedEpoch = st.epoch;
      say($("announce"), "announce.epoch", { e: st.epoch, train: fixed(st.trainAcc, 4), test: fixed(st.testAcc, 4) });
    }
  }

  // showCompare says, while two gradient methods train side by side, what
  // each costs a step, and, at that pace, how long the rest will take.
  function showCompare(st) {
    const msg = $("compare-msg");
    msg.hidden = !st.twin;
    if (!st.twin || !st.twin.runMillis) return;
    const [n, bp] = st.twin.gradient === "numerical" ? [st.twin.stepMillis, st.twin.runMillis] : [st.twin.runMillis, st.twin.stepMillis];
    const left = secondsLeft(st.iterations, st.iteration, n + bp);
    const args = { num: fixed(n, 1), bp: fixed(bp, 2), ratio: Math.round(n / bp), left: duration(left) };
    say(msg, st.running && left > 0 ? "compare.timesLeft" : "compare.times", args);
  }

  // project says, before a run with the numerical gradient starts, how
  // long a step takes on this computer (the module times one) and so the
  // whole run; key words it (project.numerical, compare.startMeasured).
  async function project(st, key) {
    const my = runId;
    const msg = key === "project.numerical" ? $("project-msg") : $("compare-msg");
    if (key === "project.numerical") {
      msg.hidden = false;
      say(msg, "project.measuring");
    }
    let p;
    try {
      p = await call("projectStep");
    } catch {
      msg.hidden = key === "project.numerical";
      return;
    }
    if (my !== runId || state.iteration > 0) return;
    const n = p.iterations;
    say(msg, key, {
      method: { t: `option.gradient.${st.config.gradient}` }, n, s: fixed(p.stepMillis / 1000, 2),
      time: duration(secondsLeft(n, 0, p.stepMillis)),
    });
  }

  // reset clears the panel for the new run st.
  function reset(st) {
    runId++;
    comparing = false;
    $("project-msg").hidden = true;
    if (st.config.gradient === "numerical") queueMicrotask(() => comparing || project(st, "project.numerical"));
    tuneLabels = new Map();
    const ref = bookRef(schema, st.config);
    charts.reset(st.config, st.iterPerEpoch, ref);
    if (ref) say($("book-note"), "chart.book", { train: ref.train, test: ref.test });
    else say($("book-note"), null);
    $("train-msg").hidden = true;
    $("compare-msg").hidden = true;
    const every = st.evalEvery / st.iterPerEpoch;
    if (every > 1) say($("acc-note"), "chart.acc.every", { epochs: every, iterations: st.evalEvery });
    else say($("acc-note"), null);
    rate = { t: performance.now(), it: 0, perSec: 0 };
    announcedEpoch = -1;
    lastSt = st;
    setState(st, false);
  }

  const api = {
    async train() {
      await ready;
      $("train-msg").hidden = true;
      setState({ ...lastSt, stop: "" }, true);
      await call("train");
      return true;
    },
    // pause() stops training (a running step(n) too, within one slice) and
    // resolves with the state.
    async pause() {
      await ready;
      const my = runId;
      const st = await call("pause");
      if (my === runId) setState(st, false);
      afterPause();
      return api.state();
    },
    // step(n) trains n mini-batches (fewer if paused or reconfigured
    // meanwhile) and resolves with the state where it stopped.
    async step(n = 1) {
      await ready;
      const my = runId;
      const st = await call("step", n);
      if (my === runId) {
        setState(st, false);
        afterStep(st.lastStep);
      }
      return api.state();
    },
    state() {
      return { ...state };
    },
    // crash() kills the Go module, as running out of memory would, to show
    // (and test) that the page starts a new one.
    async crash() {
      await ready;
      return call("crash");
    },
  };

  $("btn-train").onclick = () => api.train();
  // After Pause the focus stays on a control: Train, which Pause enables.
  $("btn-pause").onclick = async () => {
    await api.pause();
    const next = ["btn-train", "btn-step", "btn-reset"].map($).find((b) => !b.disabled);
    (next || $("btn-reset")).focus();
  };
  $("btn-step").onclick = () => api.step(1);
  // Reset, like a changed setting, asks first when the run would be lost.
  $("btn-reset").onclick = async () => {
    if ((await confirmDiscard($("btn-reset").parentElement)) !== true) return;
    onNewRun(await call("reset"));
  };

  return {
    api,
    // start makes the charts, with the book's figures, and turns Reset on.
    start(s) {
      schema = s;
      charts = new Charts($("loss-chart"), $("acc-chart"));
      $("btn-reset").disabled = false;
    },
    reset,
    // refresh shows the state again (the settings or their errors changed).
    refresh: () => setState(lastSt, state.running),
    // slice takes a train event's state: the new losses, epochs and twin.
    slice(st) {
      charts.add(st.firstLoss, st.losses, st.epochs, st.twin);
      if (st.twin) comparing = true;
      showCompare(st);
      setState(st, st.running);
      announce(st);
    },
    // stopped takes the state of a run that ended, and says why.
    stopped(st) {
      setState(st, false);
      // A finished run's figures are its final weights': the accuracy
      // curves end there (the last evaluation is usually some iterations
      // before), as the status line does.
      const last = charts.evalIters[charts.evalIters.length - 1] || 0;
      if (schema && st.stop === schema.stops.done && st.measuredAt > last) {
        charts.add(0, null, [{ epoch: st.epochsDone, iteration: st.measuredAt, trainAcc: st.trainAcc, testAcc: st.testAcc, valAcc: st.valAcc || undefined }]);
      }
      if (st.stopMessage) {
        sayMsg($("train-msg"), st.stopMessage);
        $("train-msg").hidden = false;
        say($("announce"), "announce.stopped");
      } else {
        say($("announce"), "announce.done", { test: fixed(st.testAcc, 4) });
      }
    },
    // comparing is whether a twin computes the gradient the other way.
    comparing: () => comparing,
    // startCompare marks the run st as one with a twin, and says how long
    // it will take before it starts: an estimate, until a step is measured.
    startCompare(st) {
      comparing = true;
      $("compare-msg").hidden = false;
      const n = st.config.iterations;
      say($("compare-msg"), "compare.start", {
        method: { t: `option.gradient.${st.config.gradient}` }, n, s: fixed(NUMERICAL_STEP_MS / 1000, 1),
        time: duration(secondsLeft(n, 0, NUMERICAL_STEP_MS)),
      });
      $("project-msg").hidden = true;
      project(st, "compare.startMeasured");
    },
    // setTunes marks where the tunable settings changed (tunes: the
    // iterations); label words the last change ("η 0.1 → 0.5").
    setTunes(tunes, label) {
      const last = tunes && tunes[tunes.length - 1];
      if (label && last !== undefined) tuneLabels.set(last, tuneLabels.has(last) ? `${tuneLabels.get(last)}, ${label}` : label);
      charts.setTunes(tunes, tuneLabels);
    },
    // curves are copies of the run's curves (to keep it).
    curves: () => ({
      iters: charts.iters.slice(),
      losses: charts.losses.slice(),
      epochs: charts.epochs.slice(),
      evalIters: charts.evalIters.slice(),
      train: charts.train.slice(),
      test: charts.test.slice(),
      twin: charts.twin.slice(),
    }),
    runId: () => runId,
    iteration: () => state.iteration,
    // untrained says whether the net has learned nothing: a fresh run's
    // (a network from a file or a link has, whatever its file says).
    untrained: () => !state.loaded && state.trained === 0,
    // down says the module died and marks the run not running.
    down(reason) {
      say($("crash-msg"), "crash.stopped", { reason });
      $("crash-msg").hidden = false;
      setState({ ...state, stop: "" }, false);
    },
    restarted: (reason) => say($("crash-msg"), "crash.restarted", { reason }),
    relabel() {
      if (charts) charts.relabel();
      setState(lastSt, state.running);
    },
  };
}
