// Runs side by side: finished runs (and any the reader keeps) stored in
// IndexedDB (runs.js), listed with their names, shown or hidden, renamed
// or deleted, and overlaid on two charts against iterations (or their
// log). A run already kept as it is says so instead of being kept twice.
import { RunsChart, RUN_COLORS } from "../runschart.js";
import { $, make, nextFrame } from "../dom.js";
import { keptNames, describe } from "../runname.js";
import { Runs } from "../runs.js";

// NAME_MAX: a run's name is cut to this many characters.
const NAME_MAX = 120;

// mount wires the panel. current() is the settings the run trains with;
// curves() the training panel's curves, comparing() whether a twin runs,
// runId() which run the charts show and state() where it is.
export function mount({ words, current, curves, comparing, runId, state }) {
  const { t, say, fixed } = words;
  const runs = new Runs();
  const chart = new RunsChart($("runs-loss"), $("runs-acc"));
  let schema = null;
  // kept is the last run kept and its iteration then, so a run is kept
  // once as it is (a run that ends, once, even if kept on the way).
  let kept = { run: -1, iteration: -1 };
  const isKept = () => kept.run === runId() && kept.iteration === state().iteration;
  // tell puts key in the panel's message, with args or naming the runs
  // stored (records); said holds those records (not their names, which
  // are worded again in each language) while the message names them.
  let said = null;
  function tell(key, args, records = null) {
    said = records;
    say($("runs-msg"), key, records ? { name: records.map(nameOf).join(", ") } : args);
  }

  // keep stores the run now on the charts (and its twin, when comparing)
  // with its final figures; auto is a run that just ended, kept once.
  async function keep(auto) {
    if (isKept()) return auto ? undefined : tell("runs.already");
    const st = state();
    kept = { run: runId(), iteration: st.iteration };
    status(st);
    const c = current();
    const { twin, ...curve } = curves();
    const final = st.measuredAt > 0 ? { train: st.trainAcc, test: st.testAcc, at: st.measuredAt } : null;
    // The final weights' figures end the accuracy curves (the last
    // evaluation is usually some iterations before the end).
    if (final && final.at > (curve.evalIters[curve.evalIters.length - 1] || 0)) {
      curve.evalIters.push(final.at);
      curve.epochs.push(st.epochsDone);
      curve.train.push(final.train);
      curve.test.push(final.test);
    }
    const base = { ...curve, final, iterations: st.iteration };
    const both = comparing();
    // auto: the name is the page's (worded again in each language) until
    // the reader renames the run; 0 is this run, 1 its twin.
    const added = [await runs.add({ ...base, config: c, comparing: both, auto: 0 })];
    if (both) added.push(await runs.add({ ...base, config: c, comparing: both, auto: 1, losses: twin, epochs: [], evalIters: [], train: [], test: [], final: null }));
    tell("runs.kept", null, added);
    await show();
  }

  // nameOf is a kept run's name: the reader's, or else the page's in the
  // page's language now.
  function nameOf(r) {
    if (r.auto === undefined || r.auto === null || !schema) return r.name || "";
    return keptNames(describe(schema, r.config), r.comparing, r.config.gradient)[r.auto];
  }

  async function show() {
    const all = await runs.all();
    $("runs-list").replaceChildren(
      ...all.map((r, i) => {
        r.name = nameOf(r);
        const color = RUN_COLORS[i % RUN_COLORS.length];
        const sw = make("span", { className: "swatch", textContent: i + 1 });
        sw.dataset.color = color;
        sw.style.background = color;
        const name = make("input", { value: r.name });
        name.setAttribute("aria-label", t("runs.rename"));
        name.onchange = () => runs.update(r.id, { name: name.value.slice(0, NAME_MAX), auto: null }).then(show);
        const box = make("input", { type: "checkbox", checked: !r.hidden });
        box.onchange = () => runs.update(r.id, { hidden: !box.checked }).then(show);
        const shown = make("label", {}, box, " ", t("runs.show"));
        const del = make("button", { type: "button", textContent: t("runs.delete") });
        del.setAttribute("aria-label", `${t("runs.delete")}: ${r.name}`);
        del.onclick = () => runs.delete(r.id).then(show);
        const f = r.final || (r.test.length ? { test: r.test[r.test.length - 1], train: r.train[r.train.length - 1] } : null);
        const meta = make("span", { className: "small", textContent: f ? t("runs.final", { test: fixed(f.test, 4), train: fixed(f.train, 4) }) : "" });
        r.color = color;
        r.no = i + 1;
        return make("li", {}, sw, name, shown, del, meta);
      }),
    );
    $("runs").dataset.count = String(all.length);
    // The list first; the charts a frame later, each in its own frame.
    await nextFrame();
    await chart.show(all.filter((r) => !r.hidden));
  }

  // status turns Keep on once the run has taken a step, and off, saying
  // so, while the run is kept as it is.
  function status(st) {
    const done = isKept();
    $("btn-keep").disabled = st.iteration === 0 || done;
    say($("btn-keep"), done ? "runs.keep.done" : "runs.keep");
  }

  $("btn-keep").onclick = () => keep(false).catch((err) => tell("runs.error", { detail: err.message }));
  $("runs-log").onchange = (e) => chart.setLog(e.target.checked);

  return {
    api: {
      keepRun: () => keep(false),
      runs: async () => (await runs.all()).map((r) => ({ ...r, name: nameOf(r) })),
    },
    start(s) {
      schema = s;
    },
    // show lists the kept runs; a failure is said in the panel.
    show: () => show().catch((err) => tell("runs.error", { detail: err.message })),
    keep,
    status,
    // isKept says whether the run is kept as it is now.
    isKept,
    relabel() {
      if (said) tell("runs.kept", null, said);
      show().catch(() => {});
    },
  };
}
