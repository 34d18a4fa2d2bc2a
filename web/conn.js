// The connection to the Go module in worker.js: one table of calls in
// flight (id → its promise), events dispatched to whoever listens, and
// the restart when the module dies (out of memory, a crash): every call
// waiting is answered with the reason, a new worker loads MNIST again, and
// the page's onRestart hook sets the run up again.
//
// The protocol: the page sends {id, op, args}; the worker answers {id,
// result} or {id, error, fields, msg, messages} (msg: the Go module's
// message as a catalogue key and arguments), and sends {event, ...} of its
// own: progress, train, stopped, exited (the module died), error.
import { t, tm } from "./i18n.js";

// connect returns the page's connection to a worker at url. hooks:
// onDown(reason) when the module died, before the restart; onRestart()
// once the new module has loaded MNIST (it sets the run up again);
// onRestarted(reason) after; onRestartFailed(err).
export function connect(url, hooks) {
  let worker = null;
  let nextId = 1;
  const waiting = new Map(); // id → {resolve, reject}
  const listeners = new Map(); // event → [handler]
  let base = null; // where MNIST comes from (start's argument)
  let opts = {}; // the worker's options (start's argument)
  let restarting = null; // the restart under way, if any

  function call(op, ...args) {
    return new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, op, args });
    });
  }

  function answer(m) {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (!w) return;
    if (m.error === undefined) return w.resolve(m.result);
    // The Go module's message, worded in the reader's language; the
    // English sentence stays in err.english.
    const err = new Error(m.msg ? tm(m.msg) : m.error);
    err.english = m.error;
    err.msg = m.msg;
    err.fields = m.fields;
    err.messages = m.messages;
    w.reject(err);
  }

  function startWorker() {
    worker = new Worker(url);
    worker.onmessage = (e) => {
      const m = e.data;
      if (m.event === "exited") return died(m.message);
      if (m.event) return (listeners.get(m.event) || []).forEach((f) => f(m));
      answer(m);
    };
    worker.onerror = (e) => died(e.message);
  }

  // died answers every waiting call with the reason and starts a new
  // worker; the hooks keep the settings.
  function died(reason) {
    if (restarting) return;
    const msg = t("crash.stopped", { reason });
    worker.terminate();
    for (const w of waiting.values()) w.reject(new Error(msg));
    waiting.clear();
    hooks.onDown(reason);
    restarting = (async () => {
      startWorker();
      await call("init", base, opts);
      await hooks.onRestart();
      hooks.onRestarted(reason);
    })().finally(() => (restarting = null));
    restarting.catch(hooks.onRestartFailed);
  }

  return {
    call,
    // start starts the worker and loads MNIST from mnistBase; options:
    // evalWorkers, how many evaluation workers it starts, which also share
    // numerical runs' steps (default: see EvalPool.size and helpers in
    // evalpool.js).
    start(mnistBase, options = {}) {
      base = mnistBase;
      opts = options;
      startWorker();
      return call("init", base, opts);
    },
    // on listens to an event from the worker (progress, train, stopped).
    on(event, handler) {
      listeners.set(event, [...(listeners.get(event) || []), handler]);
    },
    // restarting is the restart under way (a promise), or null.
    restarting: () => restarting,
  };
}
