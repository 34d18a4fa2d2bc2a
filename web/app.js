// The playground's main thread: it draws and listens. Everything that
// computes runs in the Go module inside worker.js.
import { Charts } from "./charts.js";
import { DrawPad, drawTiles, gray, ink } from "./draw.js";

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
      const err = new Error(m.error);
      err.fields = m.fields;
      w.reject(err);
    } else {
      w.resolve(m.result);
    }
  };
  worker.onerror = (e) => moduleDied(`the worker failed: ${e.message}`);
}

// moduleDied answers every waiting call with the reason and starts a new
// worker with the same settings.
function moduleDied(reason) {
  if (restarting) return;
  const msg = `The Go module stopped (${reason}). A new one is starting with your settings; the run starts again from iteration 0.`;
  $("crash-msg").textContent = msg;
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
    $("crash-msg").textContent = `The Go module stopped (${reason}) and was restarted with your settings.`;
  })().finally(() => (restarting = null));
  restarting.catch((err) => showLoadError(err.message));
}

// ---- Settings, made from the Go module's schema ----

const form = $("config");
let schema = null; // {settings, book, stops}
let current = null; // the settings the run trains with
let formErrors = {}; // setting → sentence, for what the form shows
let state = { iteration: 0, epoch: -1, loss: 0, trainAcc: 0, testAcc: 0, running: false, stop: "" };
const TUNABLE = new Set(["optimizer", "learningRate", "momentum", "beta1", "beta2"]);

// buildForm makes one field per setting: the main ones first, the
// advanced ones folded.
function buildForm() {
  for (const s of schema.settings) {
    const box = document.createElement("div");
    box.className = "field";
    const id = `f-${s.name}`;
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = s.label;
    let input;
    if (s.kind === "choice" || s.kind === "bool") {
      input = document.createElement("select");
      for (const o of s.kind === "bool" ? ["false", "true"] : s.options) input.add(new Option(o, o));
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
    input.setAttribute("aria-describedby", `help-${s.name} err-${s.name}`);
    const help = document.createElement("span");
    help.className = "help";
    help.id = `help-${s.name}`;
    help.textContent = `${s.help} · book: ${s.book}`;
    box.append(label, input, help, err);
    $(s.advanced ? "fields-advanced" : "fields-main").append(box);
  }
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

// showFieldErrors shows each refused setting's sentence next to it and
// keeps Train and Step off while any is shown.
function showFieldErrors(fields) {
  formErrors = fields || {};
  for (const el of form.querySelectorAll(".err[data-for]")) {
    const msg = formErrors[el.dataset.for] || "";
    el.textContent = msg;
    const input = form.elements[el.dataset.for];
    if (input) input.setAttribute("aria-invalid", msg ? "true" : "false");
  }
  const unknown = Object.keys(formErrors).filter((f) => !form.elements[f]);
  $("config-error").textContent = unknown.map((f) => formErrors[f]).join(" ");
  if (Object.keys(formErrors).some((f) => schema.settings.find((s) => s.name === f && s.advanced))) $("advanced").open = true;
  setState(state, state.running);
}

function configToURL(c) {
  const q = new URLSearchParams(params);
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
  if (newRun) onReset(st);
  else charts.setTunes(st.tunes);
  return st;
}

// applyConfig starts a new run with options merged into the settings that
// run now. A refused call changes nothing and rejects with err.fields.
async function applyConfig(options) {
  return adopt(await call("configure", options), true);
}

// onFormChange applies what the reader typed: the optimizer's settings
// change the running run (marked on the chart), others start a new one.
// A refused value stays in the form, with its sentence, and Train and Step
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
    showFieldErrors(err.fields || { config: err.message });
  }
});
form.addEventListener("submit", (e) => e.preventDefault());

// ---- Training ----

let charts = null; // made once the schema (with the book's figures) is known
$("acc-zoom").onchange = (e) => charts && charts.setZoom(e.target.checked);
let rate = { t: performance.now(), it: 0, perSec: 0 };

// runId counts the runs the page has shown, so an answer about an older
// run (a step(n) that a configure ended) does not overwrite the new one's.
let runId = 0;

function onReset(st) {
  runId++;
  charts.reset(st.config, st.iterPerEpoch);
  $("train-msg").hidden = true;
  $("compare-msg").hidden = true;
  const every = st.evalEvery / st.iterPerEpoch;
  $("acc-note").textContent =
    every > 1 ? ` · evaluated every ${every} epochs (${st.evalEvery} iterations): scoring all the images costs more than training one epoch` : "";
  rate = { t: performance.now(), it: 0, perSec: 0 };
  setState(st, false);
  refreshWeights(true);
}

