// GFLOP/s of the Wasm matrix multiply (C = A·B, square n×n, 2n³ flops) and
// Gram kernel (G = WᵀW, counted as 2n³ flops although it computes the upper
// triangle only), next to numpy's float64 matmul measured in the same run
// when python3 with numpy is present (with its default threads, and with one
// thread, since the Wasm kernel runs on one core). Median of 5 timings.
// Not a test: numbers depend on the machine and its load.
//
//   npm run build:ts && node bench/gemm.mjs [--build baseline|simd|relaxed|auto] [--sizes 64,128,...]
//
// The relaxed-SIMD build needs an engine that accepts it (Node ≥ 22, or
// node --experimental-wasm-relaxed-simd on Node 20).
import { spawnSync } from "node:child_process";
import { createKernels } from "../dist/wasm/index.js";
import { median } from "./stats.mjs";

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const sizes = option("sizes", "64,128,256,512,1024").split(",").map(Number);
const k = await createKernels({ build: option("build", "auto") });
const raw = k.raw;

/** Seconds per call of fn: repeats chosen so one timing takes ≥ 0.1 s, median of 5. */
function timeIt(fn) {
  fn();
  let reps = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn();
    if (performance.now() - t0 > 100) break;
    reps *= 2;
  }
  const times = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn();
    times.push((performance.now() - t0) / 1000 / reps);
  }
  return median(times);
}

const wasm = {};
for (const n of sizes) {
  const a = k.allocF64(n * n), b = k.allocF64(n * n), c = k.allocF64(n * n), g = k.allocF64(n * n);
  const s = k.allocF64(Math.max(raw.gemmScratchDoubles(n, n, n), raw.gramScratchDoubles(n, n)));
  const av = a.view, bv = b.view;
  for (let i = 0; i < n * n; i++) {
    av[i] = Math.random() - 0.5;
    bv[i] = Math.random() - 0.5;
  }
  const flops = 2 * n ** 3;
  wasm[n] = {
    gemm: flops / timeIt(() => raw.gemm(a.ptr, b.ptr, c.ptr, n, n, n, s.ptr)) / 1e9,
    gram: flops / timeIt(() => raw.gram(a.ptr, n, n, g.ptr, s.ptr)) / 1e9,
  };
  for (const blk of [a, b, c, g, s]) blk.free();
}

const numpyScript = `
import json, sys, time
import numpy as np
sizes = json.loads(sys.argv[1])
out = {}
for n in sizes:
    a = np.random.rand(n, n); b = np.random.rand(n, n)
    a @ b
    reps = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(reps): a @ b
        if time.perf_counter() - t0 > 0.1: break
        reps *= 2
    ts = []
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(reps): a @ b
        ts.append((time.perf_counter() - t0) / reps)
    ts.sort()
    out[n] = 2 * n**3 / ts[2] / 1e9
print(json.dumps(out))
`;

function numpy(threads) {
  const env = { ...process.env };
  if (threads) for (const v of ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"]) env[v] = String(threads);
  const r = spawnSync("python3", ["-c", numpyScript, JSON.stringify(sizes)], { env, encoding: "utf8" });
  if (r.status !== 0) return null;
  try {
    return JSON.parse(r.stdout);
  } catch {
    return null;
  }
}

const npAll = numpy(0);
const npOne = npAll ? numpy(1) : null;
console.log(`lipvar Wasm build: ${k.build}   (GFLOP/s, median of 5; Gram counted as 2n³)`);
if (!npAll) console.log("numpy: python3 with numpy not found, skipped");
const header = ["n", "wasm gemm", "wasm gram", ...(npAll ? ["numpy", "numpy 1 thread", "gemm/numpy", "gemm/numpy 1t"] : [])];
console.log(header.map((h) => h.padStart(16)).join(""));
for (const n of sizes) {
  const row = [n, wasm[n].gemm.toFixed(2), wasm[n].gram.toFixed(2)];
  if (npAll) {
    row.push(npAll[n].toFixed(2), npOne[n].toFixed(2), `${((100 * wasm[n].gemm) / npAll[n]).toFixed(0)}%`, `${((100 * wasm[n].gemm) / npOne[n]).toFixed(0)}%`);
  }
  console.log(row.map((x) => String(x).padStart(16)).join(""));
}
