// Presets and settings: the form made from the Go module's schema (one
// field per setting, the advanced ones folded), the preset cards, and the
// address bar, which always holds the run's settings that differ from the
// book's. It owns the settings the run trains with and the messages of
// refused ones.
import { $, make, replaceURL } from "../dom.js";
import { tuneLabel } from "../runstate.js";
import {
  PRESETS, changedNames, configFromURL, configToURL, fieldValue, pageAddress, presetPressed, tunableNames, withParam,
} from "../settings.js";

// mount wires the form. onNewRun(st) sets the page up for a new run;
// onTuned(st, label) marks a tuned run on the charts, label wording the
// change; onCompare(st) marks a run with a twin; comparing() says whether
// one runs and iteration() how far it is (the training panel's);
// restarting() is the module's restart under way, if any; onErrors() is
// told when the refused settings change; onAddress(href) when the address
// bar does. atRisk() is the run a new one would discard unkept (its state),
// or null; keepRun() keeps it.
export function mount({ call, words, ready, restarting, onNewRun, onTuned, onCompare, comparing, iteration, onErrors, onAddress, atRisk, keepRun }) {
  const { t, tm, say } = words;
  const form = $("config");
  let schema = null; // {settings, book, figures, stops}
  let current = null; // the settings the run trains with
  let tunable = new Set();
  let formErrors = {}; // setting → message ({key, args}) the form shows
  let asking = null; // the question about a run to discard, while shown: its answer

  // build makes one field per setting, under the charts: the main ones
  // first, the advanced ones folded; those that may change during a run
  // (the optimizer's) marked in the colour of the loss chart's marks.
  // Labels and help come from the catalogue.
  function build() {
    for (const s of schema.settings) {
      const id = `f-${s.name}`;
      let input;
      if (s.kind === "choice" || s.kind === "bool") {
        input = make("select");
        for (const o of s.kind === "bool" ? ["false", "true"] : s.options) {
          const opt = new Option(o, o);
          opt.dataset.i18n = s.kind === "bool" ? `value.${o}` : `option.${s.name}.${o}`;
          input.add(opt);
        }
      } else {
        input = make("input", { type: "number", step: s.kind === "int" ? "1" : "any" });
      }
      Object.assign(input, { id, name: s.name });
      input.setAttribute("aria-describedby", `help-${s.name} err-${s.name}`);
      const label = make("label", { htmlFor: id });
      label.dataset.i18n = `setting.${s.name}.label`;
      const err = make("span", { className: "err", id: `err-${s.name}` });
      err.dataset.for = s.name;
      err.setAttribute("aria-live", "polite");
      const h = make("span");
      h.dataset.i18n = `setting.${s.name}.help`;
      const book = make("span");
      book.dataset.i18n = `setting.${s.name}.book`;
      const help = make("span", { className: "help", id: `help-${s.name}` }, h, " · ", t("settings.book"), " ", book);
      $(s.advanced ? "fields-advanced" : "fields-main").append(make("div", { className: s.tunable ? "field tunable" : "field" }, label, input, help, err));
    }
    relabel();
  }

  // relabel words the form in the page's language.
  function relabel() {
    for (const el of form.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
    for (const help of form.querySelectorAll(".help")) help.childNodes[2].textContent = t("settings.book");
    showFieldErrors(formErrors, false);
  }

  function readForm() {
    return Object.fromEntries(schema.settings.map((s) => [s.name, fieldValue(s, form.elements[s.name].value)]));
  }

  function writeForm(c) {
    for (const s of schema.settings) if (c[s.name] !== undefined) form.elements[s.name].value = String(c[s.name]);
  }

  // fieldMessages turns a refusal from the module into setting → message.
  function fieldMessages(err) {
    if (err.messages) return err.messages;
    return { config: err.msg || { key: "error.detail", args: { detail: err.message } } };
  }

  // showFieldErrors shows each refused setting's message next to it and
  // keeps Train and Step off while any is shown.
  function showFieldErrors(fields, open = true) {
    formErrors = fields || {};
    for (const el of form.querySelectorAll(".err[data-for]")) {
      const m = formErrors[el.dataset.for];
      el.textContent = m ? tm(m) : "";
      const input = form.elements[el.dataset.for];
      if (input) input.setAttribute("aria-invalid", m ? "true" : "false");
    }
    const unknown = Object.keys(formErrors).filter((f) => !form.elements[f]);
    $("config-error").textContent = unknown.map((f) => tm(formErrors[f])).join(" ");
    if (open && Object.keys(formErrors).some((f) => schema.settings.find((s) => s.name === f && s.advanced))) $("advanced").open = true;
    onErrors();
  }

  // writeAddress puts the run's settings in the address bar.
  function writeAddress() {
    replaceURL(pageAddress(location.pathname, configToURL(schema, current, new URLSearchParams(location.search)), location.hash));
    onAddress(location.href);
  }

  // markPreset presses the card whose settings the run has.
  function markPreset() {
    for (const b of document.querySelectorAll(".preset")) {
      b.setAttribute("aria-pressed", presetPressed(schema, b.dataset.preset, current, comparing()) ? "true" : "false");
    }
  }

  // adopt makes the settings st reports the page's: the form, the address
  // bar, and the charts (cleared for a new run, marked for a tuned one).
  function adopt(st, newRun) {
    const before = current;
    current = st.config;
    writeForm(current);
    showFieldErrors(null);
    writeAddress();
    markPreset();
    if (newRun) onNewRun(st);
    else onTuned(st, before ? tuneLabel(schema, before, current) : "");
    return st;
  }

  // setModelParam puts a shared network's id in the address bar (null takes
  // it out): a reload loads that network again, until a new run starts.
  function setModelParam(id) {
    replaceURL(pageAddress(location.pathname, withParam(new URLSearchParams(location.search), "model", id), location.hash));
  }

  // applyConfig starts a new run with options merged into the settings that
  // run now. A refused call changes nothing and rejects with err.fields.
  async function applyConfig(options) {
    const st = await call("configure", options);
    setModelParam(null);
    return adopt(st, true);
  }

  // compare starts the run again with a twin that computes the gradient
  // the other way, from the same seed; the loss chart shows both.
  async function compare() {
    const st = adopt(await call("compare"), true);
    onCompare(st);
    markPreset();
    return st;
  }

  // confirmDiscard resolves true when a new run may start: at once if the
  // run now would not be lost (nothing trained, finished and kept, or kept
  // as it is), else once the reader, asked just after near, has chosen to
  // keep it first or to discard it; false if they cancel, null if another
  // question took this one's place.
  function confirmDiscard(near) {
    const at = atRisk();
    if (!at) return Promise.resolve(true);
    if (asking) asking(null);
    const box = $("discard-ask");
    near.after(box); // beside what was clicked, on the screen
    say($("discard-text"), "discard.ask", { i: at.iteration, n: current.iterations });
    box.hidden = false;
    $("btn-discard-keep").focus();
    return new Promise((resolve) => {
      asking = (go) => {
        asking = null;
        box.hidden = true;
        resolve(go);
      };
      $("btn-discard-keep").onclick = async () => {
        await keepRun().catch(() => {});
        if (asking) asking(true);
      };
      $("btn-discard-go").onclick = () => asking && asking(true);
      $("btn-discard-cancel").onclick = () => asking && asking(false);
    });
  }

  async function applyPreset(name) {
    const { compare: twin, ...p } = PRESETS[name];
    if (twin) {
      writeForm({ ...schema.book, ...p });
      await applyConfig({ ...schema.book, ...p });
      return compare();
    }
    writeForm({ ...schema.book, ...p });
    return applyConfig({ ...schema.book, ...p });
  }

  // A changed field applies what the reader typed: the optimizer's settings
  // change the running run (marked on the chart), others start a new one
  // (after asking, if the run now would be lost; a refused value is refused
  // before anything is asked). A refused value stays in the form, with its
  // message, and Train and Step stay off until it is mended. A field
  // changed while the question is open asks again, with the form as it is.
  async function changed() {
    const c = readForm();
    const names = changedNames(c, current);
    if (names.length === 0) return showFieldErrors(null);
    try {
      if (iteration() > 0 && names.every((k) => tunable.has(k))) {
        adopt(await call("tune", Object.fromEntries(names.map((k) => [k, c[k]]))), false);
        return;
      }
      await call("checkConfig", c);
      showFieldErrors(null);
      const go = await confirmDiscard($("fields-main"));
      if (go === true) await applyConfig(c);
      else if (go === false) writeForm(current);
    } catch (err) {
      showFieldErrors(fieldMessages(err));
    }
  }
  form.addEventListener("change", changed);
  form.addEventListener("submit", (e) => e.preventDefault());
  for (const b of document.querySelectorAll(".preset")) {
    b.onclick = async () => {
      if ((await confirmDiscard(b.parentElement)) !== true) return;
      await applyPreset(b.dataset.preset).catch((err) => showFieldErrors(fieldMessages(err)));
    };
  }

  return {
    api: {
      // configure(options) merges options into the settings the run trains
      // with and starts a new run; it rejects (with err.fields, setting →
      // sentence) if a value is refused, and then changes nothing: neither
      // the run nor the form.
      async configure(options = {}) {
        await ready;
        await restarting();
        return applyConfig(options);
      },
      compare: async () => {
        await ready;
        return compare();
      },
      // tune(options) changes the optimizer's settings of the running run.
      async tune(options = {}) {
        await ready;
        return adopt(await call("tune", options), false);
      },
    },
    // load asks the Go module for its schema.
    async load() {
      schema = await call("schema");
      tunable = tunableNames(schema.settings);
      return schema;
    },
    build,
    // applyLink starts the run the address asks for. A bad link still
    // gives a working page: the book's run, with every refused setting of
    // the link shown next to its field.
    async applyLink(params) {
      const c = configFromURL(schema, params);
      try {
        await applyConfig(c);
      } catch (err) {
        await applyConfig(schema.book);
        writeForm({ ...schema.book, ...c });
        showFieldErrors(fieldMessages(err));
      }
    },
    configure: applyConfig,
    adopt,
    // restore sets the same run up again in a new module: its state.
    restore: () => call("configure", current),
    // trainWith makes settings (a board entry's) the run's, ready to train.
    trainWith(settings) {
      writeForm({ ...schema.book, ...settings });
      return applyConfig(settings);
    },
    setModelParam,
    confirmDiscard,
    markPreset,
    writeAddress: () => schema && writeAddress(),
    current: () => current,
    schema: () => schema,
    hasErrors: () => Object.keys(formErrors).length > 0,
    relabel,
  };
}
