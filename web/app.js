// The playground's main thread: it draws and listens. Everything that
// computes runs in the Go module inside worker.js; every word shown comes
// from the language's catalogue (i18n.js).
import { Charts, RunsChart, RUN_COLORS, hChart } from "./charts.js";
import { WHITE, confusionCell, parseRGB } from "./colour.js";
import { DrawPad, drawTiles, gray, ink } from "./draw.js";
import { chooseLanguage, setLanguage, language, t, tm, say, sayMsg, num, fixed, missingKeys } from "./i18n.js";
import { Runs } from "./runs.js";
import * as Share from "./share.js";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);

// ---- The worker and its calls ----

// The worker is replaced if its Go module dies (out of memory, a crash):
// the page says so, starts a new one, loads MNIST again and keeps the
// settings.
let worker = null;
let nextId = 1;
const waiting = new Map();
let restarting = null;

function call(op, ...args) {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    waiting.set(id, { resolve, reject });
    worker.postMessage({ id, op, args });
  });
}

function startWorker() {
  worker = new Worker("worker.js");
  worker.onmessage = (e) => {
    const m = e.data;
    if (m.event) return onEvent(m);
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (!w) return;
    if (m.error !== undefined) {
      // The Go module's message, worded in the reader's language; the
      // English sentence stays in err.english.
      const err = new Error(m.msg ? tm(m.msg) : m.error);
      err.english = m.error;
      err.msg = m.msg;
      err.fields = m.fields;
      err.messages = m.messages;
      w.reject(err);
    } else {
      w.resolve(m.result);
    }
  };
  worker.onerror = (e) => moduleDied(e.message);
}

// moduleDied answers every waiting call with the reason and starts a new
// worker with the same settings.
function moduleDied(reason) {
  if (restarting) return;
  const msg = t("crash.stopped", { reason });
  say($("crash-msg"), "crash.stopped", { reason });
  $("crash-msg").hidden = false;
  worker.terminate();
  for (const w of waiting.values()) w.reject(new Error(msg));
  waiting.clear();
  setState({ ...state, stop: "" }, false);
  restarting = (async () => {
    startWorker();
    await call("init", mnistBase());
    onReset(await call("configure", current));
    api.restarts++;
    say($("crash-msg"), "crash.restarted", { reason });
  })().finally(() => (restarting = null));
  restarting.catch((err) => showLoadError(err.message));
}

// ---- Settings, made from the Go module's schema ----

const form = $("config");
let schema = null; // {settings, book, figures, stops}
let current = null; // the settings the run trains with
let formErrors = {}; // setting → message ({key, args}) the form shows
let state = { iteration: 0, epoch: -1, loss: 0, trainAcc: 0, testAcc: 0, running: false, stop: "" };
let lastSt = {}; // the last state from the module, for the status line
const TUNABLE = new Set(["optimizer", "learningRate", "momentum", "beta1", "beta2"]);

// buildForm makes one field per setting: the main ones first, the
// advanced ones folded. Labels and help come from the catalogue.
function buildForm() {
  for (const s of schema.settings) {
    const box = document.createElement("div");
    box.className = "field";
    const id = `f-${s.name}`;
    const label = document.createElement("label");
    label.htmlFor = id;
    label.dataset.i18n = `setting.${s.name}.label`;
    let input;
    if (s.kind === "choice" || s.kind === "bool") {
      input = document.createElement("select");
      for (const o of s.kind === "bool" ? ["false", "true"] : s.options) {
        const opt = new Option(o, o);
        opt.dataset.i18n = s.kind === "bool" ? `value.${o}` : `option.${s.name}.${o}`;
        input.add(opt);
      }
    } else {
      input = document.createElement("input");
      input.type = "number";
      input.step = s.kind === "int" ? "1" : "any";
    }
    input.id = id;
    input.name = s.name;
    const err = document.createElement("span");
    err.className = "err";
    err.id = `err-${s.name}`;
    err.dataset.for = s.name;
    err.setAttribute("aria-live", "polite");
    input.setAttribute("aria-describedby", `help-${s.name} err-${s.name}`);
    const help = document.createElement("span");
    help.className = "help";
    help.id = `help-${s.name}`;
    const h = document.createElement("span");
    h.dataset.i18n = `setting.${s.name}.help`;
    const book = document.createElement("span");
    book.dataset.i18n = `setting.${s.name}.book`;
    help.append(h, " · ", t("settings.book"), " ", book);
    box.append(label, input, help, err);
    $(s.advanced ? "fields-advanced" : "fields-main").append(box);
  }
  relabelForm();
}

// relabelForm words the form in the page's language.
function relabelForm() {
  for (const el of form.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const help of form.querySelectorAll(".help")) help.childNodes[2].textContent = t("settings.book");
  showFieldErrors(formErrors, false);
}

function readForm() {
  const c = {};
  for (const s of schema.settings) {
    const v = form.elements[s.name].value;
    if (s.kind === "bool") c[s.name] = v === "true";
    else if (s.kind === "choice") c[s.name] = v;
    else c[s.name] = v.trim() === "" || !Number.isFinite(Number(v)) ? null : Number(v);
  }
  return c;
}

function writeForm(c) {
  for (const s of schema.settings) if (c[s.name] !== undefined) form.elements[s.name].value = String(c[s.name]);
}

// fieldMessages turns a refusal from the module into setting → message.
function fieldMessages(err) {
  if (err.messages) return err.messages;
  return { config: err.msg || { key: "error.detail", args: { detail: err.message } } };
}

// showFieldErrors shows each refused setting's message next to it and
// keeps Train and Step off while any is shown.
function showFieldErrors(fields, open = true) {
  formErrors = fields || {};
  for (const el of form.querySelectorAll(".err[data-for]")) {
    const m = formErrors[el.dataset.for];
    el.textContent = m ? tm(m) : "";
    const input = form.elements[el.dataset.for];
    if (input) input.setAttribute("aria-invalid", m ? "true" : "false");
  }
  const unknown = Object.keys(formErrors).filter((f) => !form.elements[f]);
  $("config-error").textContent = unknown.map((f) => tm(formErrors[f])).join(" ");
  if (open && Object.keys(formErrors).some((f) => schema.settings.find((s) => s.name === f && s.advanced))) $("advanced").open = true;
  setState(lastSt, state.running);
}

