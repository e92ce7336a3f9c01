// lipvar benchmark harness (`npm run bench`, issue 6). Every figure is a
// ratio against a baseline measured in the same run: a plain-JavaScript
// implementation of the same kernel (bench/baselines/) and, where python3
// with numpy is present, a numpy implementation (bench/numpy_baselines.py,
// which times itself). Median of several runs. Writes bench/results.json and
// prints a Markdown table. Not a test: numbers depend on the machine and its
// load; it asserts nothing.
//
//   node bench/run.js [--quick] [--items 1,2,3,4,5,6,7,8] [--out bench/results.json]
//
// This harness supersedes bench/gemm.mjs (item 3) and the sampling script
// (item 1); those remain as single-purpose tools.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir, loadavg } from "node:os";
import { join } from "node:path";
import { createKernels, sampleSgnd, forwardBackward } from "../dist/wasm/index.js";
import { runChunks } from "../dist/parallel/index.js";
import { runWeightVariance } from "../dist/experiments/weightVariance.js";
import { sgndFill } from "./baselines/sampling.js";
import { matmul as jsMatmul, gram as jsGram } from "./baselines/gemm.js";
import { aolVarianceMean } from "./baselines/variance.js";
import { benchTrain, trainMarkdown } from "./train.mjs";
import { benchPrecise, markdownPrecise } from "./precise.mjs";
import { benchStartup, markdownStartup } from "./startup.mjs";
import { median } from "./stats.mjs";

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const option = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
};
const QUICK = flag("quick");
const ITEMS = new Set(option("items", "1,2,3,4,5,6,7,8").split(",").map(Number));
const OUT = option("out", new URL("./results.json", import.meta.url).pathname);
const REPEATS = QUICK ? 3 : 5;

const now = () => performance.now() / 1000;
async function timeMedian(fn, repeats) {
  const ts = [];
  let out;
  for (let r = 0; r < repeats; r++) {
    const t0 = now();
    out = await fn();
    ts.push(now() - t0);
  }
  return { seconds: median(ts), out };
}
const log = (...a) => console.error("bench:", ...a);

// ---------------------------------------------------------------- machine, numpy
function machine(build) {
  let cpu = cpus()[0]?.model ?? "unknown";
  try {
    const m = readFileSync("/proc/cpuinfo", "utf8").match(/^model name\s*:\s*(.*)$/m);
    if (m) cpu = m[1].trim();
  } catch {}
  return { cpu, cores: cpus().length, node: process.version, wasmBuild: build, date: new Date().toISOString(), loadAverageAtStart: loadavg()[0] };
}

