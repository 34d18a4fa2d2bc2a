// Names of kept runs, no DOM: a run is named by what differs from the
// book's chapter 4 run, in the reader's words (t and num from i18n.js, or
// others passed in). Tests in test/runname.test.js.
import { t as tt, num as nn } from "./i18n.js";
import { PRESETS } from "./settings.js";

// describe names the run with settings c: "Hidden units 100, Learning
// rate 0.5", runs.book for the book's own, a preset card's name for its
// run ("Overfitting") (the seed never counts).
export function describe(schema, c, { t = tt, num = nn } = {}) {
  const same = (p) => schema.settings.every((s) => s.name === "seed" || String(c[s.name]) === String({ ...schema.book, ...p }[s.name]));
  const preset = Object.keys(PRESETS).find((name) => name !== "ch4" && !PRESETS[name].compare && same(PRESETS[name]));
  if (preset) return t(`preset.${preset}`);
  const parts = [];
  for (const s of schema.settings) {
    if (String(c[s.name]) === String(schema.book[s.name]) || s.name === "seed") continue;
    const v = s.kind === "choice" ? t(`option.${s.name}.${c[s.name]}`) : s.kind === "bool" ? t(`value.${c[s.name]}`) : num(c[s.name]);
    parts.push(`${t(`setting.${s.name}.label`)} ${v}`);
  }
  return parts.length ? parts.join(", ") : t("runs.book");
}

// keptNames are the names a run is kept under: its own, or, while two
// gradient methods run side by side, one per method (this run's first).
export function keptNames(name, comparing, gradient, { t = tt } = {}) {
  if (!comparing) return [name];
  const other = gradient === "numerical" ? "backprop" : "numerical";
  return [`${name} · ${t(`option.gradient.${gradient}`)}`, `${name} · ${t(`option.gradient.${other}`)}`];
}