function configToURL(c) {
  const q = new URLSearchParams(location.search);
  for (const s of schema.settings) {
    if (String(c[s.name]) !== String(schema.book[s.name])) q.set(s.name, String(c[s.name]));
    else q.delete(s.name);
  }
  history.replaceState(null, "", `${location.pathname}${q.toString() ? "?" + q : ""}${location.hash}`);
  $("share-link").href = location.href;
}

// configFromURL reads the link's settings, as text for Go to check.
function configFromURL() {
  const c = {};
  for (const s of schema.settings) {
    if (!params.has(s.name)) continue;
    const v = params.get(s.name);
    c[s.name] = s.kind === "bool" ? (v === "true" ? true : v === "false" ? false : v) : s.kind === "choice" ? v : v.trim() === "" || !Number.isFinite(Number(v)) ? v : Number(v);
  }
  return c;
}

// adopt makes the settings st reports the page's: the form, the address
// bar, and the charts (cleared for a new run, marked for a tuned one).
function adopt(st, newRun) {
  current = st.config;
  writeForm(current);
  showFieldErrors(null);
  configToURL(current);
  markPreset();
  if (newRun) onReset(st);
  else charts.setTunes(st.tunes);
  return st;
}

// applyConfig starts a new run with options merged into the settings that
// run now. A refused call changes nothing and rejects with err.fields.
async function applyConfig(options) {
  const st = await call("configure", options);
  setModelParam(null);
  return adopt(st, true);
}

// setModelParam puts a shared network's id in the address bar (null takes
// it out): a reload loads that network again, until a new run starts.
function setModelParam(id) {
  const q = new URLSearchParams(location.search);
  if (id === null) q.delete("model");
  else q.set("model", id);
  history.replaceState(null, "", `${location.pathname}${q.toString() ? "?" + q : ""}${location.hash}`);
}

// A changed field applies what the reader typed: the optimizer's settings
// change the running run (marked on the chart), others start a new one.
// A refused value stays in the form, with its message, and Train and Step
// stay off until it is mended.
form.addEventListener("change", async () => {
  const c = readForm();
  const changed = Object.keys(c).filter((k) => String(c[k]) !== String(current[k]));
  if (changed.length === 0) return showFieldErrors(null);
  try {
    if (state.iteration > 0 && changed.every((k) => TUNABLE.has(k))) {
      adopt(await call("tune", Object.fromEntries(changed.map((k) => [k, c[k]]))), false);
    } else {
      await applyConfig(c);
    }
  } catch (err) {
    showFieldErrors(fieldMessages(err));
  }
});
form.addEventListener("submit", (e) => e.preventDefault());

// ---- Presets ----

const PRESETS = {
  ch4: {},
  ch5: { activation: "relu" },
  overfit: { hidden: 100, trainSize: 300, learningRate: 0.5, iterations: 3000 },
  numerical: { compare: true },
  decay: { hidden: 100, trainSize: 300, learningRate: 0.5, iterations: 3000, weightDecay: 0.01 },
  dropout: { hidden: 100, trainSize: 300, learningRate: 0.5, iterations: 3000, dropout: 0.15 },
};

async function applyPreset(name) {
  const p = PRESETS[name];
  if (p.compare) {
    await applyConfig(schema.book);
    return api.compare();
  }
  writeForm({ ...schema.book, ...p });
  return applyConfig({ ...schema.book, ...p });
}

for (const b of document.querySelectorAll(".preset")) {
  b.onclick = () => applyPreset(b.dataset.preset).catch((err) => showFieldErrors(fieldMessages(err)));
}

// markPreset presses the card whose settings the run has.
function markPreset() {
  for (const b of document.querySelectorAll(".preset")) {
    const p = PRESETS[b.dataset.preset];
    const want = { ...schema.book, ...p };
    const same = !p.compare && schema.settings.every((s) => String(want[s.name]) === String(current[s.name]));
    b.setAttribute("aria-pressed", same || (p.compare && comparing) ? "true" : "false");
  }
}

// ---- Training ----

let charts = null; // made once the schema (with the book's figures) is known
let comparing = false;
$("acc-zoom").onchange = (e) => charts && charts.setZoom(e.target.checked);
let rate = { t: performance.now(), it: 0, perSec: 0 };

// runId counts the runs the page has shown, so an answer about an older
// run (a step(n) that a configure ended) does not overwrite the new one's.
let runId = 0;
let announcedEpoch = -1;

function onReset(st) {
  runId++;
  comparing = false;
  charts.reset(st.config, st.iterPerEpoch);
  $("train-msg").hidden = true;
  $("compare-msg").hidden = true;
  const every = st.evalEvery / st.iterPerEpoch;
  if (every > 1) say($("acc-note"), "chart.acc.every", { epochs: every, iterations: st.evalEvery });
  else say($("acc-note"), null);
  rate = { t: performance.now(), it: 0, perSec: 0 };
  announcedEpoch = -1;
  lastSt = st;
  setState(st, false);
  refreshWeights(true);
  clearLoop(st);
  markPreset();
}

function setState(st, running) {
  lastSt = st || {};
  state = {
    iteration: st.iteration || 0,
    epoch: st.epoch === undefined ? -1 : st.epoch,
    loss: st.loss || 0,
    trainAcc: st.trainAcc || 0,
    testAcc: st.testAcc || 0,
    running: !!running,
    stop: st.stop || "",
  };
  const now = performance.now();
  if (now - rate.t > 500) {
    rate.perSec = ((state.iteration - rate.it) * 1000) / (now - rate.t);
    rate = { t: now, it: state.iteration, perSec: rate.perSec };
  }
  const total = current ? current.iterations : 0;
  const dash = "—";
  const parts = [
    t("status.iteration", { i: state.iteration, n: total }),
    t("status.epoch", { e: Math.max(state.epoch, 0) }),
    t("status.loss", { v: state.iteration ? fixed(state.loss, 4) : dash }),
    t("status.trainAcc", { v: state.epoch >= 0 ? fixed(state.trainAcc, 4) : dash }),
    t("status.testAcc", { v: state.epoch >= 0 ? fixed(state.testAcc, 4) : dash }),
  ];
  if (st.valAcc) parts.push(t("status.valAcc", { v: fixed(st.valAcc, 4) }));
  if (running && rate.perSec > 0) parts.push(t("status.rate", { n: Math.round(rate.perSec) }));
  if (st.evals) parts.push(t("status.evals", { n: st.evals, ms: Math.round(st.stepMillis) }));
  if (schema && state.stop === schema.stops.done) parts.push(t("status.finished"));
  if (schema && state.stop === schema.stops.early) parts.push(t("status.early", { epoch: st.bestEpoch }));
  $("status").textContent = parts.join(" · ");
  const invalid = Object.keys(formErrors).length > 0 || !schema || !!restarting;
  $("btn-train").disabled = invalid || running || state.stop !== "";
  $("btn-pause").disabled = !running;
  $("btn-step").disabled = invalid || state.stop !== "";
  $("btn-walk").disabled = invalid || state.stop !== "" || running;
  $("btn-keep").disabled = state.iteration === 0;
}