const NUMPY_SCRIPT = new URL("./numpy_baselines.py", import.meta.url).pathname;
function numpyAvailable() {
  const r = spawnSync("python3", ["-c", "import numpy; print(numpy.__version__)"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}
/** Run a numpy job; `threads` pins the BLAS thread count (default: numpy's own choice). */
function numpy(job, threads) {
  const env = { ...process.env };
  if (threads) for (const v of ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"]) env[v] = String(threads);
  const r = spawnSync("python3", [NUMPY_SCRIPT, JSON.stringify(job)], { encoding: "utf8", maxBuffer: 1 << 20, env });
  if (r.status !== 0) throw new Error(`numpy baseline failed: ${r.stderr.trim().split("\n").pop()}`);
  return JSON.parse(r.stdout);
}

// ---------------------------------------------------------------- item 1: sampling
const BETAS = [1, 1.5, 2, 8, Infinity];
async function benchSampling(k, np) {
  const count = QUICK ? 1 << 20 : 1 << 22;
  const out = new Float64Array(count);
  const rows = [];
  const npRes = np ? numpy({ kind: "sampling", count, repeats: REPEATS, betas: BETAS.map((b) => (b === Infinity ? "inf" : b)) }) : null;
  for (const beta of BETAS) {
    sampleSgnd(k, { beta, count, seed: 1, out }); // warm-up
    let stream = 0;
    const wasm = count / (await timeMedian(() => sampleSgnd(k, { beta, count, seed: 1, stream: ++stream, out }), REPEATS)).seconds;
    sgndFill(out, beta);
    const js = count / (await timeMedian(() => sgndFill(out, beta), REPEATS)).seconds;
    const npRow = npRes?.[beta === Infinity ? "inf" : String(beta)];
    rows.push({ beta: beta === Infinity ? "inf" : beta, wasm, js, numpyDedicated: npRow?.dedicated ?? null, numpyGamma: npRow?.gamma ?? null });
    log(`sampling β=${beta}: ${(wasm / 1e6).toFixed(1)} M/s`);
  }
  return { count, rows };
}

// ---------------------------------------------------------------- item 2: Monte Carlo + control variate
const LIPVAR = new URL("../bin/lipvar.js", import.meta.url).pathname;
const hasCommand = (name) => new RegExp(`^\\s+${name}\\b`, "m").test(spawnSync(process.execPath, [LIPVAR, "--help"], { encoding: "utf8" }).stdout ?? "");

/** Interleave the variants' repeats (a, b, a, b, …) so a load change on a shared machine hits both alike. */
async function interleaved(variants, repeats) {
  const times = variants.map(() => []);
  const outs = [];
  for (let r = 0; r < repeats; r++) {
    for (let v = 0; v < variants.length; v++) {
      const t0 = now();
      outs[v] = await variants[v]();
      times[v].push(now() - t0);
    }
  }
  return variants.map((_, v) => ({ seconds: median(times[v]), out: outs[v] }));
}

/**
 * The JSON of one `lipvar variance` run (whole command, Node start-up
 * included), or null when it fails. `size`: ["--samples", M] or a precision
 * target such as ["--target-se", S].
 */
function cliVariance(d, n, beta, size, workers) {
  const dist = beta === 2 ? ["--dist", "gaussian"] : ["--dist", "gnd", "--beta", String(beta)];
  const args = [LIPVAR, "variance", "--transform", "aol", "--d", String(d), "--n", String(n), ...dist, ...size, "--seed", "7", "--workers", String(workers), "--json"];
  const r = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) return null;
  try {
    return JSON.parse(r.stdout);
  } catch {
    return null;
  }
}

async function benchVariance(np) {
  const count = QUICK ? 20_000 : 200_000;
  const jsCount = QUICK ? 2_000 : 20_000;
  const repeats = 3;
  const useCli = hasCommand("variance") && cliVariance(8, 4, 2, ["--samples", "100"], 1) !== null;
  const rows = [];
  for (const [d, n] of [[64, 16], [32, 32]]) {
    for (const beta of [2, 1.5]) {
      const label = beta === 2 ? "Gaussian" : "β = 1.5";
      const config = { transform: "aol", d, n, dist: beta === 2 ? "gaussian" : "gnd", beta, samples: count, seed: 7 };
      const run = (workers) => (useCli ? async () => cliVariance(d, n, beta, ["--samples", String(count)], workers) : () => runWeightVariance({ ...config, workers }));
      if (!useCli) await runWeightVariance({ ...config, samples: 10_000, workers: 1 }); // load the in-process worker once
      const [one, two] = await interleaved([run(1), run(2)], repeats);
      const jsSeconds = ((await timeMedian(() => aolVarianceMean(d, n, beta, jsCount), 1)).seconds * count) / jsCount;
      const npRes = np ? numpy({ kind: "variance", d, n, beta: beta === 2 ? "gauss" : beta, count, chunk: 10_000, repeats }) : null;
      const res = one.out;
      // Same standard error as numpy's plain estimator on `count` matrices:
      // `lipvar variance --target-se <numpy's SE>` plans its own matrix count
      // from a pilot (control-variate estimator), timed as the whole command.
      let matched = null;
      const hasTarget = useCli && cliVariance(8, 4, 2, ["--target-se", "1e-3"], 1) !== null;
      if (hasTarget && npRes?.se > 0) {
        const size = ["--target-se", String(npRes.se)];
        const [m1, m2] = await interleaved([async () => cliVariance(d, n, beta, size, 1), async () => cliVariance(d, n, beta, size, 2)], repeats);
        matched = { samples: m1.out.samples, pilot: m1.out.precision.pilotSamples, wasm1: m1.seconds, wasm2: m2.seconds, se: m1.out.se, reached: m1.out.precision.reached, numpySe: npRes.se };
      }
      // Time to a relative standard error of 1e-4: matrices needed scale as (se/target)².
      const target = 1e-4 * res.estimate;
      const perMatrix = one.seconds / count;
      rows.push({
        d, n, dist: label, count,
        wasm1: one.seconds, wasm2: two.seconds,
        jsExtrapolated: jsSeconds, jsCount,
        numpy: npRes?.seconds ?? null,
        estimate: res.estimate, se: res.se, estimatePlain: res.estimatePlain, sePlain: res.sePlain,
        numpyEstimate: npRes?.estimate ?? null,
        numpySe: npRes?.se ?? null,
        matchedSe: matched,
        varianceReduction: res.varianceReduction,
        secondsToRelSe1e4: { plain: perMatrix * count * (res.sePlain / target) ** 2, controlVariate: perMatrix * count * (res.se / target) ** 2 },
      });
      log(`variance ${d}×${n} ${label}: 1w ${one.seconds.toFixed(2)} s, 2w ${two.seconds.toFixed(2)} s, numpy ${npRes?.seconds.toFixed(2)} s`);
    }
  }
  const how = useCli
    ? "Whole-command wall time of `node bin/lipvar.js variance … --json` (Node start-up, Wasm compilation, threads, histogram and analytic values included)."
    : "`lipvar variance` was not registered when this ran: timed the experiment function runWeightVariance (src/experiments, chunks of 4096 matrices, w̄ histogram, control variates and analytic values included; thread start-up included, Node start-up not).";
  return { rows, timed: useCli ? "cli" : "function", note: `${how} 1 and 2 workers interleaved, median of ${repeats}. Plain-JS baseline run on ${jsCount.toLocaleString("en")} matrices and scaled linearly. numpy: chunks of 10,000 matrices.` };
}

// ---------------------------------------------------------------- item 3: GEMM and Gram
function timeCall(fn, minSeconds = 0.1) {
  fn();
  let reps = 1;
  for (;;) {
    const t0 = now();
    for (let i = 0; i < reps; i++) fn();
    if (now() - t0 > minSeconds) break;
    reps *= 2;
  }
  const ts = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = now();
    for (let i = 0; i < reps; i++) fn();
    ts.push((now() - t0) / reps);
  }
  return median(ts);
}

function benchGemm(k, np) {
  const sizes = QUICK ? [64, 128, 256, 512, 1024] : [64, 128, 256, 512, 1024, 2048];
  const jsCap = QUICK ? 256 : 512;
  const raw = k.raw;
  const rows = [];
  for (const n of sizes) {
    const a = k.allocF64(n * n), b = k.allocF64(n * n), c = k.allocF64(n * n), g = k.allocF64(n * n);
    const s = k.allocF64(Math.max(raw.gemmScratchDoubles(n, n, n), raw.gramScratchDoubles(n, n)));
    for (let i = 0; i < n * n; i++) {
      a.view[i] = Math.random() - 0.5;
      b.view[i] = Math.random() - 0.5;
    }
    const flops = 2 * n ** 3;
    const minS = n >= 2048 ? 0 : 0.1;
    const row = {
      n,
      wasmGemm: flops / timeCall(() => raw.gemm(a.ptr, b.ptr, c.ptr, n, n, n, s.ptr), minS) / 1e9,
      wasmGram: flops / timeCall(() => raw.gram(a.ptr, n, n, g.ptr, s.ptr), minS) / 1e9,
      jsGemm: null, jsGram: null,
    };
    if (n <= jsCap) {
      const A = a.view.slice(), B = b.view.slice(), C = new Float64Array(n * n);
      row.jsGemm = flops / timeCall(() => jsMatmul(A, B, C, n, n, n)) / 1e9;
      row.jsGram = flops / timeCall(() => jsGram(A, C, n, n)) / 1e9;
    }
    for (const blk of [a, b, c, g, s]) blk.free();
    rows.push(row);
    log(`gemm n=${n}: ${row.wasmGemm.toFixed(2)} GFLOP/s`);
  }
  const npRes = np ? numpy({ kind: "matmul", sizes, repeats: REPEATS }) : null;
  const npOne = np ? numpy({ kind: "matmul", sizes, repeats: REPEATS }, 1) : null;
  for (const row of rows) {
    row.numpy = npRes?.[String(row.n)] ?? null;
    row.numpyOneThread = npOne?.[String(row.n)] ?? null;
  }
  return { rows, jsCap, note: `Gram counted as 2n³ flops (it computes the upper triangle only). Plain-JS baseline capped at n ≤ ${jsCap} (n = 2048 takes minutes in plain JS). numpy with its default BLAS threads (all cores) and pinned to 1 thread; the Wasm kernel runs on one thread.` };
}

// ---------------------------------------------------------------- item 4: depth decay, report
const WORKER_DECAY = new URL("./decay-worker.js", import.meta.url);
async function benchDecay() {
  const width = QUICK ? 256 : 1024, depth = 15, batch = QUICK ? 256 : 1024;
  const widths = Array(depth + 1).fill(width);
  // Two networks (seeds' streams 0 and 1), as a decay experiment averages over draws:
  // 1 worker runs them one after the other, 2 workers side by side.
  const tasks = [0, 1].map((stream) => ({ widths, batch, beta: 2, seed: 11, stream }));
  const cliArgs = (workers) => [LIPVAR, "decay", "--depth", String(depth), "--width", String(width), "--batch", String(batch), "--seed", "11", "--replicates", "2", "--workers", String(workers), "--json"];
  const useCli = hasCommand("decay") && spawnSync(process.execPath, [LIPVAR, "decay", "--depth", "2", "--width", "8", "--batch", "4", "--seed", "1", "--replicates", "2", "--workers", "1", "--json"]).status === 0;
  const runWith = (workers) =>
    useCli
      ? () => {
          if (spawnSync(process.execPath, cliArgs(workers), { maxBuffer: 1 << 26 }).status !== 0) throw new Error("lipvar decay failed");
        }
      : () => runChunks({ workerModule: WORKER_DECAY, tasks, workers });
  const [one, two] = await interleaved([runWith(1), runWith(2)], 2);
  log(`decay: 1w ${one.seconds.toFixed(1)} s, 2w ${two.seconds.toFixed(1)} s`);
  const result = { width, depth, batch, networks: 2, wasm1: one.seconds, wasm2: two.seconds, report: null, note: `${useCli ? "Whole-command wall time of \`node bin/lipvar.js decay --depth 15 --width W --batch N --replicates 2 --json\` (2 replicate networks, histograms and predictions included)" : "\`lipvar decay\` not registered: timed forwardBackward (src/wasm) for 2 random networks through the worker pool"}, 1 and 2 workers interleaved, median of 2. No plain-JS/numpy baseline for this item (the issue asks for wall time only).` };
  if (QUICK) result.reportNote = "`lipvar report` not timed with --quick";
  else if (hasCommand("report")) {
    const dir = mkdtempSync(join(tmpdir(), "lipvar-bench-"));
    const t0 = now();
    const r = spawnSync(process.execPath, [LIPVAR, "report"], { cwd: dir, encoding: "utf8" });
    result.report = { seconds: now() - t0, exitCode: r.status };
    rmSync(dir, { recursive: true, force: true });
  } else result.reportNote = "`lipvar report` not registered yet: not timed";
  return result;
}

// ---------------------------------------------------------------- table
const f = (x, digits = 2) => (x === null || x === undefined ? "–" : x.toFixed(digits));
const pct = (a, b) => (a && b ? `${((100 * a) / b).toFixed(0)}%` : "–");
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : "–");

