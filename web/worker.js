// The Web Worker that runs scratchnet's Go module, so training never blocks
// the page. The page sends {id, op, args}; the worker answers {id, result}
// or {id, error}, and sends events of its own: {event: "progress"} while
// loading or checking, {event: "train"} after every slice of training,
// {event: "stopped"} when a run ends.
/* global Go, scratchnetGo */
importScripts("wasm_exec.js");

const FILES = [
  "train-images-idx3-ubyte.gz",
  "train-labels-idx1-ubyte.gz",
  "t10k-images-idx3-ubyte.gz",
  "t10k-labels-idx1-ubyte.gz",
];
// A slice of training lasts about this long before the worker reads its
// messages again (a drawn digit waits at most this long for its answer).
const SLICE_MS = 40;

let running = false;
let wasmMemory = null;
let sliceSteps = 10;

const post = (m) => self.postMessage(m);
const parse = (s) => {
  const v = JSON.parse(s);
  if (v && v.error) {
    const e = new Error(v.error);
    e.fields = v.fields;
    throw e;
  }
  return v;
};

async function fetchAll(base) {
  const sizes = [];
  const got = [0, 0, 0, 0];
  const report = () =>
    post({ event: "progress", what: "download", done: got.reduce((a, b) => a + b, 0), total: sizes.reduce((a, b) => a + b, 0) });
  return Promise.all(
    FILES.map(async (name, i) => {
      let res;
      try {
        res = await fetch(base + name);
      } catch (e) {
        throw new Error(`could not fetch ${name}: ${e.message}`);
      }
      if (!res.ok) throw new Error(`could not fetch ${name}: HTTP ${res.status} ${res.statusText}`);
      sizes[i] = Number(res.headers.get("Content-Length")) || 0;
      const reader = res.body.getReader();
      const chunks = [];
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        got[i] += value.length;
        report();
      }
      const out = new Uint8Array(got[i]);
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.length;
      }
      return out;
    }),
  );
}

async function init(base) {
  const go = new Go();
  const wasm = await WebAssembly.instantiateStreaming(fetch("main.wasm"), go.importObject);
  wasmMemory = wasm.instance.exports.mem;
  go.run(wasm.instance);
  const files = await fetchAll(base);
  post({ event: "progress", what: "decode", done: 0, total: 1 });
  return scratchnetGo.load(...files);
}

// yieldNow lets the worker read its messages (a drawn digit, Pause)
// without setTimeout's 4 ms clamp.
function yieldNow() {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve();
    ch.port2.postMessage(0);
  });
}

// slice runs up to k iterations and aims the next slice at SLICE_MS
// (ignoring slices that held an epoch's evaluation).
function slice(k) {
  const t0 = performance.now();
  const st = parse(scratchnetGo.steps(k));
  const ms = performance.now() - t0;
  if (!st.epochs || st.epochs.length === 0) {
    sliceSteps = Math.max(1, Math.min(1000, Math.round((k * SLICE_MS) / Math.max(ms, 1))));
  }
  return st;
}

// train runs slices until paused or the run ends, answering messages in
// between.
async function train() {
  while (running) {
    const st = slice(sliceSteps);
    st.running = running = st.stop === "";
    post({ event: "train", state: st });
    if (!running) {
      post({ event: "stopped", state: st });
      return;
    }
    await yieldNow();
  }
}

// stepN runs n iterations in slices and returns the last state.
async function stepN(n) {
  let left = n;
  let last;
  while (left > 0) {
    const k = Math.min(left, sliceSteps);
    last = slice(k);
    last.running = false;
    post({ event: "train", state: last });
    left -= k;
    if (last.stop !== "") {
      post({ event: "stopped", state: last });
      break;
    }
    await yieldNow();
  }
  return last || parse(scratchnetGo.state());
}

const ops = {
  init: ([base]) => init(base),
  configure: ([cfg]) => {
    running = false;
    return parse(scratchnetGo.configure(JSON.stringify(cfg)));
  },
  reset: () => {
    running = false;
    return parse(scratchnetGo.reset());
  },
  train: () => {
    if (!running) {
      running = true;
      setTimeout(train, 0); // answer first, then train: events follow the answer
    }
    return true;
  },
  pause: () => {
    running = false;
    return parse(scratchnetGo.state());
  },
  step: ([n]) => {
    running = false;
    return stepN(n);
  },
  memory: () => ({ wasmBytes: wasmMemory ? wasmMemory.buffer.byteLength : 0 }),
  state: () => {
    const s = parse(scratchnetGo.state());
    s.running = running;
    return s;
  },
  history: () => parse(scratchnetGo.history()),
  predict: ([pixels]) => parse(scratchnetGo.predict(pixels)),
  drawn: ([canvas, w, h]) => parse(scratchnetGo.drawn(canvas, w, h)),
  gradCheckStep: ([opts]) => parse(scratchnetGo.gradCheckStep(JSON.stringify(opts))),
  gradCheckAll: async ([h]) =>
    parse(await scratchnetGo.gradCheckAll(h, (done, total) => post({ event: "progress", what: "gradcheck", done, total }))),
  simpleNet: () => parse(scratchnetGo.simpleNet()),
  weights: () => scratchnetGo.weights(),
  inspect: ([n]) => {
    const r = scratchnetGo.inspect(n);
    if (typeof r === "string") return parse(r);
    return r;
  },
  saveModel: () => scratchnetGo.saveModel(),
  saveNPZ: () => scratchnetGo.saveNPZ(),
  loadModel: ([bytes]) => parse(scratchnetGo.loadModel(bytes)),
};

self.onmessage = async (e) => {
  const { id, op, args } = e.data;
  try {
    if (!ops[op]) throw new Error(`unknown operation ${op}`);
    const result = await ops[op](args || []);
    if (typeof result === "string") parse(result); // an error from Go
    post({ id, result });
  } catch (err) {
    post({ id, error: err.message, fields: err.fields });
  }
};
