// The gradient check (the book's 5.7) as a lesson: one weight at a time
// (numerical against backprop, the losses either side, what the sign
// means), its error against h, Check all beside the book's figures with
// W1's differences as a heat map, and chapter 4's simpleNet worked out.
import { hChart } from "../charts.js";
import { $, canvasPoint, make, row } from "../dom.js";
import { drawTiles, ink } from "../draw.js";
import { allRows, stepNotes, stepRows, sweepNote } from "../gcmath.js";
import { skippedNote, zeroNote } from "../gczero.js";
import { heatTiles, weightAt } from "../tiles.js";

// H0 is the book's h, marked on the plot of the error against h.
const H0 = 1e-4;

// mount wires the panel. hidden() is the run's hidden units (the width
// of W1's map). The panel shows the current net's weights: a new run
// empties it and sets Check on the first weight whose gradient is not
// zero (as Next finds it: a blank pixel's W1[0][0] would show only zeros).
export function mount({ call, words, ready, hidden }) {
  const { t, say, sayMsg, language } = words;
  const list = (items) => new Intl.ListFormat(language(), { type: "conjunction" }).format(items);
  let lastStep = null;
  let lastSimple = null;
  let lastAll = null;
  let lastSweep = null;
  let enabled = false;
  // queue runs the panel's calls to Go one after another, so opening on a
  // weight (two calls) never splits a reader's Next.
  let queue = Promise.resolve();
  const inTurn = (f) => (queue = queue.catch(() => {}).then(f));

  function showStep(s) {
    lastStep = s;
    $("gc-step").replaceChildren(...stepRows(s, t).map(([k, v]) => row(k, v)));
    setFields(s);
    $("gc-net").value = s.net;
    // Why gradients are 0, in the Go module's reasons (a ReLU unit off for
    // all three images is not a blank pixel), after the sign's note.
    const [sign, ...rest] = stepNotes(s);
    const notes = [skippedNote(s, t, list), sign, zeroNote(s), ...rest].filter(Boolean);
    $("gc-sign").textContent = notes.map((m) => t(m.key, m.args)).join(" ");
    // The run's weights after its iteration, or a book net as it starts.
    say($("gc-note"), s.net === "run" ? "gc.which" : "gc.whichBook", { i: s.iteration });
    $("gc-note").hidden = false;
  }

  function setFields(s) {
    $("gc-key").value = s.key;
    $("gc-row").value = s.row;
    $("gc-col").value = s.col;
  }

  // open sets the fields on the first weight with a non-zero gradient: Next
  // finds it, and checking W1[0][0] puts Next's place back at the start.
  function open() {
    if (!enabled) return;
    inTurn(async () => {
      const net = $("gc-net").value;
      const s = await call("gradCheckStep", { next: true, skipZero: true, net });
      await call("gradCheckStep", { key: "W1", row: 0, col: 0, net });
      if (!lastStep) setFields(s);
    }).catch(() => {});
  }

  function showError(err) {
    sayMsg($("gc-error"), err.msg || err);
    $("gc-error").hidden = false;
  }

  // check checks one weight (opts: {key, row, col} or {next, skipZero},
  // and net: the one chosen if absent) with the h typed in.
  async function check(opts) {
    $("gc-error").hidden = true;
    try {
      const h = Number($("gc-h").value);
      if ($("gc-h").value.trim() === "" || !Number.isFinite(h)) throw Object.assign(new Error(t("gc.hNumber")), { msg: { key: "gc.hNumber" } });
      const s = await inTurn(() => call("gradCheckStep", { h, net: $("gc-net").value, ...opts }));
      showStep(s);
      sweep(s).catch(() => {});
      return s;
    } catch (err) {
      showError(err);
      throw err;
    }
  }

  // sweep plots the chosen parameter's error against h (nothing to plot
  // when both methods agree exactly at every h: it says so instead).
  async function sweep(s) {
    const pts = await call("gradCheckSweep", { key: s.key, row: s.row, col: s.col, net: s.net || $("gc-net").value });
    showSweep(pts);
    return pts;
  }

  function showSweep(pts) {
    lastSweep = pts;
    const note = sweepNote(pts);
    $("gc-h-fig").hidden = false;
    $("gc-h-chart").hidden = !note.plot;
    if (note.plot) hChart($("gc-h-chart"), pts, H0);
    say($("gc-h-text"), note.key, note.args);
  }

  // clear empties the panel for a new net (its table, plot and Check all
  // were the old net's) and sets Check on the new net's first weight.
  function clear() {
    lastStep = lastAll = lastSweep = null;
    $("gc-step").replaceChildren();
    $("gc-sign").textContent = "";
    say($("gc-note"), null);
    $("gc-note").hidden = true;
    $("gc-h-fig").hidden = true;
    $("gc-all").replaceChildren();
    $("gc-all-note").hidden = true;
    $("gc-heat-fig").hidden = true;
    $("gc-error").hidden = true;
    open();
  }

  // checkAll runs the book's whole check on net (absent: the one chosen).
  async function checkAll(net) {
    if (net) $("gc-net").value = net;
    const p = $("gc-progress");
    p.hidden = false;
    p.value = 0;
    try {
      const r = await call("gradCheckAll", Number($("gc-h").value), $("gc-net").value);
      showAll(r);
      drawTiles($("gc-heat"), heatTiles(r.w1diff, r.w1diff.length / 784), r.w1diff.length / 784, 28, 10, ink);
      $("gc-heat-fig").hidden = false;
      return r;
    } catch (err) {
      showError(err);
      throw err;
    } finally {
      p.hidden = true;
    }
  }

  // showAll shows the whole check beside what the book prints.
  function showAll(r) {
    lastAll = r;
    const head = make("tr");
    for (const k of ["gc.all.param", "gc.all.ours", "gc.all.book"]) head.append(make("th", { scope: "col", textContent: t(k) }));
    $("gc-all").replaceChildren(head, ...allRows(r).map((cells) => row(null, ...cells)));
    $("gc-all").dataset.text = r.text;
    // Which net the figures are for: the book prints its figures for the
    // ReLU check net.
    if (r.net === "run") say($("gc-all-note"), "gc.all.note", { i: r.iteration });
    else say($("gc-all-note"), r.net === "sigmoid" ? "gc.all.sigmoid" : "gc.all.relu");
    $("gc-all-note").hidden = false;
    if (r.bug) say($("gc-all-bug"), "gc.all.bug", { bug: { t: `bugs.name.${r.bug}` } });
    $("gc-all-bug").hidden = !r.bug;
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

  // checkWeight checks W1[row][col] of this run's weights (a click on a
  // map of them) and brings the result into view.
  function checkWeight(row, col) {
    check({ key: "W1", row, col, net: "run" })
      .then(() => $("gc-step").scrollIntoView({ block: "nearest" }))
      .catch(() => {});
  }

  $("btn-gc-check").onclick = () => check({ key: $("gc-key").value, row: Number($("gc-row").value), col: Number($("gc-col").value) }).catch(() => {});
  $("btn-gc-next").onclick = () => check({ next: true, skipZero: true }).catch(() => {});
  $("btn-gc-all").onclick = () => checkAll().catch(() => {});
  // A click on the heat map checks that weight: the tile is the hidden
  // unit, the pixel the row.
  const heat = $("gc-heat");
  heat.addEventListener("click", (e) => {
    const w = weightAt(...canvasPoint(heat, e), lastAll ? lastAll.w1diff.length / 784 : hidden());
    if (w) check({ key: "W1", row: w.row, col: w.col, net: lastAll ? lastAll.net : $("gc-net").value }).catch(() => {});
  });

  const api = {
    async gradCheckStep(options = { next: true, skipZero: true }) {
      await ready;
      return check(options);
    },
    async gradCheckSweep(options) {
      await ready;
      return sweep(options);
    },
    // gradCheckAll({net}) checks "relu" (the book's chapter 5 net, the
    // default), "sigmoid" or "run" (this run's weights).
    async gradCheckAll({ net = "relu" } = {}) {
      await ready;
      return checkAll(net);
    },
  };
  return {
    api,
    checkWeight,
    checkAll,
    enable() {
      for (const id of ["btn-gc-check", "btn-gc-next", "btn-gc-all"]) $(id).disabled = false;
      enabled = true;
      open();
    },
    clear,
    // showSimpleNet works chapter 4's simpleNet out.
    showSimpleNet: async () => showSimpleNet(await call("simpleNet")),
    // progress moves Check all's bar (a progress event from the worker).
    progress: (m) => m.what === "gradcheck" && ($("gc-progress").value = m.done / m.total),
    relabel() {
      if (lastStep) showStep(lastStep);
      if (lastSweep) showSweep(lastSweep);
      if (lastSimple) showSimpleNet(lastSimple);
      if (lastAll) showAll(lastAll);
    },
  };
}