// announce tells a screen reader about epochs and the end of a run, not
// every status change.
function announce(st) {
  if (st.epoch !== undefined && st.epoch > announcedEpoch && st.epoch >= 0) {
    announcedEpoch = st.epoch;
    say($("announce"), "announce.epoch", { e: st.epoch, train: fixed(st.trainAcc, 4), test: fixed(st.testAcc, 4) });
  }
}

function onEvent(m) {
  if (m.event === "progress") return onProgress(m);
  if (m.event === "exited") return moduleDied(m.message);
  const st = m.state;
  if (m.event === "train") {
    charts.add(st.firstLoss, st.losses, st.epochs, st.twin);
    if (st.twin) comparing = true;
    showCompare(st);
    setState(st, st.running);
    announce(st);
    refreshWeights(false);
    refreshLoop(false);
    if (st.epochs && st.epochs.length) predictDrawing().catch(() => {});
  }
  if (m.event === "stopped") {
    setState(st, false);
    refreshWeights(true);
    refreshLoop(true);
    inspect().catch(() => {});
    if (st.stopMessage) {
      sayMsg($("train-msg"), st.stopMessage);
      $("train-msg").hidden = false;
      say($("announce"), "announce.stopped");
    } else {
      say($("announce"), "announce.done", { test: fixed(st.testAcc, 4) });
    }
    keepRun(true).catch(() => {});
  }
}

$("btn-train").onclick = () => api.train();
// After Pause the focus stays on a control: Train, which Pause enables.
$("btn-pause").onclick = async () => {
  await api.pause();
  const next = ["btn-train", "btn-step", "btn-reset"].map($).find((b) => !b.disabled);
  (next || $("btn-reset")).focus();
};
$("btn-step").onclick = () => api.step(1);
$("btn-reset").onclick = async () => onReset(await call("reset"));

// showCompare says, while two gradient methods train side by side, what
// each costs a step.
function showCompare(st) {
  const msg = $("compare-msg");
  msg.hidden = !st.twin;
  if (!st.twin || !st.twin.runMillis) return;
  const [n, bp] = st.twin.gradient === "numerical" ? [st.twin.stepMillis, st.twin.runMillis] : [st.twin.runMillis, st.twin.stepMillis];
  say(msg, "compare.times", { num: fixed(n, 1), bp: fixed(bp, 2), ratio: Math.round(n / bp) });
}

// ---- The four steps of learning (4.5) ----

let loopAt = 0;
let walkPhase = 0; // 0: the next Walk trains a step; 1–3: the next shows step phase+1
let lastView = null;

function clearLoop(st) {
  lastView = null;
  walkPhase = 0;
  for (let k = 1; k <= 4; k++) $(`loop-${k}`).classList.remove("now");
  const ipe = st.iterPerEpoch || 600;
  const c = st.config || current;
  say($("loop-1-text"), "loop.1.idle", { batch: c.batchSize });
  say($("loop-2-text"), "loop.2.idle", { method: { t: `option.gradient.${c.gradient}` } });
  say($("loop-3-text"), "loop.3.idle", { lr: c.learningRate });
  say($("loop-4-text"), "loop.4.text", { train: st.trainSize || ipe * c.batchSize, batch: c.batchSize, ipe, iters: c.iterations, epochs: fixed(c.iterations / ipe, 1), i: 0, e: 0 });
  $("loop-norms").replaceChildren();
  $("loop-images").getContext("2d").clearRect(0, 0, 222, 28);
}

// refreshLoop shows the last step in the strip (at most twice a second
// while training).
async function refreshLoop(now) {
  if (!now && performance.now() - loopAt < 500) return;
  loopAt = performance.now();
  const v = await call("lastStep").catch(() => null);
  if (!v) return;
  lastView = v;
  showLoop(v);
}

function showLoop(v) {
  drawTiles($("loop-images"), v.pixels, v.indices.length, 28, 8, ink);
  say($("loop-1-text"), "loop.1.text", { batch: v.batchSize, train: v.trainSize, labels: v.labels.join(" "), shown: v.indices.length });
  say($("loop-2-text"), "loop.2.text", { method: { t: `option.gradient.${v.gradient}` } });
  const rows = v.names.map((n, i) => {
    const tr = document.createElement("tr");
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = n;
    const g = document.createElement("td");
    g.textContent = `‖∂L/∂${n}‖ = ${num(Number(v.gradNorm[i].toPrecision(3)))}`;
    const s = document.createElement("td");
    s.textContent = `‖Δ${n}‖ = ${num(Number(v.stepNorm[i].toPrecision(3)))}`;
    tr.append(th, g, s);
    return tr;
  });
  $("loop-norms").replaceChildren(...rows);
  const total = v.stepNorm.reduce((a, b) => a + b * b, 0);
  say($("loop-3-text"), v.optimizer === "sgd" ? "loop.3.sgd" : "loop.3.other", {
    lr: v.learningRate,
    step: Number(Math.sqrt(total).toPrecision(3)),
    optimizer: { t: `option.optimizer.${v.optimizer}` },
    loss: fixed(v.loss, 4),
  });
  const ipe = Math.max(1, Math.ceil(v.trainSize / v.batchSize));
  say($("loop-4-text"), "loop.4.text", {
    train: v.trainSize, batch: v.batchSize, ipe, iters: current.iterations, epochs: fixed(current.iterations / ipe, 1),
    i: v.iteration, e: Math.floor((v.iteration - 1) / ipe),
  });
}

// Walk one step: the first press trains one mini-batch and shows ①, the
// next three show ②, ③ and ④.
$("btn-walk").onclick = async () => {
  if (walkPhase === 0) {
    await api.step(1);
    await refreshLoop(true);
  }
  for (let k = 1; k <= 4; k++) {
    const li = $(`loop-${k}`);
    li.classList.toggle("now", k === walkPhase + 1);
    if (k === walkPhase + 1) li.setAttribute("aria-current", "step");
    else li.removeAttribute("aria-current");
  }
  say($("btn-walk"), walkPhase === 3 ? "loop.walk" : "loop.walk.next");
  walkPhase = (walkPhase + 1) % 4;
};

