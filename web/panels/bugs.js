// The bugs the gradient check catches (5.7.3): the reader switches one
// known-wrong backward pass on (one at a time; "right" switches it off),
// the book's check runs on the book's check net and its three images, and
// the parameters the bug spoils stand out beside their figures without
// it; a short run with and without the bug shows what it does to the
// loss. The bugs live in the Go module beside the right code (core's
// BackpropBugs); the gradient check panel runs the check.
import uPlot from "../vendor/uPlot.esm.js";
import { caughtKeys, parted } from "../bugview.js";
import { RUN_COLORS } from "../runschart.js";
import { $, make } from "../dom.js";

// RUN_ITERATIONS: the short run, long enough for the curves to part.
const RUN_ITERATIONS = 100;

// mount wires the panel. checkAll(net) runs the gradient check panel's
// Check all on that net and resolves its result; onSwitch() is told when
// the bug changed (the layers view shows it).
export function mount({ call, words, ready, checkAll, onSwitch }) {
  const { t, num, say, language } = words;
  let bugs = []; // [{name, spoils, activation}]
  let on = "";
  const clean = {}; // net → {key: error} without a bug
  let last = null; // the last check shown: {name, net, diffs}
  let lastRun = null;
  let busy = false;
  let queue = Promise.resolve();
  const inTurn = (f) => (queue = queue.catch(() => {}).then(f));
  const netOf = (name) => (bugs.find((b) => b.name === name) || {}).activation || "relu";

  function radios() {
    const box = $("bugs-choice");
    const legend = box.querySelector("legend");
    const option = (value, key) => {
      const input = make("input", { type: "radio", name: "bug", value, checked: value === on });
      input.onchange = () => choose(value);
      return make("label", {}, input, " ", make("span", { textContent: t(key) }));
    };
    box.replaceChildren(legend, option("", "bugs.none"), ...bugs.map((b) => option(b.name, `bugs.name.${b.name}`)));
  }

  // choose is a reader's switch: the latest one wins, in turn.
  let wanted = null;
  function choose(name) {
    wanted = name;
    return inTurn(() => (wanted === name ? apply(name, true) : null));
  }

  // apply switches the bug on (and, with check, checks the net it
  // spoils, first without the bug if that net's clean figures are not
  // known yet).
  async function apply(name, check) {
    const net = netOf(name);
    busy = check;
    try {
      if (check) say($("bugs-msg"), "bugs.checking", { net: { t: `gc.net.${net}` } });
      if (check && name && !clean[net]) {
        await call("backpropBug", null);
        clean[net] = errors(await checkAll(net));
      }
      const v = await call("backpropBug", name || null);
      switched(v.on);
      if (!check) return v;
      say($("bugs-msg"), "bugs.checking", { net: { t: `gc.net.${net}` } });
      const r = await checkAll(net);
      if (!r.bug) clean[net] = errors(r);
      showCheck({ name: r.bug || "", net: r.net, diffs: errors(r) });
      return v;
    } finally {
      busy = false;
      $("bugs-progress").hidden = true;
    }
  }

  function switched(name) {
    if (name === on) return;
    on = name;
    for (const input of document.querySelectorAll("input[name=bug]")) input.checked = input.value === on;
    $("btn-bugrun").disabled = on === "";
    last = null;
    lastRun = null;
    $("bugs-check").replaceChildren();
    say($("bugs-msg"), null);
    say($("bugs-run-msg"), null);
    say($("bugs-run-note"), null);
    $("bugs-run-fig").hidden = true;
    onSwitch();
  }

  const errors = (r) => Object.fromEntries(r.diffs.map((d) => [d.key, d.diff]));
  const e3 = (x) => x.toExponential(2);

  // showCheck tabulates the check beside the net's figures without the
  // bug, marking what the bug was expected to spoil and what it did.
  function showCheck(c) {
    last = c;
    const bug = bugs.find((b) => b.name === c.name);
    const keys = Object.keys(c.diffs);
    const cols = c.name ? ["bugs.col.param", "bugs.col.with", "bugs.col.without", "bugs.col.verdict"] : ["bugs.col.param", "gc.all.ours"];
    const head = make("tr", {}, ...cols.map((k) => make("th", { scope: "col", textContent: t(k) })));
    const caught = caughtKeys(c.diffs);
    const body = keys.map((k) => {
      const jumped = caught.includes(k);
      const cell = (text) => make("td", { textContent: text, className: jumped ? "caught" : "" });
      const tr = make("tr", {}, make("th", { scope: "row", textContent: k }), cell(e3(c.diffs[k])));
      if (c.name) {
        const before = clean[c.net] && clean[c.net][k];
        tr.append(make("td", { textContent: before === undefined ? "—" : e3(before) }), cell(t(jumped ? "bugs.jumped" : "bugs.same")));
        if (bug && bug.spoils.includes(k)) tr.classList.add("spoiled");
      }
      return tr;
    });
    $("bugs-check").replaceChildren(head, ...body);
    const list = new Intl.ListFormat(language(), { type: "conjunction" }).format(caught);
    if (c.name) say($("bugs-msg"), "bugs.caught", { keys: list, net: { t: `gc.net.${c.net}` } });
    else say($("bugs-msg"), "bugs.clean", { net: { t: `gc.net.${c.net}` } });
  }

  // run trains the bug's net twice from the same weights, with and
  // without the bug, and plots both losses.
  async function run(options = {}) {
    const o = { bug: on, iterations: RUN_ITERATIONS, ...options };
    $("btn-bugrun").disabled = true;
    say($("bugs-run-msg"), "bugs.running");
    try {
      const r = await call("bugRun", o);
      lastRun = r;
      showRun(r);
      return r;
    } finally {
      $("btn-bugrun").disabled = on === "";
    }
  }

  let plot = null;
  const chartWidth = () => Math.max(240, Math.min(560, $("bugs").clientWidth - 40));
  addEventListener("resize", () => plot && plot.setSize({ width: chartWidth(), height: 200 }));
  function showRun(r) {
    const net = { t: `gc.net.${r.activation === "sigmoid" ? "sigmoid" : "relu"}` };
    $("bugs-run-fig").hidden = false;
    say($("bugs-run-cap"), "bugs.runCaption", { net });
    say($("bugs-run-msg"), "bugs.runResult", { n: r.iterations, right: num(r.right.at(-1)), wrong: num(r.wrong.at(-1)) });
    if (parted(r.right, r.wrong)) say($("bugs-run-note"), null);
    else say($("bugs-run-note"), "bugs.runSame");
    const el = $("bugs-run-chart");
    if (plot) plot.destroy();
    el.replaceChildren();
    const xs = r.right.map((_, i) => i + 1);
    const numbers = (u, s) => s.map((v) => (v == null ? "" : num(v)));
    plot = new uPlot(
      {
        width: chartWidth(),
        height: 200,
        scales: { x: { time: false } },
        axes: [{ label: t("chart.iteration"), values: numbers }, { label: t("chart.loss"), values: numbers }],
        series: [
          { label: t("chart.iteration") },
          { label: t("bugs.right"), stroke: RUN_COLORS[0], width: 2 },
          { label: t("bugs.wrong"), stroke: RUN_COLORS[1], width: 2, dash: [6, 4] },
        ],
      },
      [xs, r.right, r.wrong],
      el,
    );
  }

  $("btn-bugrun").onclick = () => run().catch((err) => ($("bugs-run-msg").textContent = err.message));

  return {
    api: {
      // backpropBug() resolves the bugs and which is on; backpropBug(name)
      // switches that one on, backpropBug(null) all off (the check is the
      // reader's to run: gradCheckAll).
      async backpropBug(name) {
        await ready;
        if (name === undefined) return call("backpropBug");
        return inTurn(() => apply(name, false));
      },
      // bugRun({bug, iterations}) trains the check net with and without a
      // bug (absent: the one on) and plots both losses.
      async bugRun(options) {
        await ready;
        return run(options);
      },
    },
    enable() {
      call("backpropBug")
        .then((v) => {
          bugs = v.bugs;
          on = v.on;
          radios();
          $("bugs-choice").disabled = false;
          $("btn-bugrun").disabled = on === "";
        })
        .catch(() => {});
    },
    // progress moves the bar while this panel's check runs.
    progress(m) {
      if (!busy || m.what !== "gradcheck") return;
      $("bugs-progress").hidden = false;
      $("bugs-progress").value = m.done / m.total;
    },
    relabel() {
      if (bugs.length) radios();
      if (last) showCheck(last);
      if (lastRun) showRun(lastRun);
    },
  };
}
