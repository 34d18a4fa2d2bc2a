// The page's words: one catalogue per language (i18n/en.json, ko.json,
// ja.json, the same files the Go module's messages come from; the site's
// i18n/index.json lists them). t(key, args) words a key; say(el, key,
// args) shows it in el and words it again when the reader switches
// language. Numbers go through Intl. Nothing here touches the DOM until
// setLanguage (tests in test/i18n.test.js).
import { particle } from "./josa.js";

// DEFAULT is the language the page falls back to: its catalogue holds
// every key, and it is spoken when the list of languages cannot be read.
export const DEFAULT = "en";

let available = [DEFAULT]; // the languages the site ships (loadLanguages)
let lang = DEFAULT;
let cat = {};
let fallback = {};
let hangul = null; // es-hangul, loaded with a catalogue that writes Korean particles
const shown = new Map(); // element → [key, args] shown with say
const missing = new Set(); // keys asked for but not in the catalogue (tests read it)

// usableLanguages keeps the codes of list that look like language tags,
// once each, with English always among them.
export function usableLanguages(list) {
  const out = Array.isArray(list) ? list.filter((c, i) => typeof c === "string" && /^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(c) && list.indexOf(c) === i) : [];
  return out.includes(DEFAULT) ? out : [DEFAULT, ...out];
}

// loadLanguages reads the site's list of languages (i18n/index.json, a
// JSON array of codes); if it cannot, the page speaks English.
export async function loadLanguages() {
  try {
    const res = await fetch("i18n/index.json");
    available = usableLanguages(res.ok ? await res.json() : []);
  } catch {
    available = [DEFAULT];
  }
  return languages();
}

export const languages = () => available.slice();

// languageName is code's name in its own language (日本語 for ja).
export function languageName(code) {
  try {
    return new Intl.DisplayNames([code], { type: "language" }).of(code) || code;
  } catch {
    return code;
  }
}

// chooseLanguage picks ?lang= (params), else the first of the browser's
// languages the page speaks, else English.
export function chooseLanguage(params, browser = browserLanguages(), list = available) {
  const asked = params.get("lang");
  if (list.includes(asked)) return asked;
  for (const l of browser) {
    const base = String(l).toLowerCase().split("-")[0];
    if (list.includes(base)) return base;
  }
  return DEFAULT;
}

function browserLanguages() {
  const n = globalThis.navigator;
  return n ? n.languages || [n.language || DEFAULT] : [];
}

async function fetchCatalogue(l) {
  const res = await fetch(`i18n/${l}.json`);
  if (!res.ok) throw new Error(`i18n/${l}.json: HTTP ${res.status}`);
  return res.json();
}

