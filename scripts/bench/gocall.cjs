// The cost of one call from JavaScript into the page's Go module (a
// promise-returning export, as worker.js makes them), under Node; part of
// issue 17's measurement of training across workers (docs/figures.md):
// make site && node scripts/bench/gocall.cjs "$PWD/out/site"
globalThis.require = require;
globalThis.fs = require("fs");
globalThis.TextEncoder = require("util").TextEncoder;
globalThis.TextDecoder = require("util").TextDecoder;
globalThis.performance = require("perf_hooks").performance;
globalThis.crypto = require("crypto").webcrypto;
require(process.argv[2] + "/wasm_exec.js");
(async () => {
  const go = new Go();
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(process.argv[2] + "/main.wasm"), go.importObject);
  go.run(instance);
  while (typeof scratchnetGo === "undefined") await new Promise((r) => setTimeout(r, 5));
  const names = scratchnetGo.calls.map((c) => c.name);
  const op = names.includes("state") ? "state" : names[0];
  for (let i = 0; i < 2000; i++) await scratchnetGo[op]();
  const n = 20000, t0 = performance.now();
  for (let i = 0; i < n; i++) await scratchnetGo[op]();
  console.log(`${op}(): ${((performance.now() - t0) * 1000 / n).toFixed(1)} µs a call`);
  process.exit(0);
})();