// ---- Runs side by side, kept in IndexedDB ----

const runs = new Runs();
const runsChart = new RunsChart($("runs-loss"), $("runs-acc"));

// describe names a run by what differs from the book's chapter 4 run.
function describe(c) {
  const parts = [];
  for (const s of schema.settings) {
    if (String(c[s.name]) === String(schema.book[s.name]) || s.name === "seed") continue;
    const v = s.kind === "choice" ? t(`option.${s.name}.${c[s.name]}`) : s.kind === "bool" ? t(`value.${c[s.name]}`) : num(c[s.name]);
    parts.push(`${t(`setting.${s.name}.label`)} ${v}`);
  }
  return parts.length ? parts.join(", ") : t("runs.book");
}

// keepRun stores the run now on the charts (and its twin, when comparing);
// auto is a run that just ended, kept once.
let keptRunId = -1;
async function keepRun(auto) {
  if (auto && keptRunId === runId) return;
  keptRunId = runId;
  const c = current;
  const base = {
    config: c,
    iters: charts.iters.slice(),
    losses: charts.losses.slice(),
    epochs: charts.epochs.slice(),
    train: charts.train.slice(),
    test: charts.test.slice(),
  };
  const name = describe(c);
  const kept = [await runs.add({ ...base, name: comparing ? `${name} · ${t(`option.gradient.${c.gradient}`)}` : name })];
  if (comparing) {
    const other = c.gradient === "numerical" ? "backprop" : "numerical";
    kept.push(await runs.add({ ...base, name: `${name} · ${t(`option.gradient.${other}`)}`, losses: charts.twin.slice(), epochs: [], train: [], test: [] }));
  }
  say($("runs-msg"), "runs.kept", { name: kept.map((r) => r.name).join(", ") });
  await showRuns();
}
$("btn-keep").onclick = () => keepRun(false).catch((err) => say($("runs-msg"), "runs.error", { detail: err.message }));

async function showRuns() {
  const all = await runs.all();
  const list = $("runs-list");
  list.replaceChildren(
    ...all.map((r, i) => {
      const li = document.createElement("li");
      const color = RUN_COLORS[i % RUN_COLORS.length];
      const sw = document.createElement("span");
      sw.className = "swatch";
      sw.dataset.color = color;
      sw.style.background = color;
      const name = document.createElement("input");
      name.value = r.name;
      name.setAttribute("aria-label", t("runs.rename"));
      name.onchange = () => runs.update(r.id, { name: name.value.slice(0, 120) }).then(showRuns);
      const shown = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.checked = !r.hidden;
      box.onchange = () => runs.update(r.id, { hidden: !box.checked }).then(showRuns);
      shown.append(box, " ", t("runs.show"));
      const del = document.createElement("button");
      del.type = "button";
      del.textContent = t("runs.delete");
      del.setAttribute("aria-label", `${t("runs.delete")}: ${r.name}`);
      del.onclick = () => runs.delete(r.id).then(showRuns);
      const last = r.test.length ? t("runs.final", { test: fixed(r.test[r.test.length - 1], 4), train: fixed(r.train[r.train.length - 1], 4) }) : "";
      const meta = document.createElement("span");
      meta.className = "small";
      meta.textContent = last;
      li.append(sw, name, shown, del, meta);
      r.color = color;
      return li;
    }),
  );
  runsChart.show(all.filter((r) => !r.hidden));
  $("runs").dataset.count = String(all.length);
}

// ---- Loading ----

function onProgress(m) {
  if (m.what === "download") {
    say($("load-label"), "load.download", { done: fixed(m.done / 1e6, 1), total: fixed(m.total / 1e6, 1) });
    $("load-progress").value = m.total ? m.done / m.total : 0;
  } else if (m.what === "decode") {
    say($("load-label"), "load.decode");
    $("load-progress").removeAttribute("value");
  } else if (m.what === "gradcheck") {
    $("gc-progress").value = m.done / m.total;
  }
}

function showLoadError(msg) {
  $("load-error").textContent = msg;
  $("load-error").hidden = false;
  say($("load-label"), "load.failed");
  $("load-progress").hidden = true;
}

// mnistBase is where MNIST is fetched from: mnist/, or a same-origin path
// given as ?mnist= (for tests); a link cannot point the page at another
// site's data.
function mnistBase() {
  const p = params.get("mnist");
  if (!p) return "mnist/";
  const u = new URL(p, location.href);
  if (u.origin !== location.origin) throw new Error(t("load.otherSite", { origin: u.origin }));
  return u.pathname.endsWith("/") ? u.pathname : u.pathname + "/";
}

// ---- Language ----

// bookLinks point each panel at its chapter's code, in the reader's
// edition: the Korean edition's repository for ko, the original's else.
function bookLinks() {
  const repo = language() === "ko" ? "WegraLee/deep-learning-from-scratch" : "oreilly-japan/deep-learning-from-scratch";
  for (const a of document.querySelectorAll("a[data-book]")) {
    a.href = `https://github.com/${repo}/tree/master/${a.dataset.book}`;
    a.rel = "noopener";
  }
}

async function switchLanguage(l) {
  await setLanguage(l);
  document.title = t("title");
  $("lang").value = language();
  bookLinks();
  if (schema) {
    relabelForm();
    charts.relabel();
    setState(lastSt, state.running);
    showRuns().catch(() => {});
    if (lastView) showLoop(lastView);
    if (lastDrawn) showDrawn(lastDrawn);
    if (lastStep) showStep(lastStep);
    if (lastSimple) showSimpleNet(lastSimple);
    if (lastAll) showAll(lastAll);
    if (lastConfusion) showConfusion($("confusion"), lastConfusion);
    if (lastBoard) drawBoard(lastBoard);
  }
}

$("lang").onchange = async (e) => {
  const q = new URLSearchParams(location.search);
  q.set("lang", e.target.value);
  history.replaceState(null, "", `${location.pathname}?${q}${location.hash}`);
  await switchLanguage(e.target.value);
  if (schema) configToURL(current);
};