// setLanguage loads l's catalogue and words the page again in it.
export async function setLanguage(l) {
  if (!available.includes(l)) l = DEFAULT;
  const [c, en] = await Promise.all([fetchCatalogue(l), l === DEFAULT ? null : fetchCatalogue(DEFAULT)]);
  // A catalogue that writes particles ({name|을/를}) needs es-hangul.
  if (!hangul && Object.values(c).some((v) => /\{[A-Za-z0-9_]+\|/.test(v))) hangul = await import("./vendor/es-hangul.js");
  lang = l;
  cat = c;
  fallback = en || c;
  document.documentElement.lang = l;
  translateStatic(document);
  for (const [el, [key, args]] of shown) {
    if (!el.isConnected) shown.delete(el);
    else el.textContent = t(key, args);
  }
}

export const language = () => lang;
export const missingKeys = () => [...missing];

// num writes x as the reader's language does: whole numbers grouped
// (60,000), others with up to six significant digits, tiny and huge ones
// in e-notation (1e-7), as Go's i18n.Number.
export function num(x, opts) {
  if (typeof x !== "number") return String(x);
  if (!Number.isFinite(x)) return String(x);
  if (opts) return format(opts).format(x);
  const a = Math.abs(x);
  if (Number.isInteger(x) && a < 1e16) return format(WHOLE).format(x).replace("-", "−");
  if (a < 1e-4 || a >= 1e16) return String(x).replace("-", "−");
  return format(SIX).format(x).replace("-", "−");
}

const WHOLE = {};
const SIX = { maximumSignificantDigits: 6 };
const formats = new Map();

// format returns the language's Intl.NumberFormat for opts, made once:
// making one takes longer than formatting, and a training slice formats
// dozens of numbers, the confusion matrix a hundred.
function format(opts) {
  const key = `${lang} ${JSON.stringify(opts)}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat(lang, opts)));
  return f;
}

// fixed writes x with d digits after the point.
export const fixed = (x, d) => num(x, { minimumFractionDigits: d, maximumFractionDigits: d });

// useHangul gives the module es-hangul (setLanguage loads it itself;
// node's tests pass it in).
export const useHangul = (m) => (hangul = m);

// PLACEHOLDER is {name}, or {name|을/를}: an argument and the Korean
// particle pair that follows it (josa.js), as core/i18n writes it.
const PLACEHOLDER = /\{([A-Za-z0-9_]+)(?:\|([^{}|/]+\/[^{}|/]+))?\}/g;

// fill puts args into text: {name} takes args.name, a number through num,
// an object {t: key} (a term: a setting's label, say) worded in turn, a
// message {key, args} worded in turn; {name|을/를} adds the particle that
// fits the word.
export function fill(text, args = {}) {
  return text.replace(PLACEHOLDER, (m, name, pair) => {
    if (!(name in args)) return m;
    const word = arg(args[name]);
    return pair ? word + particle(word, pair, hangul) : word;
  });
}

// t words key with args (fill).
export function t(key, args = {}) {
  // A key with a ".one" twin says one thing in the singular (English's
  // "1 parameter"); Go's i18n.Format picks it the same way.
  if (args.n === 1 && (cat[key + ".one"] ?? fallback[key + ".one"]) !== undefined) key += ".one";
  let text = cat[key];
  if (text === undefined) {
    missing.add(key);
    text = fallback[key] ?? key;
  }
  return fill(text, args);
}

function arg(v) {
  if (typeof v === "number") return num(v);
  if (v && typeof v === "object") {
    if (typeof v.t === "string") return t(v.t);
    if (typeof v.key === "string") return t(v.key, v.args || {});
  }
  return String(v);
}

// tm words a message from the Go module ({key, args}); an Error from it
// carries one as err.msg. Anything else is shown as it is.
export function tm(m) {
  if (m && typeof m.key === "string") return t(m.key, m.args || {});
  if (m && m.msg) return tm(m.msg);
  return m && m.message ? m.message : String(m);
}

// say shows key (with args) as el's text, and again after a switch of
// language; say(el, null) forgets el and empties it.
export function say(el, key, args = {}) {
  if (key === null) {
    shown.delete(el);
    setText(el, "");
    return;
  }
  shown.set(el, [key, args]);
  setText(el, t(key, args));
}

// setText sets el's text only when it changes: the page words its status
// after every slice of training, and writing even the same text makes the
// browser lay out and paint the element again (docs/figures.md).
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

// sayMsg shows a message from the Go module (or an Error carrying one).
export function sayMsg(el, m) {
  if (m && (m.key || m.msg)) {
    const mm = m.key ? m : m.msg;
    return say(el, mm.key, mm.args || {});
  }
  shown.delete(el);
  el.textContent = tm(m);
}

// translateStatic words the elements marked in the HTML: data-i18n (the
// text), data-i18n-label (aria-label), data-i18n-title (title).
export function translateStatic(root) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-label]")) el.setAttribute("aria-label", t(el.dataset.i18nLabel));
  for (const el of root.querySelectorAll("[data-i18n-title]")) el.title = t(el.dataset.i18nTitle);
}