function setState(st, running) {
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
  const parts = [
    `iteration ${state.iteration} / ${total}`,
    `epoch ${Math.max(state.epoch, 0)}`,
    `loss ${state.iteration ? state.loss.toFixed(4) : "—"}`,
    `train acc ${state.epoch >= 0 ? state.trainAcc.toFixed(4) : "—"}`,
    `test acc ${state.epoch >= 0 ? state.testAcc.toFixed(4) : "—"}`,
  ];
  if (st.valAcc) parts.push(`validation acc ${st.valAcc.toFixed(4)}`);
  if (running && rate.perSec > 0) parts.push(`${Math.round(rate.perSec)} steps/s`);
  if (st.evals) parts.push(`${st.evals} loss evaluations per step, ${st.stepMillis.toFixed(0)} ms each step`);
  if (schema && state.stop === schema.stops.done) parts.push("finished");
  if (schema && state.stop === schema.stops.early) parts.push(`stopped early: epoch ${st.bestEpoch}'s weights restored`);
  $("status").textContent = parts.join(" · ");
  const invalid = Object.keys(formErrors).length > 0 || !schema || !!restarting;
  $("btn-train").disabled = invalid || running || state.stop !== "";
  $("btn-pause").disabled = !running;
  $("btn-step").disabled = invalid || state.stop !== "";
}

function onEvent(m) {
  if (m.event === "progress") return onProgress(m);
  if (m.event === "exited") return moduleDied(m.message);
  const st = m.state;
  if (m.event === "train") {
    charts.add(st.firstLoss, st.losses, st.epochs, st.twin);
    showCompare(st);
    setState(st, st.running);
    refreshWeights(false);
    if (st.epochs && st.epochs.length) predictDrawing().catch(() => {});
  }
  if (m.event === "stopped") {
    setState(st, false);
    refreshWeights(true);
    inspect().catch(() => {});
    if (st.message) {
      $("train-msg").textContent = st.message;
      $("train-msg").hidden = false;
    }
  }
}

$("btn-train").onclick = () => api.train();
$("btn-pause").onclick = () => api.pause().then(() => $("btn-train").focus());
$("btn-step").onclick = () => api.step(1);
$("btn-reset").onclick = async () => onReset(await call("reset"));
const preset = (c) => () => {
  writeForm({ ...schema.book, ...c });
  applyConfig({ ...schema.book, ...c }).catch((err) => showFieldErrors(err.fields || { config: err.message }));
};
$("btn-book4").onclick = preset({});
$("btn-book5").onclick = preset({ activation: "relu" });
$("btn-overfit").onclick = preset({ hidden: 100, trainSize: 300, learningRate: 0.5, iterations: 3000 });
$("btn-compare").onclick = () => api.compare().catch((err) => showFieldErrors(err.fields || { config: err.message }));

// showCompare says, while two gradient methods train side by side, what
// each costs a step.
function showCompare(st) {
  const msg = $("compare-msg");
  msg.hidden = !st.twin;
  if (!st.twin || !st.twin.runMillis) return;
  const [num, bp] = st.twin.gradient === "numerical" ? [st.twin.stepMillis, st.twin.runMillis] : [st.twin.runMillis, st.twin.stepMillis];
  msg.textContent = `The same net, the same mini-batches, two gradients: numerical (chapter 4) ${num.toFixed(1)} ms a step, backpropagation (chapter 5) ${bp.toFixed(2)} ms a step. The curves lie on each other; one method is ${Math.round(num / bp)} times slower.`;
}

// ---- Loading ----

function onProgress(m) {
  if (m.what === "download") {
    $("load-label").textContent = `Loading MNIST: ${(m.done / 1e6).toFixed(1)} of ${(m.total / 1e6).toFixed(1)} MB`;
    $("load-progress").value = m.total ? m.done / m.total : 0;
  } else if (m.what === "decode") {
    $("load-label").textContent = "Decoding MNIST…";
    $("load-progress").removeAttribute("value");
  } else if (m.what === "gradcheck") {
    $("gc-progress").value = m.done / m.total;
  }
}

function showLoadError(msg) {
  $("load-error").textContent = msg;
  $("load-error").hidden = false;
  $("load-label").textContent = "MNIST could not be loaded.";
  $("load-progress").hidden = true;
}