const ready = (async () => {
  await switchLanguage(chooseLanguage(params));
  say($("load-label"), "load.start");
  let base = "mnist/";
  try {
    base = mnistBase();
    startWorker();
    await call("init", base);
  } catch (err) {
    showLoadError(t("load.error", { detail: err.message, base }));
    throw err;
  }
  $("loading").hidden = true;
  schema = await call("schema");
  charts = new Charts($("loss-chart"), $("acc-chart"), schema.figures);
  buildForm();
  for (const id of ["btn-reset", "btn-gc-check", "btn-gc-next", "btn-gc-all", "btn-inspect", "btn-save", "btn-npz", "btn-pick"]) {
    $(id).disabled = false;
  }
  // A bad link still gives a working page: the book's run, with every
  // refused setting of the link shown next to its field.
  const c = configFromURL();
  try {
    await applyConfig(c);
  } catch (err) {
    await applyConfig(schema.book);
    writeForm({ ...schema.book, ...c });
    showFieldErrors(fieldMessages(err));
  }
  showSimpleNet(await call("simpleNet"));
  await showRuns().catch((err) => say($("runs-msg"), "runs.error", { detail: err.message }));
})();

// ?model=<id>: a shared network, loaded to draw against once the page is
// ready (linked resolves when it is, or when there is none).
const linked = ready.then(async () => {
  const on = await setupShare();
  const id = params.get("model");
  if (id === null) return null;
  if (!on) {
    $("shared-msg").hidden = false;
    $("shared-msg").className = "shared error";
    say($("shared-msg"), "share.noApi");
    return null;
  }
  return loadShared(id).catch(() => null);
}).catch(() => null);
ready.then(() => (api.readyMs = performance.now())).catch(() => {});

// ---- Drawing ----

const pad = new DrawPad($("draw"), () => predictDrawing().catch(() => {}));
$("btn-clear").onclick = () => pad.clear();
$("btn-draw-train").onclick = async () => {
  await api.train();
  $("btn-draw-train").hidden = true;
};
const probs = $("probs");
for (let k = 0; k < 10; k++) {
  const bar = document.createElement("div");
  bar.className = "bar";
  bar.innerHTML = `<span>${k}</span><div class="fill"></div><span class="pv"></span>`;
  probs.append(bar);
}

let drawing = Promise.resolve(null);
let drawQueued = false;
let lastDrawn = null; // {r, label?} last shown
// predictDrawing asks the worker about the pen's paths, one request at a
// time.
function predictDrawing() {
  if (drawQueued) return drawing;
  drawQueued = true;
  drawing = drawing.catch(() => {}).then(async () => {
    drawQueued = false;
    try {
      const r = await call("drawnStrokes", pad.paths());
      showDrawn({ r });
      return r;
    } catch (err) {
      showDrawn({ err });
      throw err;
    }
  });
  return drawing;
}

// pickTest classifies test image i: a keyboard user's way to the net.
async function pickTest(i) {
  const r = await call("testImage", i);
  showDrawn({ r, index: i });
  return r;
}
$("btn-pick").onclick = () => pickTest(Number($("pick-idx").value)).catch((err) => showDrawn({ err }));
$("pick-idx").addEventListener("keydown", (e) => {
  if (e.key === "Enter") $("btn-pick").click();
});

let weightImages = null; // W1's tiles, from the last weights call

function showDrawn(d) {
  lastDrawn = d;
  const { r, err } = d;
  const c = $("input28").getContext("2d");
  const img = c.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const v = r ? 255 - r.input[i] : 255;
    img.data.set([v, v, v, 255], 4 * i);
  }
  c.putImageData(img, 0, 0);
  // An untrained net's answer is a guess: say so, and offer to train.
  const untrained = !!r && state.iteration === 0;
  const pct = r ? fixed(100 * r.probs[r.digit], 1) : "";
  if (!r) sayMsg($("prediction"), err.msg || err);
  else if (d.index !== undefined) say($("prediction"), untrained ? "draw.test.guess" : "draw.test", { i: d.index, label: r.label, digit: r.digit, p: pct });
  else say($("prediction"), untrained ? "draw.guess" : "draw.answer", { digit: r.digit, p: pct });
  $("btn-draw-train").hidden = !untrained;
  $("prediction").classList.toggle("muted", !r);
  probs.querySelectorAll(".bar").forEach((b, k) => {
    const p = r ? r.probs[k] : 0;
    b.querySelector(".fill").style.width = `${(100 * p).toFixed(1)}%`;
    b.querySelector(".pv").textContent = r ? fixed(p, 3) : "";
    b.classList.toggle("top", !!r && k === r.digit);
  });
  showWhy(r);
}

// showWhy draws the hidden layer's activations and the W1 images of the
// units that pushed the answer most.
function showWhy(r) {
  $("why").hidden = !r;
  if (!r) return;
  const e = r.explanation;
  const H = e.hidden.length;
  const top = Math.max(...e.hidden, 1e-9);
  const acts = new Uint8Array(H);
  e.hidden.forEach((v, j) => (acts[j] = Math.round((255 * Math.max(0, v)) / top)));
  drawTiles($("hidden-acts"), acts, H, 1, H, ink);
  const order = e.push.map((p, j) => [p, j]).sort((a, b) => b[0] - a[0]).slice(0, 6);
  const box = $("push");
  box.replaceChildren(
    ...order.map(([p, j]) => {
      const fig = document.createElement("figure");
      fig.className = "tile";
      const cv = document.createElement("canvas");
      cv.setAttribute("role", "img");
      cv.setAttribute("aria-label", t("draw.unit", { j, push: fixed(p, 2) }));
      if (weightImages) drawTiles(cv, weightImages.subarray(j * 784, (j + 1) * 784), 1, 28, 1, gray);
      const cap = document.createElement("figcaption");
      cap.textContent = t("draw.unit", { j, push: `${p >= 0 ? "+" : ""}${fixed(p, 2)}` });
      fig.append(cv, cap);
      return fig;
    }),
  );
}

// ---- Gradient check ----

let lastStep = null;
let lastSimple = null;
let lastAll = null;

// digitsAgree is how many leading significant digits a and b share.
function digitsAgree(a, b) {
  if (a === b) return 17;
  const d = Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
  return Math.max(0, Math.floor(-Math.log10(d)));
}

