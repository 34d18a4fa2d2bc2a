// Training across Go instances, measured (issue 17): the book's step with
// its hidden units split between Node worker threads, one Go instance
// each (scripts/bench/shard, built for GOOS=js GOARCH=wasm), exchanging
// a step's activations through a SharedArrayBuffer with Atomics.wait and
// notify. Runs each splitting in turn, count times, and prints the median
// step time of each, and how long the exchange held up the slower of two
// shards (its wait: the exchange's own cost); the splittings must agree on
// every loss and on W2.
//
//	node scripts/bench/shard.mjs SHARD.wasm GOROOT/lib/wasm MNIST-DIR [count]
import { Worker, isMainThread, workerData, parentPort } from "node:worker_threads";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const SPLITS = { 1: [[0, 50]], 2: [[0, 20], [20, 50]] };
const N = 100; // images a step
const WAIT_MS = 30000;

if (isMainThread) {
  const [wasm, wasmExec, mnist, count = "3"] = process.argv.slice(2);
  const times = { 1: [], 2: [] };
  const waits = [];
  let digest = null;
  for (let c = 0; c < Number(count); c++) {
    for (const n of [1, 2]) {
      const got = await run(SPLITS[n], { wasm, wasmExec, mnist });
      times[n].push(got.ms);
      if (n === 2) waits.push(got.wait);
      if (digest && (got.losses !== digest.losses || got.w2 !== digest.w2)) {
        console.error(`shard: ${n} instances' run differs: losses ${got.losses}, W2 ${got.w2}; one's ${digest.losses}, ${digest.w2}`);
        process.exit(1);
      }
      digest ??= got;
    }
  }
  const median = (v) => v.slice().sort((a, b) => a - b)[v.length >> 1];
  for (const n of [1, 2]) console.log(`shard-step-${n} ${median(times[n])}`);
  console.log(`shard-wait ${median(waits)}`);
} else {
  await instance(workerData);
}

// run starts one worker per shard and resolves with what they report
// (the step time is the slowest shard's).
async function run(bounds, paths) {
  const width = Math.max(...bounds.map(([lo, hi]) => hi - lo));
  const sab = new SharedArrayBuffer(16 * bounds.length + 8 * N * width * 2 * bounds.length);
  const reports = await Promise.all(
    bounds.map(
      (_, me) =>
        new Promise((resolve, reject) => {
          const w = new Worker(new URL(import.meta.url), { workerData: { ...paths, sab, bounds, me, width } });
          w.on("message", resolve);
          w.on("error", reject);
          w.on("exit", (code) => reject(new Error(code ? `shard ${me} exited with ${code}` : `shard ${me} ended without a report`)));
        }),
    ),
  );
  for (const r of reports) {
    if (r.losses !== reports[0].losses || r.w2 !== reports[0].w2) throw new Error(`shards disagree: losses ${reports.map((x) => x.losses)}, W2 ${reports.map((x) => x.w2)}`);
  }
  return { ms: Math.max(...reports.map((r) => r.ms)), wait: Math.min(...reports.map((r) => r.wait)), losses: reports[0].losses, w2: reports[0].w2 };
}

// instance runs one shard's Go program in this worker thread.
async function instance({ wasm, wasmExec, mnist, sab, bounds, me, width }) {
  const require = createRequire(import.meta.url);
  Object.assign(globalThis, { require, fs: require("fs"), path: require("path") });
  require(`${wasmExec}/wasm_exec.js`);
  const flags = new Int32Array(sab, 0, bounds.length);
  const region = (shard, parity) => new Uint8Array(sab, 16 * bounds.length + 8 * N * width * (2 * shard + parity), 8 * N * (bounds[shard][1] - bounds[shard][0]));
  globalThis.scratchnetShard = {
    me,
    bounds,
    views: bounds.map((_, s) => [region(s, 0), region(s, 1)]),
    // exchange says this shard's activations for step are in place and
    // waits until every other shard's are (a shard that died stops the
    // others within WAIT_MS, with a Go panic and a non-zero exit).
    exchange(step) {
      Atomics.store(flags, me, step);
      Atomics.notify(flags, me);
      for (let o = 0; o < bounds.length; o++) {
        let v;
        while (o !== me && (v = Atomics.load(flags, o)) < step) {
          if (Atomics.wait(flags, o, v, WAIT_MS) === "timed-out") throw new Error(`shard ${me}: nothing from shard ${o} for ${WAIT_MS} ms at step ${step}`);
        }
      }
    },
    report: (ms, wait, losses, w2) => parentPort.postMessage({ ms, wait, losses, w2 }),
  };
  const go = new globalThis.Go();
  go.exit = (code) => process.exit(code); // ends this thread; run sees the code
  go.argv = ["shard", "-lo", String(bounds[me][0]), "-hi", String(bounds[me][1])];
  go.env = { SCRATCHNET_MNIST: mnist };
  const { instance } = await WebAssembly.instantiate(readFileSync(wasm), go.importObject);
  await go.run(instance);
}