// mnistBase is where MNIST is fetched from: mnist/, or a same-origin path
// given as ?mnist= (for tests); a link cannot point the page at another
// site's data.
function mnistBase() {
  const p = params.get("mnist");
  if (!p) return "mnist/";
  const u = new URL(p, location.href);
  if (u.origin !== location.origin) throw new Error(`?mnist= must name a folder on this site, not ${u.origin}`);
  return u.pathname.endsWith("/") ? u.pathname : u.pathname + "/";
}

const ready = (async () => {
  let base = "mnist/";
  try {
    base = mnistBase();
    startWorker();
    await call("init", base);
  } catch (err) {
    showLoadError(`${err.message}. Check that the four MNIST files are served from ${base} (make serve puts them there).`);
    throw err;
  }
  $("loading").hidden = true;
  schema = await call("schema");
  charts = new Charts($("loss-chart"), $("acc-chart"), schema.figures);
  buildForm();
  for (const id of ["btn-reset", "btn-gc-check", "btn-gc-next", "btn-gc-all", "btn-inspect", "btn-save", "btn-npz"]) {
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
    showFieldErrors(err.fields || { config: err.message });
  }
  showSimpleNet(await call("simpleNet"));
})();
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
  probs.insertAdjacentHTML("beforeend", `<div class="bar"><span>${k}</span><div class="fill"></div><span class="pv"></span></div>`);
}

let drawing = Promise.resolve(null);
let drawQueued = false;
// predictDrawing asks the worker about the canvas, one request at a time.
function predictDrawing() {
  if (drawQueued) return drawing;
  drawQueued = true;
  drawing = drawing.catch(() => {}).then(async () => {
    drawQueued = false;
    try {
      const r = await call("drawn", pad.ink(), pad.canvas.width, pad.canvas.height);
      showDrawn(r);
      return r;
    } catch (err) {
      showDrawn(null, err.message);
      throw err;
    }
  });
  return drawing;
}

function showDrawn(r, msg) {
  const c = $("input28").getContext("2d");
  const img = c.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const v = r ? 255 - r.input[i] : 255;
    img.data.set([v, v, v, 255], 4 * i);
  }
  c.putImageData(img, 0, 0);
  // An untrained net's answer is a guess: say so, and offer to train.
  const untrained = r && state.iteration === 0;
  $("prediction").textContent = !r
    ? msg
    : untrained
      ? `The network has not learned yet: its answer, ${r.digit} (${(100 * r.probs[r.digit]).toFixed(1)}%), is a guess.`
      : `It's a ${r.digit} (${(100 * r.probs[r.digit]).toFixed(1)}%)`;
  $("btn-draw-train").hidden = !untrained;
  $("prediction").classList.toggle("muted", !r);
  const bars = probs.querySelectorAll(".bar");
  bars.forEach((b, k) => {
    const p = r ? r.probs[k] : 0;
    b.querySelector(".fill").style.width = `${(100 * p).toFixed(1)}%`;
    b.querySelector(".pv").textContent = r ? p.toFixed(3) : "";
    b.classList.toggle("top", !!r && k === r.digit);
  });
}

// ---- Gradient check ----

function showStep(s) {
  const rows = [
    ["parameter", `${s.key}[${s.row}][${s.col}]`],
    ["w", s.value],
    ["L(w + h)", s.lossPlus],
    ["L(w − h)", s.lossMinus],
    ["numerical ∂L/∂w", s.numerical],
    ["backprop ∂L/∂w", s.backprop],
    ["absolute error", s.absErr],
    ["relative error", s.relErr],
  ];
  $("gc-step").innerHTML = rows.map(([k, v]) => `<tr><th>${k}</th><td>${typeof v === "number" ? v.toPrecision(10) : v}</td></tr>`).join("");
  $("gc-key").value = s.key;
  $("gc-row").value = s.row;
  $("gc-col").value = s.col;
  const g = s.backprop;
  $("gc-sign").textContent =
    g > 0
      ? `∂L/∂w is positive: increasing this weight increases the loss, so SGD decreases it (w ← w − lr·${g.toPrecision(3)}).`
      : g < 0
        ? `∂L/∂w is negative: increasing this weight decreases the loss, so SGD increases it (w ← w + lr·${(-g).toPrecision(3)}).`
        : "∂L/∂w is 0: this weight does not change the loss on these images (for W1, its pixel is blank in all three), so SGD leaves it alone.";
}