function showStep(s) {
  lastStep = s;
  const diff = s.lossPlus - s.lossMinus;
  const rows = [
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
  $("gc-step").replaceChildren(
    ...rows.map(([k, v]) => {
      const tr = document.createElement("tr");
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = k;
      const td = document.createElement("td");
      td.textContent = v;
      tr.append(th, td);
      return tr;
    }),
  );
  $("gc-key").value = s.key;
  $("gc-row").value = s.row;
  $("gc-col").value = s.col;
  const g = s.backprop;
  const parts = [];
  if (s.skipped) parts.push(t("gc.skipped", { n: s.skipped }));
  parts.push(g > 0 ? t("gc.sign.pos", { g: g.toPrecision(3) }) : g < 0 ? t("gc.sign.neg", { g: (-g).toPrecision(3) }) : t("gc.sign.zero"));
  const agree = digitsAgree(s.lossPlus, s.lossMinus);
  if (agree >= 8) parts.push(t("gc.rounding", { digits: agree, left: Math.max(0, 16 - agree) }));
  $("gc-sign").textContent = parts.join(" ");
}

async function gcCall(opts) {
  $("gc-error").hidden = true;
  try {
    const h = Number($("gc-h").value);
    if ($("gc-h").value.trim() === "" || !Number.isFinite(h)) throw Object.assign(new Error(t("gc.hNumber")), { msg: { key: "gc.hNumber" } });
    const s = await call("gradCheckStep", { h, ...opts });
    showStep(s);
    sweep(s).catch(() => {});
    return s;
  } catch (err) {
    sayMsg($("gc-error"), err.msg || err);
    $("gc-error").hidden = false;
    throw err;
  }
}

// sweep plots the chosen parameter's error against h.
async function sweep(s) {
  const pts = await call("gradCheckSweep", { key: s.key, row: s.row, col: s.col });
  $("gc-h-fig").hidden = false;
  hChart($("gc-h-chart"), pts, 1e-4);
  const best = pts.reduce((a, b) => (b.absErr < a.absErr ? b : a));
  say($("gc-h-text"), "gc.hbest", { h: best.h.toExponential(0), err: best.absErr.toExponential(1) });
  return pts;
}

$("btn-gc-check").onclick = () =>
  gcCall({ key: $("gc-key").value, row: Number($("gc-row").value), col: Number($("gc-col").value) }).catch(() => {});
$("btn-gc-next").onclick = () => gcCall({ next: true, skipZero: true }).catch(() => {});
$("btn-gc-all").onclick = () => api.gradCheckAll().catch(() => {});

// A click on a W1 map (the weights, or the check's differences) checks
// that weight: the tile is the hidden unit, the pixel the row.
function tileClick(canvas, hiddenOf) {
  canvas.addEventListener("click", (e) => {
    const r = canvas.getBoundingClientRect();
    const x = Math.floor(((e.clientX - r.left) * canvas.width) / r.width);
    const y = Math.floor(((e.clientY - r.top) * canvas.height) / r.height);
    const tx = Math.floor(x / 30), ty = Math.floor(y / 30), px = x % 30, py = y % 30;
    const j = ty * 10 + tx;
    if (px >= 28 || py >= 28 || j >= hiddenOf()) return;
    gcCall({ key: "W1", row: py * 28 + px, col: j })
      .then(() => $("gc-step").scrollIntoView({ block: "nearest" }))
      .catch(() => {});
  });
}
tileClick($("weights"), () => (current ? current.hidden : 0));
tileClick($("gc-heat"), () => (current ? current.hidden : 0));

function showHeat(w1diff, hidden) {
  // One 28×28 tile per hidden unit: log10 of the difference, 1e-16 white,
  // 1e-8 and above black.
  const tiles = new Uint8Array(hidden * 784);
  for (let p = 0; p < 784; p++) {
    for (let j = 0; j < hidden; j++) {
      const d = w1diff[p * hidden + j];
      const l = d > 0 ? Math.log10(d) : -16;
      tiles[j * 784 + p] = Math.max(0, Math.min(255, Math.round(((l + 16) / 8) * 255)));
    }
  }
  drawTiles($("gc-heat"), tiles, hidden, 28, 10, ink);
  $("gc-heat-fig").hidden = false;
}

// showAll shows the whole check beside what the book prints.
function showAll(r) {
  lastAll = r;
  const head = document.createElement("tr");
  for (const k of ["gc.all.param", "gc.all.ours", "gc.all.book"]) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = t(k);
    head.append(th);
  }
  const book = Object.fromEntries(r.book.map((d) => [d.key, d.diff]));
  const rows = r.diffs.map((d) => {
    const tr = document.createElement("tr");
    for (const v of [d.key, d.diff.toExponential(3), book[d.key] !== undefined ? book[d.key].toExponential(3) : ""]) {
      const td = document.createElement("td");
      td.textContent = v;
      tr.append(td);
    }
    return tr;
  });
  $("gc-all").replaceChildren(head, ...rows);
  $("gc-all").dataset.text = r.text;
  say($("gc-all-note"), "gc.all.note", { i: r.iteration });
  $("gc-all-note").hidden = false;
}

function showSimpleNet(r) {
  lastSimple = r;
  const f = (v) => v.toFixed(8);
  const m = (a) => `<table class="matrix"><tr>${a.slice(0, 3).map((v) => `<td>${f(v)}</td>`).join("")}</tr><tr>${a.slice(3).map((v) => `<td>${f(v)}</td>`).join("")}</tr></table>`;
  $("simplenet").innerHTML =
    `<p class="small">x = [${r.x}], t = [${r.t}], p = x·W = [${r.p.map(f).join(", ")}], ${t("gc.simple.loss")} ${f(r.loss)}</p>` +
    `<div class="side"><div><p>${t("gc.simple.W")}</p>${m(r.W)}</div><div><p>${t("gc.simple.dW")}</p>${m(r.dW)}</div></div>` +
    `<p class="small">${t("gc.simple.note")}</p>`;
}

// ---- Looking inside ----

let weightsAt = 0;
async function refreshWeights(now) {
  if (!now && performance.now() - weightsAt < 500) return;
  weightsAt = performance.now();
  const r = await call("weights").catch(() => null);
  if (!r || !current) return;
  weightImages = r.images;
  drawTiles($("weights"), r.images, r.images.length / 784, 28, 10, gray);
}

$("btn-inspect").onclick = () => inspect().catch(() => {});
async function inspect() {
  const r = await call("inspect", 40);
  showConfusion($("confusion"), r.confusion);
  drawGallery($("mistakes"), r.pixels, r.mistakes);
  return r;
}

