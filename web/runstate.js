// What the page says about the run, no DOM: where it stands (fresh,
// running, paused, finished, stopped), which figures it shows and when
// they were measured, the book's own figures when the run is the book's,
// how long a run will take, and the words for a change made mid-run.
// Tests in test/runstate.test.js.
import { t as tt, num as nn } from "./i18n.js";

// phase is where the run with state st stands: "fresh" (nothing trained
// yet), "running", "paused" (trained some, not finished), "finished" (all
// its iterations, or stopped early by the validation loss) or "stopped"
// (it diverged or did not learn). stops are the schema's stop reasons.
export function phase(st, running, stops) {
  if (running) return "running";
  if (!st.stop) return (st.iteration || 0) > 0 ? "paused" : "fresh";
  if (st.stop === stops.done || st.stop === stops.early) return "finished";
  return "stopped";
}

// measured is the accuracy the page shows for state st: {train, test, at}
// measured after iteration at; for a loaded network nothing has measured
// since, the figures measured when it was loaded (loaded: true); null
// before anything was measured.
export function measured(st) {
  if (st.measuredAt > 0) return { train: st.trainAcc, test: st.testAcc, val: st.valAcc, at: st.measuredAt, loaded: false };
  if (st.loaded) return { train: st.loaded.trainAcc, test: st.loaded.testAcc, at: 0, loaded: true };
  return null;
}

// bookRef is the book's final figures ({train, test}) for a run with
// settings c when it is one of the book's own runs (the book's settings,
// chapter 4's sigmoid or chapter 5's ReLU, any seed), else null: another
// run is not held to the book's lines.
export function bookRef(schema, c) {
  if (!c) return null;
  const own = schema.settings.every((s) => s.name === "seed" || s.name === "activation" || String(c[s.name]) === String(schema.book[s.name]));
  return (own && schema.figures[c.activation]) || null;
}

// secondsLeft projects the time the rest of a run takes: iterations in
// all, done so far, at msPerStep a step.
export function secondsLeft(iterations, done, msPerStep) {
  return (Math.max(0, iterations - done) * msPerStep) / 1000;
}

// duration is a time to say about a run, rounded as a person says it:
// seconds to the ten under 90 s, then whole minutes ({key, args}).
export function duration(seconds) {
  if (seconds < 90) return { key: "time.seconds", args: { n: Math.max(10, Math.round(seconds / 10) * 10) } };
  return { key: "time.minutes", args: { n: Math.round(seconds / 60) } };
}

// SYMBOLS are the book's letters for the settings that have one.
const SYMBOLS = { learningRate: "η", beta1: "β₁", beta2: "β₂", weightDecay: "λ" };

// tuneLabel words a change of the tunable settings from before to after:
// "η 0.1 → 0.5", "SGD → Adam", several joined by ", " (the chart draws
// one a line).
export function tuneLabel(schema, before, after, { t = tt, num = nn } = {}) {
  const parts = [];
  for (const s of schema.settings) {
    if (!s.tunable || String(before[s.name]) === String(after[s.name])) continue;
    // A choice's values say what changed ("SGD → Adam"); a number needs
    // its name or the book's letter.
    if (s.kind === "choice") parts.push(`${t(`option.${s.name}.${before[s.name]}`)} → ${t(`option.${s.name}.${after[s.name]}`)}`);
    else parts.push(`${SYMBOLS[s.name] || t(`setting.${s.name}.label`)} ${num(before[s.name])} → ${num(after[s.name])}`);
  }
  return parts.join(", ");
}