async function gcCall(opts) {
  $("gc-error").hidden = true;
  try {
    const h = Number($("gc-h").value);
    if ($("gc-h").value.trim() === "" || !Number.isFinite(h)) throw new Error("h must be a number, e.g. 1e-4 (the book's)");
    const s = await call("gradCheckStep", { h, ...opts });
    showStep(s);
    return s;
  } catch (err) {
    $("gc-error").textContent = err.message;
    $("gc-error").hidden = false;
    throw err;
  }
}

$("btn-gc-check").onclick = () =>
  gcCall({ key: $("gc-key").value, row: Number($("gc-row").value), col: Number($("gc-col").value) }).catch(() => {});
$("btn-gc-next").onclick = () => gcCall({ next: true }).catch(() => {});
$("btn-gc-all").onclick = () => api.gradCheckAll().catch(() => {});

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

function showSimpleNet(r) {
  const m = (a) => `<table class="matrix"><tr>${a.slice(0, 3).map((v) => `<td>${v.toFixed(8)}</td>`).join("")}</tr><tr>${a.slice(3).map((v) => `<td>${v.toFixed(8)}</td>`).join("")}</tr></table>`;
  $("simplenet").innerHTML =
    `<p class="small">x = [${r.x}], t = [${r.t}], p = x·W = [${r.p.map((v) => v.toFixed(8)).join(", ")}], loss ${r.loss.toFixed(8)}</p>` +
    `<div class="side"><div><p>W (the book's)</p>${m(r.W)}</div><div><p>numerical dW (same shape as W)</p>${m(r.dW)}</div></div>` +
    `<p class="small">The book prints dW = [[0.21924763 0.14356247 −0.36281009] [0.32887144 0.21534371 −0.54421514]]: those are for −log y without the book's own 1e-7 guard, which moves the seventh digit.</p>`;
}

// ---- Looking inside ----

let weightsAt = 0;
async function refreshWeights(now) {
  if (!now && performance.now() - weightsAt < 500) return;
  weightsAt = performance.now();
  const r = await call("weights").catch(() => null);
  if (!r || !current) return;
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
// set through the DOM: the page's CSP allows no inline style attributes).
function showConfusion(table, confusion) {
  const max = Math.max(...confusion.map((row) => Math.max(...row)));
  const head = document.createElement("tr");
  const corner = document.createElement("th");
  corner.scope = "col";
  corner.textContent = "label \\ answer";
  head.append(corner);
  for (let k = 0; k < 10; k++) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = k;
    head.append(th);
  }
  const rows = confusion.map((row, t) => {
    const tr = document.createElement("tr");
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = t;
    tr.append(th);
    row.forEach((v, p) => {
      const td = document.createElement("td");
      td.textContent = v;
      td.style.background = `rgba(${t === p ? "37,99,235" : "220,38,38"}, ${v ? 0.08 + (0.8 * v) / max : 0})`;
      tr.append(td);
    });
    return tr;
  });
  table.replaceChildren(head, ...rows);
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
    $("compare-msg").hidden = false;
    $("compare-msg").textContent = `Comparing ${st.config.gradient} with the other gradient: press Train or Step.`;
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
    setState({ ...state, stop: "" }, true);
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
    return api.state();
  },
  // step(n) trains n mini-batches (fewer if paused or reconfigured
  // meanwhile) and resolves with the state where it stopped.
  async step(n = 1) {
    await ready;
    const my = runId;
    const st = await call("step", n);
    if (my === runId) setState(st, false);
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
  async gradCheckStep(options = { next: true }) {
    await ready;
    return gcCall(options);
  },
  async gradCheckAll() {
    await ready;
    const p = $("gc-progress");
    p.hidden = false;
    p.value = 0;
    try {
      const r = await call("gradCheckAll", Number($("gc-h").value));
      $("gc-all").textContent = r.text;
      showHeat(r.w1diff, r.w1diff.length / 784);
      return r;
    } catch (err) {
      $("gc-error").textContent = err.message;
      $("gc-error").hidden = false;
      throw err;
    } finally {
      p.hidden = true;
    }
  },
  inspect,
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
  async loadModel(bytes, name = "the file") {
    await ready;
    try {
      const st = adopt(await call("loadModel", bytes), true);
      const r = await inspect();
      $("model-msg").textContent = `Loaded ${name}: ${st.config.activation} 784-${st.config.hidden}-10, ${st.config.optimizer}, test accuracy ${r.accuracy.toFixed(4)}.`;
      $("model-msg").className = "";
      predictDrawing().catch(() => {});
      return st;
    } catch (err) {
      $("model-msg").textContent = `Could not load ${name}: ${err.message}`;
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
};
window.scratchnet = api;
