// Two threads exchange a step's hidden activations (100 images × 25
// units each way) through a SharedArrayBuffer, as a step split between two
// Go instances would once per step: copy mine in, signal, wait for theirs,
// copy theirs out. Part of issue 17's measurement of training across
// workers (docs/figures.md): node scripts/bench/exchange.mjs
import { Worker, isMainThread, workerData } from "node:worker_threads";
const N = 100 * 25, ROUNDS = 20000;
if (isMainThread) {
  const sab = new SharedArrayBuffer(8 * N * 2 + 16);
  const w = new Worker(new URL(import.meta.url), { workerData: { sab, me: 1 } });
  await run(sab, 0);
  await new Promise((r) => w.on("exit", r));
} else {
  await run(workerData.sab, workerData.me);
}
async function run(sab, me) {
  const flags = new Int32Array(sab, 0, 4);
  const slots = [new Float64Array(sab, 16, N), new Float64Array(sab, 16 + 8 * N, N)];
  const mine = new Float64Array(N).fill(me), theirs = new Float64Array(N);
  const t0 = performance.now();
  for (let r = 1; r <= ROUNDS; r++) {
    slots[me].set(mine);
    Atomics.store(flags, me, r);
    Atomics.notify(flags, me);
    while (Atomics.load(flags, 1 - me) < r) Atomics.wait(flags, 1 - me, r - 1);
    theirs.set(slots[1 - me]);
  }
  const us = ((performance.now() - t0) * 1000) / ROUNDS;
  if (me === 0) console.log(`exchange of ${N} float64s each way: ${us.toFixed(1)} µs a round (${ROUNDS} rounds)`);
}