function markdown(r) {
  const L = [];
  const m = r.machine;
  L.push(`Machine: ${m.cpu}, ${m.cores} cores, Node ${m.node}, Wasm build \`${m.wasmBuild}\`, numpy ${r.numpy ?? "absent (numpy columns skipped)"}, ${m.date.slice(0, 10)}${r.quick ? " (--quick)" : ""}; load average ${m.loadAverageAtStart.toFixed(1)} at start, ${m.loadAverageAtEnd.toFixed(1)} at end; ${r.totalSeconds.toFixed(0)} s in all.`, "");
  if (r.sampling) {
    L.push(`**1. Sampling** (M values/s, ${r.sampling.count} values per call, median of ${REPEATS})`, "");
    L.push("| β | lipvar | plain JS | numpy dedicated | numpy Gamma route | lipvar / JS | lipvar / numpy dedicated | lipvar / numpy Gamma |", "|---|---|---|---|---|---|---|---|");
    for (const x of r.sampling.rows) L.push(`| ${x.beta} | ${f(x.wasm / 1e6, 1)} | ${f(x.js / 1e6, 1)} | ${x.numpyDedicated ? f(x.numpyDedicated / 1e6, 1) : "–"} | ${x.numpyGamma ? f(x.numpyGamma / 1e6, 1) : "–"} | ${ratio(x.wasm, x.js)} | ${ratio(x.wasm, x.numpyDedicated)} | ${ratio(x.wasm, x.numpyGamma)} |`);
    L.push("");
  }
  if (r.variance) {
    L.push(`**2. Rescaled-weight Monte Carlo** (AOL, wall seconds for ${r.variance.rows[0].count.toLocaleString("en")} matrices)`, "");
    L.push("| d×n | weights | lipvar 1 worker | lipvar 2 workers | 2w speed-up | plain JS (scaled) | numpy | numpy / lipvar 2w | CV variance reduction | s to rel. SE 1e-4 plain → CV |", "|---|---|---|---|---|---|---|---|---|---|");
    for (const x of r.variance.rows) L.push(`| ${x.d}×${x.n} | ${x.dist} | ${f(x.wasm1)} | ${f(x.wasm2)} | ${ratio(x.wasm1, x.wasm2)} | ${f(x.jsExtrapolated, 1)} | ${f(x.numpy)} | ${ratio(x.numpy, x.wasm2)} | ${f(x.varianceReduction, 1)}× | ${x.secondsToRelSe1e4.plain.toPrecision(2)} → ${x.secondsToRelSe1e4.controlVariate.toPrecision(2)} |`);
    L.push("", r.variance.note, "");
    const matched = r.variance.rows.filter((x) => x.matchedSe);
    if (matched.length) {
      L.push("**2b. Same standard error as numpy** (whole command `lipvar variance … --target-se <numpy's SE>`: numpy's plain estimator on the matrices above; lipvar's control-variate estimator on the matrices its pilot plans, pilot included)", "");
      L.push("| d×n | weights | numpy s | numpy SE | lipvar matrices | lipvar SE reached | lipvar 1 worker s | lipvar 2 workers s | numpy / lipvar |", "|---|---|---|---|---|---|---|---|---|");
      for (const x of matched) {
        const m = x.matchedSe;
        L.push(`| ${x.d}×${x.n} | ${x.dist} | ${f(x.numpy)} | ${m.numpySe.toExponential(2)} | ${m.samples.toLocaleString("en")} | ${m.se.toExponential(2)} | ${f(m.wasm1)} | ${f(m.wasm2)} | ${ratio(x.numpy, Math.min(m.wasm1, m.wasm2))} |`);
      }
      L.push("");
    }
  }
  if (r.gemm) {
    L.push(`**3. GEMM / Gram** (GFLOP/s, float64)`, "");
    L.push("| n | lipvar GEMM | lipvar Gram | plain JS GEMM | plain JS Gram | numpy matmul | numpy 1 thread | GEMM / numpy | GEMM / numpy 1t | GEMM / JS |", "|---|---|---|---|---|---|---|---|---|---|");
    for (const x of r.gemm.rows) L.push(`| ${x.n} | ${f(x.wasmGemm)} | ${f(x.wasmGram)} | ${f(x.jsGemm)} | ${f(x.jsGram)} | ${f(x.numpy)} | ${f(x.numpyOneThread)} | ${pct(x.wasmGemm, x.numpy)} | ${pct(x.wasmGemm, x.numpyOneThread)} | ${ratio(x.wasmGemm, x.jsGemm)} |`);
    L.push("", r.gemm.note, "");
  }
  if (r.decay) {
    const x = r.decay;
    L.push(`**4. Depth decay** (width ${x.width}, depth ${x.depth}, batch ${x.batch}, ${x.networks} networks): 1 worker ${f(x.wasm1, 1)} s, 2 workers ${f(x.wasm2, 1)} s, speed-up ${ratio(x.wasm1, x.wasm2)}. ${x.report ? `Default \`lipvar report\`: ${f(x.report.seconds, 1)} s (exit ${x.report.exitCode}).` : x.reportNote}`, "", x.note, "");
  }
  if (r.train) L.push(trainMarkdown(r.train));
  if (r.precise) L.push(markdownPrecise(r.precise));
  if (r.startup) L.push(markdownStartup(r.startup));
  return L.join("\n");
}

// ---------------------------------------------------------------- main
const k = await createKernels();
const npVersion = numpyAvailable();
if (!npVersion) log("python3 with numpy not found: numpy baselines skipped");
const results = { machine: machine(k.build), numpy: npVersion, quick: QUICK };
const t0 = now();
if (ITEMS.has(1)) results.sampling = await benchSampling(k, npVersion);
if (ITEMS.has(3)) results.gemm = benchGemm(k, npVersion);
if (ITEMS.has(2)) results.variance = await benchVariance(npVersion);
if (ITEMS.has(4)) results.decay = await benchDecay();
if (ITEMS.has(6)) results.train = await benchTrain({ quick: QUICK, numpy: npVersion !== null, log });
if (ITEMS.has(7)) results.precise = await benchPrecise({ quick: QUICK, interleaved, log });
if (ITEMS.has(8)) results.startup = benchStartup({ rounds: QUICK ? 5 : 15, log });
results.machine.loadAverageAtEnd = loadavg()[0];
results.totalSeconds = now() - t0;
writeFileSync(OUT, JSON.stringify(results, null, 2) + "\n");
console.log(markdown(results));
