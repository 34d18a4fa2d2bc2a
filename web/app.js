// The playground's main thread: it draws and listens. Everything that
// computes runs in the Go module inside worker.js.
import { Charts } from "./charts.js";
import { DrawPad, drawTiles, gray, ink } from "./draw.js";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);

// ---- The worker and its calls ----

const worker = new Worker("worker.js");
let nextId = 1;
const waiting = new Map();

function call(op, ...args) {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    waiting.set(id, { resolve, reject });
    worker.postMessage({ id, op, args });
  });
}

worker.onmessage = (e) => {
  const m = e.data;
  if (m.event) return onEvent(m);
  const w = waiting.get(m.id);
  waiting.delete(m.id);
  if (m.error !== undefined) {
    const err = new Error(m.error);
    err.fields = m.fields;
    w.reject(err);
  } else {
    w.resolve(m.result);
  }
};
worker.onerror = (e) => showLoadError(`The worker failed: ${e.message}`);

// ---- Configuration form ----

const form = $("config");
const FIELDS = ["hidden", "activation", "init", "weightInitStd", "learningRate", "batchSize", "iterations", "seed",
  "weightDecay", "dropout", "patience", "validation", "trainSize", "shuffle", "gradient"];
const NUMERIC = new Set(["hidden", "weightInitStd", "learningRate", "batchSize", "iterations", "seed", "weightDecay",
  "dropout", "patience", "validation", "trainSize"]);
const BOOK_CONFIG = { hidden: 50, activation: "sigmoid", init: "std", weightInitStd: 0.01, learningRate: 0.1,
  batchSize: 100, iterations: 10000, seed: 1, weightDecay: 0, dropout: 0, patience: 0, validation: 0, trainSize: 0,
  shuffle: false, gradient: "backprop" };

function readForm() {
  const c = {};
  for (const f of FIELDS) {
    const v = form.elements[f].value;
    if (f === "shuffle") c[f] = v === "true";
    else if (NUMERIC.has(f)) c[f] = v.trim() === "" ? NaN : Number(v);
    else c[f] = v;
  }
  return c;
}

function writeForm(c) {
  for (const f of FIELDS) if (c[f] !== undefined) form.elements[f].value = String(c[f]);
}

function showFieldErrors(fields) {
  for (const el of form.querySelectorAll(".err")) {
    const msg = (fields && fields[el.dataset.for]) || "";
    el.textContent = msg;
    const input = form.elements[el.dataset.for];
    if (input) input.setAttribute("aria-invalid", msg ? "true" : "false");
  }
}

// notNumbers returns a message for each numeric field that is empty or
// unreadable (NaN cannot cross to Go as JSON).
function notNumbers(c) {
  const bad = {};
  for (const f of NUMERIC) {
    if (!Number.isFinite(c[f])) bad[f] = `${f} must be a number`;
  }
  return bad;
}

function configToURL(c) {
  const q = new URLSearchParams();
  for (const f of FIELDS) if (String(c[f]) !== String(BOOK_CONFIG[f])) q.set(f, String(c[f]));
  const url = `${location.pathname}${q.toString() ? "?" + q : ""}`;
  history.replaceState(null, "", url + location.hash);
  $("share-link").href = location.href;
}

function configFromURL() {
  const c = { ...BOOK_CONFIG };
  for (const f of FIELDS) {
    if (!params.has(f)) continue;
    const v = params.get(f);
    c[f] = f === "shuffle" ? v === "true" : NUMERIC.has(f) ? Number(v) : v;
  }
  return c;
}

let current = null; // the applied configuration
let state = { iteration: 0, epoch: -1, loss: 0, trainAcc: 0, testAcc: 0, running: false };

// applyConfig validates c in Go; on success the run starts again.
async function applyConfig(c) {
  const local = notNumbers(c);
  if (Object.keys(local).length) {
    showFieldErrors(local);
    const err = new Error("invalid configuration");
    err.fields = local;
    throw err;
  }
  try {
    const st = await call("configure", c);
    showFieldErrors(null);
    current = c;
    configToURL(c);
    onReset(st);
    return st;
  } catch (err) {
    showFieldErrors(err.fields || { config: err.message });
    throw err;
  }
}

form.addEventListener("change", () => {
  applyConfig(readForm()).catch(() => {});
});
form.addEventListener("submit", (e) => e.preventDefault());

// ---- Training ----

const charts = new Charts($("loss-chart"), $("acc-chart"));
let rate = { t: performance.now(), it: 0, perSec: 0 };

function onReset(st) {
  charts.reset(st.config ? st.config.activation : "sigmoid");
  $("train-msg").hidden = true;
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
  if (st.stop === "done") parts.push("finished");
  if (st.stop === "early stop") parts.push(`stopped early: epoch ${st.bestEpoch}'s weights restored`);
  $("status").textContent = parts.join(" · ");
  $("btn-train").disabled = running || (st.stop || "") !== "";
  $("btn-pause").disabled = !running;
  $("btn-step").disabled = (st.stop || "") !== "";
}