// showConfusion fills the table, each cell shaded by its count (styles
// set through the DOM: the page's CSP allows no inline style attributes),
// its text black or white by what the shade shows over the card.
let lastConfusion = null;
function showConfusion(table, confusion) {
  lastConfusion = confusion;
  const card = table.closest(".card");
  const under = (card && parseRGB(getComputedStyle(card).backgroundColor)) || WHITE;
  const max = Math.max(...confusion.map((row) => Math.max(...row)));
  const caption = document.createElement("caption");
  caption.className = "vh";
  caption.textContent = t("inside.confusion");
  const head = document.createElement("tr");
  const corner = document.createElement("th");
  corner.scope = "col";
  corner.textContent = t("inside.corner");
  head.append(corner);
  for (let k = 0; k < 10; k++) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = k;
    head.append(th);
  }
  const rows = confusion.map((row, tl) => {
    const tr = document.createElement("tr");
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = tl;
    tr.append(th);
    row.forEach((v, p) => {
      const td = document.createElement("td");
      td.textContent = v;
      const c = confusionCell(v, max, tl === p, under);
      td.style.background = c.background;
      td.style.color = c.color;
      tr.append(td);
    });
    return tr;
  });
  table.replaceChildren(caption, head, ...rows);
}

// drawGallery draws the misclassified images and their captions on one
// canvas (a 2D context per image would cost Chromium about 1 MB each).
const galleryTile = document.createElement("canvas");
galleryTile.width = galleryTile.height = 28;
function drawGallery(canvas, pixels, mistakes) {
  const cols = 8, cw = 64, ch = 80;
  const rows = Math.max(1, Math.ceil(mistakes.length / cols));
  if (canvas.width !== cols * cw) canvas.width = cols * cw;
  if (canvas.height !== rows * ch) canvas.height = rows * ch;
  canvas.dataset.count = String(mistakes.length);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.imageSmoothingEnabled = false;
  ctx.font = "13px system-ui, sans-serif";
  ctx.textAlign = "center";
  const tctx = galleryTile.getContext("2d");
  const img = tctx.createImageData(28, 28);
  mistakes.forEach((m, i) => {
    for (let p = 0; p < 784; p++) {
      const v = 255 - pixels[i * 784 + p];
      img.data.set([v, v, v, 255], 4 * p);
    }
    tctx.putImageData(img, 0, 0);
    const x = (i % cols) * cw, y = Math.floor(i / cols) * ch;
    ctx.drawImage(galleryTile, x + 4, y + 2, 56, 56);
    ctx.strokeStyle = "#ccc";
    ctx.strokeRect(x + 3.5, y + 1.5, 57, 57);
    ctx.fillStyle = "#333";
    ctx.fillText(`${m.label} → ${m.pred}`, x + cw / 2, y + 74);
  });
}

// ---- Keep and share ----

