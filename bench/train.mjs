// Item 6 of `npm run bench`: the Wasm trainer (issue 13).
//  a) training steps/s at width 64, batch 64, depths 5 and 30, plain and SLL
//     networks, against bench/train_numpy.py (the same network, loss and Adam
//     in numpy, float64 — and float32 for reference), interleaved in the same
//     run, median of the repeats; numpy with its own BLAS threads and pinned
//     to one thread (lipvar runs one network per thread);
//  b) a multi-run job (runTraining, 8 runs) with 1 and 2 workers;
//  c) the CPU hours of the full protocol (2 models × depths 5/15/30 × 10 seeds,
//     25 epochs over Covertype's 464,810 training rows, test pass each epoch),
//     from the measured step and evaluation rates at depths 5, 15 and 30.
import { spawnSync } from "node:child_process";
import { createKernels } from "../dist/wasm/kernels.js";
import { WasmDataset, WasmTrainer } from "../dist/wasm/train.js";
import { modelLayers } from "../dist/experiments/train-run.js";
import { runTraining } from "../dist/experiments/train.js";
import { syntheticCovertype } from "../dist/data/synthetic.js";
import { median } from "./stats.mjs";

const NUMPY_TRAIN = new URL("./train_numpy.py", import.meta.url).pathname;
const COVERTYPE_TRAIN_ROWS = 464810; // 80 % of 581,012
const COVERTYPE_TEST_ROWS = 116202;

function numpySteps(model, depth, dtype, threads, steps) {
  const env = threads ? { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) } : process.env;
  const job = { model, depth, width: 64, batch: 64, inputs: 54, classes: 7, steps, repeats: 1, dtype };
  const r = spawnSync("python3", [NUMPY_TRAIN, JSON.stringify(job)], { encoding: "utf8", env });
  if (r.status !== 0) throw new Error(`numpy trainer baseline failed: ${r.stderr.trim().split("\n").pop()}`);
  return JSON.parse(r.stdout).stepsPerSecond;
}

/** Steps/s (and evaluation batches/s) of the Wasm trainer on random data, ~`seconds` each. */
function wasmRates(k, model, depth, seconds) {
  const rows = 64 * 50;
  let s = 12345;
  const rand = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const data = new WasmDataset(k, Float64Array.from({ length: rows * 54 }, rand), Int32Array.from({ length: rows }, () => Math.floor(rand() * 7)), 54);
  const idx = data.indices(Array.from({ length: rows }, (_, i) => i));
  const trainer = new WasmTrainer(k, modelLayers(model, depth, 64, 54, 7), 64, { bias: true, trainQ: true });
  trainer.setParams(Float64Array.from({ length: trainer.paramCount }, () => 0.2 * (rand() - 0.5)));
  const adam = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
  trainer.epoch(data, idx, adam); // warm-up
  let t0 = performance.now();
  let steps = 0;
  while (performance.now() - t0 < seconds * 1000) {
    trainer.epoch(data, idx, adam);
    steps += 50;
  }
  const stepsPerSecond = steps / ((performance.now() - t0) / 1000);
  t0 = performance.now();
  let batches = 0;
  while (performance.now() - t0 < (seconds * 1000) / 3) {
    trainer.evaluate(data, idx);
    batches += 50;
  }
  const evalBatchesPerSecond = batches / ((performance.now() - t0) / 1000);
  trainer.dispose();
  data.free();
  idx.free();
  return { stepsPerSecond, evalBatchesPerSecond };
}

/** Wall seconds of an 8-run training job through the pool (library call, data generated once outside the timing). */
async function poolJob(k, table, workers, quick) {
  const t0 = performance.now();
  await runTraining({ models: ["plain", "sll"], depths: [15], seeds: 4, epochs: quick ? 1 : 2, workers }, table);
  return (performance.now() - t0) / 1000;
}

