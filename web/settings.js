// Settings as data, no DOM: the address bar's form of a run's settings
// (only what differs from the book's), the form's text as values, which
// settings may change during a run, the presets, and where MNIST comes
// from. A schema is the Go module's {settings, book, figures, stops};
// each setting {name, kind, min, max, options, default, advanced, ...}.
// Tests in test/settings.test.js.
import { t } from "./i18n.js";

// tunableNames is the set of settings that may change during a run: those
// the schema marks tunable (core.Schema's Tunable).
export function tunableNames(settings) {
  return new Set(settings.filter((s) => s.tunable).map((s) => s.name));
}

// configToURL is params with the settings of c that differ from the
// book's set and the others taken out (other parameters kept).
export function configToURL(schema, c, params = new URLSearchParams()) {
  const q = new URLSearchParams(params);
  for (const s of schema.settings) {
    if (String(c[s.name]) !== String(schema.book[s.name])) q.set(s.name, String(c[s.name]));
    else q.delete(s.name);
  }
  return q;
}

// configFromURL reads a link's settings: numbers as numbers, true and
// false as booleans, anything else as the text given, for Go to check
// (and refuse in the reader's words).
export function configFromURL(schema, params) {
  const c = {};
  for (const s of schema.settings) {
    if (!params.has(s.name)) continue;
    const v = params.get(s.name);
    if (s.kind === "bool") c[s.name] = v === "true" ? true : v === "false" ? false : v;
    else if (s.kind === "choice") c[s.name] = v;
    else c[s.name] = v.trim() === "" || !Number.isFinite(Number(v)) ? v : Number(v);
  }
  return c;
}

// fieldValue is what a form field's text means for setting s: a number
// (null when it is none, for Go to name), a boolean, or the option.
export function fieldValue(s, text) {
  if (s.kind === "bool") return text === "true";
  if (s.kind === "choice") return text;
  return text.trim() === "" || !Number.isFinite(Number(text)) ? null : Number(text);
}

// changedNames lists the settings whose value in c differs from current.
export function changedNames(c, current) {
  return Object.keys(c).filter((k) => String(c[k]) !== String(current[k]));
}

// sameSettings reports whether a and b agree on every setting.
export function sameSettings(settings, a, b) {
  return settings.every((s) => String(a[s.name]) === String(b[s.name]));
}

// PRESETS are the cards' runs, as changes to the book's (numerical:
// the book's run with a twin computing the gradient the other way, for
// half an epoch: the loss falls from 2.30 to about 1.8 in some three
// minutes, where the book's 10,000 iterations would take over an hour).
export const PRESETS = {
  ch4: {},
  ch5: { activation: "relu" },
  overfit: { hidden: 100, trainSize: 300, learningRate: 0.5, iterations: 3000 },
  numerical: { compare: true, iterations: 300 },
  decay: { hidden: 100, trainSize: 300, learningRate: 0.5, iterations: 3000, weightDecay: 0.01 },
  dropout: { hidden: 100, trainSize: 300, learningRate: 0.5, iterations: 3000, dropout: 0.15 },
};

// presetPressed reports whether preset name's card shows as pressed for
// a run with settings current (comparing: a twin runs beside it).
export function presetPressed(schema, name, current, comparing) {
  const p = PRESETS[name];
  if (p.compare) return comparing;
  return sameSettings(schema.settings, { ...schema.book, ...p }, current);
}

// withParam is params with name set to value (null takes it out).
export function withParam(params, name, value) {
  const q = new URLSearchParams(params);
  if (value === null) q.delete(name);
  else q.set(name, value);
  return q;
}

// pageAddress is the address of the page at path with query params and
// fragment hash, as history.replaceState takes it.
export function pageAddress(path, params, hash = "") {
  const q = params.toString();
  return `${path}${q ? "?" + q : ""}${hash}`;
}

// mnistBase is where MNIST is fetched from: mnist/, or a same-origin path
// given as ?mnist= (for tests); a link cannot point the page at another
// site's data (it throws, in the reader's words).
export function mnistBase(params, href) {
  const p = params.get("mnist");
  if (!p) return "mnist/";
  const u = new URL(p, href);
  if (u.origin !== new URL(href).origin) throw new Error(t("load.otherSite", { origin: u.origin }));
  return u.pathname.endsWith("/") ? u.pathname : u.pathname + "/";
}