function download(bytes, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([bytes], { type: "application/octet-stream" }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

$("btn-save").onclick = async () => download((await call("saveModel")).bytes, "scratchnet.snet");
$("btn-npz").onclick = async () => download((await call("saveNPZ")).bytes, "scratchnet.npz");
$("model-file").onchange = async (e) => {
  const f = e.target.files[0];
  if (!f) return;
  await api.loadModel(new Uint8Array(await f.arrayBuffer()), f.name).catch(() => {});
  e.target.value = "";
};

// ---- Share and the board (the server's API, where one answers) ----

let shared = null; // the last share: {id, link, size}
let lastBoard = null; // the board page shown
const boardBody = $("board-table").tBodies[0];

// setupShare shows Share and the Board if an API answers here; on a
// plain static host or offline it hides them and says why in one line.
async function setupShare() {
  const on = await Share.probe();
  api.apiOn = on;
  $("api-off").hidden = on;
  $("share").hidden = !on;
  $("board").hidden = !on;
  if (on) {
    $("btn-share").disabled = false;
    await showBoard(1).catch(() => {});
  }
  return on;
}

async function share() {
  await ready;
  const msg = $("share-msg");
  $("btn-share").disabled = true;
  msg.className = "";
  say(msg, "share.uploading");
  try {
    const s = await Share.upload((await call("shareModel")).bytes);
    shared = s;
    $("share-url").value = Share.shareLink(s.id);
    $("share-out").hidden = false;
    $("publish").hidden = false;
    say(msg, "share.done", { size: s.size });
    return { ...s, url: $("share-url").value };
  } catch (err) {
    msg.className = "error";
    sayMsg(msg, err);
    throw err;
  } finally {
    $("btn-share").disabled = false;
  }
}

async function publish(name) {
  await ready;
  const msg = $("publish-msg");
  msg.className = "";
  say(msg, "share.measuring");
  $("btn-publish").disabled = true;
  try {
    // The network as it is now (stored again only if it changed since
    // the last share: the same bytes have the same id).
    await share();
    const e = await Share.publish(shared.id, name);
    say(msg, "share.published", { name: e.name, acc: e.accuracy, correct: e.correct, total: e.total });
    await showBoard(1).catch(() => {});
    return e;
  } catch (err) {
    msg.className = "error";
    sayMsg(msg, err);
    throw err;
  } finally {
    $("btn-publish").disabled = false;
  }
}

// showBoard fetches and shows a page of the board with the filters set.
async function showBoard(page) {
  const f = Object.fromEntries(new FormData($("board-filters")));
  try {
    const b = await Share.board(f, page);
    drawBoard(b);
    return b;
  } catch (err) {
    $("board-msg").className = "error";
    sayMsg($("board-msg"), err);
    throw err;
  }
}

// drawBoard fills the table; names are text, never markup.
function drawBoard(b) {
  lastBoard = b;
  boardBody.replaceChildren();
  b.runs.forEach((e, i) => {
    const tr = document.createElement("tr");
    const cell = (text) => {
      const td = document.createElement("td");
      td.textContent = text;
      tr.append(td);
      return td;
    };
    cell(num((b.page - 1) * 20 + i + 1)); // 20 a page (api.PageSize)
    cell(e.name).className = "name";
    cell(fixed(e.accuracy, 4)).title = t("board.measured", { correct: e.correct, total: e.total });
    cell(
      t("board.summary", {
        activation: { t: `option.activation.${e.activation}` },
        hidden: e.hidden,
        optimizer: { t: `option.optimizer.${e.optimizer}` },
        trainSize: e.trainSize,
        iterations: e.iterations,
      }),
    );
    const actions = cell("");
    const load = document.createElement("button");
    load.textContent = t("board.load");
    load.onclick = () => loadShared(e.model, e.name).catch(() => {});
    const train = document.createElement("button");
    train.textContent = t("board.train");
    train.onclick = () => trainWith(e.settings).catch(() => {});
    actions.className = "actions";
    actions.append(load, train);
    boardBody.append(tr);
  });
  $("board-msg").className = "";
  if (b.runs.length === 0) say($("board-msg"), "board.empty");
  else if (b.page > 1 || b.next) say($("board-msg"), "board.page", { page: b.page });
  else say($("board-msg"), null);
  $("board-prev").disabled = b.page <= 1;
  $("board-next").disabled = !b.next;
}

// loadShared loads a stored network, to draw against it.
async function loadShared(id, name = t("share.friend")) {
  await ready;
  const msg = $("shared-msg");
  msg.hidden = false;
  msg.className = "shared";
  try {
    const st = await api.loadModel(await Share.model(id), name);
    setModelParam(id);
    const r = await inspect();
    say(msg, "share.loadedShared", { name, acc: r.accuracy });
    return st;
  } catch (err) {
    msg.className = "shared error";
    say(msg, "share.loadFailed", { reason: err.msg || err.message });
    throw err;
  }
}

// trainWith makes a board entry's settings the run's, ready to train.
async function trainWith(settings) {
  await ready;
  writeForm({ ...schema.book, ...settings });
  const st = await applyConfig(settings);
  say($("board-msg"), "board.settingsSet");
  $("train").scrollIntoView({ block: "start" });
  return st;
}

$("btn-share").onclick = () => share().catch(() => {});
$("btn-copy").onclick = async () => {
  $("share-url").select();
  await navigator.clipboard?.writeText($("share-url").value).catch(() => {});
  say($("share-msg"), "share.copied");
};
$("publish").onsubmit = (e) => {
  e.preventDefault();
  publish($("publish-name").value).catch(() => {});
};
$("board-filters").onchange = () => showBoard(1).catch(() => {});
$("board-filters").onsubmit = (e) => e.preventDefault();
$("board-prev").onclick = () => showBoard(lastBoard.page - 1).catch(() => {});
$("board-next").onclick = () => showBoard(lastBoard.page + 1).catch(() => {});

// ---- The API for the console and for tests ----

const api = {
  ready,
  restarts: 0,
  // configure(options) merges options into the settings the run trains
  // with and starts a new run; it rejects (with err.fields, setting →
  // sentence) if a value is refused, and then changes nothing: neither the
  // run nor the form.
  async configure(options = {}) {
    await ready;
    await restarting;
    return applyConfig(options);
  },
  // compare() starts the run again with a twin that computes the gradient
  // the other way, from the same seed; the loss chart shows both.
  async compare() {
    await ready;
    const st = adopt(await call("compare"), true);
    comparing = true;
    markPreset();
    $("compare-msg").hidden = false;
    say($("compare-msg"), "compare.start", { method: { t: `option.gradient.${st.config.gradient}` } });
    return st;
  },
  // tune(options) changes the optimizer's settings of the running run.
  async tune(options = {}) {
    await ready;
    return adopt(await call("tune", options), false);
  },
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
    inspect().catch(() => {});
    refreshLoop(true).catch(() => {});
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
      await refreshLoop(true);
    }
    return api.state();
  },
  state() {
    return { ...state };
  },
  // predict(pixels): 784 whole numbers from 0 (background) to 255 (ink),
  // as an array or a Uint8Array.
  async predict(pixels) {
    await ready;
    const r = await call("predict", pixels);
    return { digit: r.digit, probs: r.probs };
  },
  async drawn() {
    await ready;
    return predictDrawing();
  },
  pickTest: async (i) => {
    await ready;
    return pickTest(i);
  },
  async lastStep() {
    await ready;
    return call("lastStep");
  },
  async gradCheckStep(options = { next: true, skipZero: true }) {
    await ready;
    return gcCall(options);
  },
  async gradCheckSweep(options) {
    await ready;
    return sweep(options);
  },
  async gradCheckAll() {
    await ready;
    const p = $("gc-progress");
    p.hidden = false;
    p.value = 0;
    try {
      const r = await call("gradCheckAll", Number($("gc-h").value));
      showAll(r);
      showHeat(r.w1diff, r.w1diff.length / 784);
      return r;
    } catch (err) {
      sayMsg($("gc-error"), err.msg || err);
      $("gc-error").hidden = false;
      throw err;
    } finally {
      p.hidden = true;
    }
  },
  inspect,
  // share() uploads the net (weights alone) and resolves with {id, link,
  // size, url}; publish(name) puts it on the board, measured by the
  // server; board(page) shows a page; loadShared(id) loads a stored net;
  // trainWith(settings) takes a board entry's settings. apiOn says
  // whether an API answered.
  apiOn: null,
  linked,
  share,
  publish,
  board: (page = 1) => showBoard(page),
  loadShared: (id) => loadShared(id),
  trainWith,
  keepRun: () => keepRun(false),
  runs: () => runs.all(),
  // memory() reports the WebAssembly module's memory, in bytes.
  async memory() {
    return call("memory");
  },
  async saveModel() {
    return (await call("saveModel")).bytes;
  },
  // loadModel(bytes) loads a .snet or .npz (a Uint8Array, an ArrayBuffer or
  // another view of one); a refused file rejects with a message, also
  // shown on the page, and changes nothing.
  async loadModel(bytes, name = t("keep.thefile")) {
    await ready;
    try {
      const st = adopt(await call("loadModel", bytes), true);
      const r = await inspect();
      const c = st.config;
      say($("model-msg"), "keep.loaded", { name, activation: { t: `option.activation.${c.activation}` }, hidden: c.hidden, optimizer: { t: `option.optimizer.${c.optimizer}` }, acc: fixed(r.accuracy, 4) });
      $("model-msg").className = "";
      predictDrawing().catch(() => {});
      return st;
    } catch (err) {
      say($("model-msg"), "keep.failed", { name, reason: err.msg || err.message });
      $("model-msg").className = "error";
      throw err;
    }
  },
  // crash() kills the Go module, as running out of memory would, to show
  // (and test) that the page starts a new one.
  async crash() {
    await ready;
    return call("crash");
  },
  // language(l) switches the page to l (en, ko or ja); missingKeys lists
  // the keys the page asked for that its catalogue lacks (tests read it).
  language: (l) => (l ? switchLanguage(l) : language()),
  missingKeys,
};
window.scratchnet = api;