export async function benchTrain({ quick, numpy, log }) {
  const k = await createKernels();
  const repeats = quick ? 2 : 3;
  const seconds = quick ? 0.6 : 1.5;
  const rows = [];
  for (const depth of [5, 30]) {
    for (const model of ["plain", "sll"]) {
      const steps = Math.max(20, Math.round((depth === 5 ? 400 : 80) * seconds));
      const w = [], n = [], n1 = [], n32 = [];
      // Interleaved: each repeat measures every variant once, so load changes hit all alike.
      for (let r = 0; r < repeats; r++) {
        w.push(wasmRates(k, model, depth, seconds).stepsPerSecond);
        if (numpy) {
          n.push(numpySteps(model, depth, "float64", null, steps));
          n1.push(numpySteps(model, depth, "float64", 1, steps));
          n32.push(numpySteps(model, depth, "float32", 1, steps));
        }
      }
      const row = { model, depth, wasm: median(w), numpy: numpy ? median(n) : null, numpyOneThread: numpy ? median(n1) : null, numpyFloat32OneThread: numpy ? median(n32) : null, repeats };
      log(`train ${model} depth ${depth}: wasm ${row.wasm.toFixed(0)} steps/s, numpy ${row.numpy?.toFixed(0)} (1 thread ${row.numpyOneThread?.toFixed(0)}, f32 ${row.numpyFloat32OneThread?.toFixed(0)})`);
      rows.push(row);
    }
  }
  // b) a multi-run job through the worker pool, 1 and 2 workers interleaved.
  const rowsJob = quick ? 6000 : 12000;
  const table = syntheticCovertype(k, { rows: rowsJob, seed: 3n });
  const one = [], two = [];
  for (let r = 0; r < (quick ? 1 : 2); r++) {
    one.push(await poolJob(k, table, 1, quick));
    two.push(await poolJob(k, table, 2, quick));
  }
  const job = { runs: 8, note: `runTraining (what \`lipvar train\` calls, runs on worker threads only): plain and SLL, depth 15, 4 seeds, ${quick ? 1 : 2} epochs of ${Math.round(rowsJob * 0.8)} synthetic rows; wall time of the call (thread start-up included, data generation excluded), median of interleaved repeats`, wasm1: median(one), wasm2: median(two) };
  log(`train job: 1 worker ${job.wasm1.toFixed(1)} s, 2 workers ${job.wasm2.toFixed(1)} s`);
  // c) CPU hours of the full protocol from measured rates.
  const protocol = [];
  let cpuSeconds = 0;
  for (const model of ["plain", "sll"]) {
    for (const depth of [5, 15, 30]) {
      const r = wasmRates(k, model, depth, quick ? 0.5 : 1);
      const perRun = 25 * (Math.ceil(COVERTYPE_TRAIN_ROWS / 64) / r.stepsPerSecond + Math.ceil(COVERTYPE_TEST_ROWS / 64) / r.evalBatchesPerSecond);
      protocol.push({ model, depth, ...r, secondsPerRun: perRun });
      cpuSeconds += 10 * perRun;
    }
  }
  return { rows, job, protocol: { runs: 60, cpuHours: cpuSeconds / 3600, perConfig: protocol, note: "2 models × depths 5/15/30 × 10 seeds × 25 epochs of 7,263 steps (464,810 rows / 64) plus a 116,202-row test pass per epoch, at the step and evaluation rates measured here (one thread each)" } };
}

const f = (x, d = 0) => (x === null || x === undefined ? "–" : x.toFixed(d));
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : "–");

export function trainMarkdown(t) {
  const L = [];
  L.push("**6. Training** (steps/s, width 64, batch 64, float64; median of interleaved repeats; numpy = bench/train_numpy.py, the same network, loss and Adam)", "");
  L.push("| model | depth | lipvar (1 thread) | numpy | numpy 1 thread | numpy f32 1 thread | lipvar / numpy | lipvar / numpy 1t |", "|---|---|---|---|---|---|---|---|");
  for (const x of t.rows) L.push(`| ${x.model} | ${x.depth} | ${f(x.wasm)} | ${f(x.numpy)} | ${f(x.numpyOneThread)} | ${f(x.numpyFloat32OneThread)} | ${ratio(x.wasm, x.numpy)} | ${ratio(x.wasm, x.numpyOneThread)} |`);
  L.push("", `Multi-run job (${t.job.runs} runs): 1 worker ${f(t.job.wasm1, 1)} s, 2 workers ${f(t.job.wasm2, 1)} s, speed-up ${ratio(t.job.wasm1, t.job.wasm2)}. ${t.job.note}.`, "");
  L.push(`Full protocol (${t.protocol.runs} runs): ${t.protocol.cpuHours.toFixed(1)} CPU hours (${t.protocol.note}); per run: ${t.protocol.perConfig.map((p) => `${p.model} ${p.depth}: ${(p.secondsPerRun / 60).toFixed(0)} min`).join(", ")}.`, "");
  return L.join("\n");
}
