// Runs side by side: finished runs (and any the reader keeps) stored in
// IndexedDB (runs.js), listed with their names, shown or hidden, renamed
// or deleted, and overlaid on two charts.
import { RunsChart, RUN_COLORS } from "../charts.js";
import { $, make } from "../dom.js";
import { keptNames, describe } from "../runname.js";
import { Runs } from "../runs.js";

// NAME_MAX: a run's name is cut to this many characters.
const NAME_MAX = 120;

// mount wires the panel. current() is the settings the run trains with;
// curves() the training panel's curves, comparing() whether a twin runs
// and runId() which run the charts show.
export function mount({ words, current, curves, comparing, runId }) {
  const { t, say, fixed } = words;
  const runs = new Runs();
  const chart = new RunsChart($("runs-loss"), $("runs-acc"));
  let schema = null;
  // keptRunId is the last run kept, so a run that ends is kept once.
  let keptRunId = -1;

  // keep stores the run now on the charts (and its twin, when comparing);
  // auto is a run that just ended, kept once.
  async function keep(auto) {
    if (auto && keptRunId === runId()) return;
    keptRunId = runId();
    const c = current();
    const { twin, ...base } = curves();
    const both = comparing();
    const [mine, other] = keptNames(describe(schema, c), both, c.gradient);
    const kept = [await runs.add({ ...base, config: c, name: mine })];
    if (both) kept.push(await runs.add({ ...base, config: c, name: other, losses: twin, epochs: [], train: [], test: [] }));
    say($("runs-msg"), "runs.kept", { name: kept.map((r) => r.name).join(", ") });
    await show();
  }

  async function show() {
    const all = await runs.all();
    $("runs-list").replaceChildren(
      ...all.map((r, i) => {
        const color = RUN_COLORS[i % RUN_COLORS.length];
        const sw = make("span", { className: "swatch" });
        sw.dataset.color = color;
        sw.style.background = color;
        const name = make("input", { value: r.name });
        name.setAttribute("aria-label", t("runs.rename"));
        name.onchange = () => runs.update(r.id, { name: name.value.slice(0, NAME_MAX) }).then(show);
        const box = make("input", { type: "checkbox", checked: !r.hidden });
        box.onchange = () => runs.update(r.id, { hidden: !box.checked }).then(show);
        const shown = make("label", {}, box, " ", t("runs.show"));
        const del = make("button", { type: "button", textContent: t("runs.delete") });
        del.setAttribute("aria-label", `${t("runs.delete")}: ${r.name}`);
        del.onclick = () => runs.delete(r.id).then(show);
        const last = r.test.length ? t("runs.final", { test: fixed(r.test[r.test.length - 1], 4), train: fixed(r.train[r.train.length - 1], 4) }) : "";
        const meta = make("span", { className: "small", textContent: last });
        r.color = color;
        return make("li", {}, sw, name, shown, del, meta);
      }),
    );
    chart.show(all.filter((r) => !r.hidden));
    $("runs").dataset.count = String(all.length);
  }

  $("btn-keep").onclick = () => keep(false).catch((err) => say($("runs-msg"), "runs.error", { detail: err.message }));

  return {
    api: {
      keepRun: () => keep(false),
      runs: () => runs.all(),
    },
    start(s) {
      schema = s;
    },
    // show lists the kept runs; a failure is said in the panel.
    show: () => show().catch((err) => say($("runs-msg"), "runs.error", { detail: err.message })),
    keep,
    // enable turns Keep on once the run has taken a step.
    enable: (on) => ($("btn-keep").disabled = !on),
    relabel: () => show().catch(() => {}),
  };
}
