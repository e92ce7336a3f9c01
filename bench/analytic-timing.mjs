// Time the analytic functions that have a speed target (exactGaussianVariance:
// < 20 ms per point). Runs on the compiled library: `npm run build:ts` first.
//   node bench/analytic-timing.mjs
import { exactGaussianVariance, meanAbsInner } from "../dist/analytic/index.js";

function time(label, f, repeats) {
  f(); // warm-up (JIT) outside the measurement
  const t0 = performance.now();
  for (let i = 0; i < repeats; i++) f();
  const ms = (performance.now() - t0) / repeats;
  console.log(`${label.padEnd(40)} ${ms.toFixed(2)} ms`);
}

// exactGaussianVariance caches per (d, n); time the computation by varying n
// by one on each repeat so no call is served from the cache.
for (const [d, n] of [[128, 64], [8192, 8192], [8, 8], [1000000, 1000000]]) {
  let k = 0;
  time(`exactGaussianVariance(${d}, ${n}±)`, () => exactGaussianVariance(d, n + k++), 20);
}
// m(d) for a general β: its cost is dominated by the product CF integrals.
for (const beta of [0.5, 1, 1.5, 3, Infinity]) {
  let k = 0;
  time(`meanAbsInner(64±, beta=${beta})`, () => meanAbsInner(64 + k++, beta), 3);
}
