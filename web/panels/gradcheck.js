// The gradient check (the book's 5.7) as a lesson: one weight at a time
// (numerical against backprop, the losses either side, what the sign
// means), its error against h, Check all beside the book's figures with
// W1's differences as a heat map, and chapter 4's simpleNet worked out.
import { hChart } from "../charts.js";
import { $, canvasPoint, make, row } from "../dom.js";
import { drawTiles, ink } from "../draw.js";
import { ROUNDING_DIGITS, allRows, digitsAgree, stepRows } from "../gcmath.js";
import { skippedNote, zeroNote } from "../gczero.js";
import { bestH } from "../series.js";
import { heatTiles, weightAt } from "../tiles.js";

// H0 is the book's h, marked on the plot of the error against h.
const H0 = 1e-4;

// mount wires the panel. hidden() is the run's hidden units (the width
// of W1's map).
export function mount({ call, words, ready, hidden }) {
  const { t, say, sayMsg, language } = words;
  const list = (items) => new Intl.ListFormat(language(), { type: "conjunction" }).format(items);
  let lastStep = null;
  let lastSimple = null;
  let lastAll = null;

  function showStep(s) {
    lastStep = s;
    $("gc-step").replaceChildren(...stepRows(s, t).map(([k, v]) => row(k, v)));
    $("gc-key").value = s.key;
    $("gc-row").value = s.row;
    $("gc-col").value = s.col;
    $("gc-net").value = s.net;
    const g = s.backprop;
    const parts = [];
    // Why gradients are 0, in the Go module's reasons (a ReLU unit off for
    // all three images is not a blank pixel).
    const skipped = skippedNote(s, t, list);
    const zero = zeroNote(s);
    if (skipped) parts.push(t(skipped.key, skipped.args));
    parts.push(g > 0 ? t("gc.sign.pos", { g: g.toPrecision(3) }) : g < 0 ? t("gc.sign.neg", { g: (-g).toPrecision(3) }) : t("gc.sign.zero"));
    if (zero) parts.push(t(zero.key, zero.args));
    const agree = digitsAgree(s.lossPlus, s.lossMinus);
    if (agree >= ROUNDING_DIGITS) parts.push(t("gc.rounding", { digits: agree, left: Math.max(0, 16 - agree) }));
    $("gc-sign").textContent = parts.join(" ");
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
      const s = await call("gradCheckStep", { h, net: $("gc-net").value, ...opts });
      showStep(s);
      sweep(s).catch(() => {});
      return s;
    } catch (err) {
      showError(err);
      throw err;
    }
  }

  // sweep plots the chosen parameter's error against h.
  async function sweep(s) {
    const pts = await call("gradCheckSweep", { key: s.key, row: s.row, col: s.col, net: s.net || $("gc-net").value });
    $("gc-h-fig").hidden = false;
    hChart($("gc-h-chart"), pts, H0);
    const best = bestH(pts);
    say($("gc-h-text"), "gc.hbest", { h: best.h.toExponential(0), err: best.absErr.toExponential(1) });
    return pts;
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
    },
    // showSimpleNet works chapter 4's simpleNet out.
    showSimpleNet: async () => showSimpleNet(await call("simpleNet")),
    // progress moves Check all's bar (a progress event from the worker).
    progress: (m) => m.what === "gradcheck" && ($("gc-progress").value = m.done / m.total),
    relabel() {
      if (lastStep) showStep(lastStep);
      if (lastSimple) showSimpleNet(lastSimple);
      if (lastAll) showAll(lastAll);
    },
  };
}