let lastWeights = 0;
function onEvent(m) {
  if (m.event === "progress") return onProgress(m);
  const st = m.state;
  if (m.event === "train") {
    charts.add(st.firstLoss, st.losses, st.epochs);
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
$("btn-pause").onclick = () => api.pause();
$("btn-step").onclick = () => api.step(1);
$("btn-reset").onclick = async () => onReset(await call("reset"));
const preset = (c) => () => {
  writeForm(c);
  applyConfig(readForm()).catch(() => {});
};
$("btn-book4").onclick = preset(BOOK_CONFIG);
$("btn-book5").onclick = preset({ ...BOOK_CONFIG, activation: "relu" });
$("btn-overfit").onclick = preset({ ...BOOK_CONFIG, hidden: 100, trainSize: 300, learningRate: 0.5, iterations: 3000 });

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

const ready = (async () => {
  const base = params.get("mnist") || "mnist/";
  try {
    await call("init", base);
  } catch (err) {
    showLoadError(`${err.message}. Check that the four MNIST files are served from ${base} (make serve puts them there).`);
    throw err;
  }
  $("loading").hidden = true;
  for (const id of ["btn-train", "btn-step", "btn-reset", "btn-gc-check", "btn-gc-next", "btn-gc-all", "btn-inspect", "btn-save", "btn-npz"]) {
    $(id).disabled = false;
  }
  const c = configFromURL();
  writeForm(c);
  try {
    await applyConfig(c);
  } catch {
    await applyConfig(BOOK_CONFIG); // a bad link still gives a working page
    writeForm(c);
    await applyConfig(c).catch(() => {});
  }
  showSimpleNet(await call("simpleNet"));
})();
ready.then(() => (api.readyMs = performance.now())).catch(() => {});

// ---- Drawing ----

const pad = new DrawPad($("draw"), () => predictDrawing().catch(() => {}));
$("btn-clear").onclick = () => pad.clear();
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
  $("prediction").textContent = r ? `It's a ${r.digit} (${(100 * r.probs[r.digit]).toFixed(1)}%)` : msg;
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
    const s = await call("gradCheckStep", { h: Number($("gc-h").value), ...opts });
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
  const w = await call("weights").catch(() => null);
  if (!w || !current) return;
  const hidden = w.length / 784;
  drawTiles($("weights"), w, hidden, 28, 10, gray);
}

$("btn-inspect").onclick = () => inspect().catch(() => {});
async function inspect() {
  const r = await call("inspect", 40);
  const max = Math.max(...r.confusion.map((row) => Math.max(...row)));
  $("confusion").innerHTML =
    `<tr><th></th>${[...Array(10).keys()].map((k) => `<th>${k}</th>`).join("")}</tr>` +
    r.confusion
      .map((row, t) => `<tr><th>${t}</th>${row.map((v, p) => `<td style="background: rgba(${t === p ? "37,99,235" : "220,38,38"}, ${v ? 0.08 + (0.8 * v) / max : 0})">${v}</td>`).join("")}</tr>`)
      .join("");
  drawGallery($("mistakes"), r.pixels, r.mistakes);
  return r;
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

$("btn-save").onclick = async () => download(await call("saveModel"), "scratchnet.snet");
$("btn-npz").onclick = async () => download(await call("saveNPZ"), "scratchnet.npz");
$("model-file").onchange = async (e) => {
  const f = e.target.files[0];
  if (!f) return;
  await api.loadModel(new Uint8Array(await f.arrayBuffer()), f.name).catch(() => {});
  e.target.value = "";
};

// ---- The API for the console and for tests ----

const api = {
  ready,
  // configure(options) merges options into the current settings and starts
  // a new run; it rejects (with err.fields) if a value is refused.
  async configure(options = {}) {
    await ready;
    const c = { ...readForm(), ...options };
    writeForm(c);
    return applyConfig(c);
  },
  async train() {
    await ready;
    $("train-msg").hidden = true;
    setState({ ...state, stop: "" }, true);
    await call("train");
    return true;
  },
  async pause() {
    await ready;
    const st = await call("pause");
    setState(st, false);
    inspect().catch(() => {});
    return api.state();
  },
  async step(n = 1) {
    await ready;
    await call("step", n);
    return api.state();
  },
  state() {
    return { ...state };
  },
  async predict(pixels) {
    await ready;
    const r = await call("predict", Uint8Array.from(pixels));
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
    return call("saveModel");
  },
  // loadModel(bytes) loads a .snet or .npz; a bad file rejects with a
  // message, also shown on the page.
  async loadModel(bytes, name = "the file") {
    await ready;
    try {
      const st = await call("loadModel", bytes);
      current = { ...current, ...st.config };
      writeForm(current);
      configToURL(current);
      onReset(st);
      const r = await inspect();
      $("model-msg").textContent = `Loaded ${name}: ${st.config.activation} 784-${st.config.hidden}-10, test accuracy ${r.accuracy.toFixed(4)}.`;
      $("model-msg").className = "";
      predictDrawing().catch(() => {});
      return st;
    } catch (err) {
      $("model-msg").textContent = `Could not load ${name}: ${err.message}`;
      $("model-msg").className = "error";
      throw err;
    }
  },
};
window.scratchnet = api;
