/**
 * The training experiment (MATH.md §7): models × depths × replicate seeds,
 * each run trained by the Wasm trainer for the epochs on one shared
 * train/test split; runs are the unit of parallel work (src/parallel), and
 * each run's result depends only on its task, so any worker count gives the
 * same JSON (apart from `run`). The experiment receives a table from the
 * data module (src/data) and never parses files.
 *
 * RNG streams of the base seed S: the synthetic table uses streams 0–3
 * (src/data/synthetic.ts); the subset of rows used and the 80/20 split come
 * from a permutation drawn from stream SPLIT_STREAM; run streams start at
 * RUN_STREAM_BASE (train-run.ts).
 */
import { exactGaussianVariance } from "../analytic/variance.js";
import { predictForwardVariances, predictGradientVariances } from "../analytic/decay.js";
import { standardiseColumns } from "../data/standardise.js";
import { rowCount, type TabularData } from "../data/types.js";
import { checkInteger, checkSeed, meanSe } from "./config.js";
import { resolveWorkers, runExperimentTasks, type RunOptions } from "./pool.js";
import { activationCode, trainerBlocks } from "../wasm/train.js";
import { Kernels, MAX_BLOCK_BYTES, createKernels, loadKernels } from "../wasm/kernels.js";
import { modelLayers, type TrainTask, type TrainTaskData, type TrainTaskResult, type TrainTaskSettings } from "./train-run.js";
import {
  parseTrainInit,
  TRAIN_MODELS,
  type MeanSe,
  type TrainBias,
  type TrainConfig,
  type TrainConfigJson,
  type TrainDataSummary,
  type TrainEpochTiming,
  type TrainGroupSummary,
  type TrainHiddenActivation,
  type TrainInit,
  type TrainModel,
  type TrainResult,
  type TrainRunResult,
  type TrainRunSpec,
} from "./train-types.js";

export const SPLIT_STREAM = 4;
/** The author's settings (src/train.py): SLL and plain nets, depths 5/15/30, width 64, 10 seeds, 25 epochs, batch 64, Adam lr 1e-3. */
export const TRAIN_DEFAULTS = {
  models: ["plain", "sll"] as TrainModel[],
  depths: [5, 15, 30],
  width: 64,
  seeds: 10,
  seed: 0,
  epochs: 25,
  batch: 64,
  lr: 1e-3,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  bias: "init" as TrainBias,
  init: "iid" as TrainInit,
  activation: "relu" as TrainHiddenActivation,
  trainQ: true,
  rows: null,
  testFraction: 0.2,
  standardise: false,
  statsRows: 2048,
};
/** Covertype's row count: the synthetic table's default size. */
export const COVERTYPE_ROWS = 581012;

function checkNumber(name: string, x: unknown, lo: number, hi: number, open = false): number {
  if (typeof x !== "number" || !Number.isFinite(x) || x < lo || x > hi || (open && (x === lo || x === hi))) {
    throw new RangeError(`${name} must be a number ${open ? "strictly " : ""}between ${lo} and ${hi}, got ${String(x)}`);
  }
  return x;
}

function checkList<T>(name: string, x: unknown, each: (v: unknown, i: number) => T): T[] {
  if (!Array.isArray(x) || x.length === 0) throw new RangeError(`${name} must be a non-empty list, got ${JSON.stringify(x)}`);
  const out = x.map(each);
  if (new Set(out.map(String)).size !== out.length) throw new RangeError(`${name} must not repeat a value, got ${out.join(",")}`);
  return out;
}

/** Validate a config (RangeError naming the field and its range) into the form results echo. */
export function validateTrainConfig(c: TrainConfig): TrainConfigJson {
  const d = { ...TRAIN_DEFAULTS, ...Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) } as Required<TrainConfig>;
  const models = checkList("models", d.models, (m) => {
    if (!TRAIN_MODELS.includes(m as TrainModel)) throw new RangeError(`models must be among ${TRAIN_MODELS.join(", ")}, got ${String(m)}`);
    return m as TrainModel;
  });
  const depths = checkList("depths", d.depths, (v) => checkInteger("depths", v, 1, 1000));
  if (!["init", "zero", "none"].includes(d.bias)) throw new RangeError(`bias must be init, zero or none, got ${String(d.bias)}`);
  const init = parseTrainInit(d.init);
  if (init === null) throw new RangeError(`init must be iid, orthogonal or identity:E (E the noise std, a finite number >= 0), got ${String(d.init)}`);
  const width = checkInteger("width", d.width, 1, 4096);
  const act = d.activation === ("none" as string) ? null : activationCode(String(d.activation));
  if (!act) throw new RangeError(`activation must be relu, abs, maxmin or groupsort:K (K an integer from 2 to 4096), got ${String(d.activation)}`);
  if (width % act.group !== 0) throw new RangeError(`activation ${d.activation} needs a width divisible by ${act.group}, got width ${width}`);
  if (models.includes("sll-better-hooks") && (d.init !== "iid" || d.activation !== "relu")) {
    throw new RangeError(`models sll-better-hooks needs init iid and activation relu (its hooks are the i.i.d. ReLU predictions), got init ${d.init}, activation ${d.activation}`);
  }
  if (typeof d.trainQ !== "boolean") throw new RangeError(`trainQ must be true or false, got ${String(d.trainQ)}`);
  if (typeof d.standardise !== "boolean") throw new RangeError(`standardise must be true or false, got ${String(d.standardise)}`);
  const out: TrainConfigJson = {
    models,
    depths,
    width,
    seeds: checkInteger("seeds", d.seeds, 1, 100000),
    seed: checkSeed(d.seed).toString(),
    epochs: checkInteger("epochs", d.epochs, 0, 100000),
    batch: checkInteger("batch", d.batch, 1, 65536),
    lr: checkNumber("lr", d.lr, 0, 1e6, false),
    beta1: checkNumber("beta1", d.beta1, 0, 1, false),
    beta2: checkNumber("beta2", d.beta2, 0, 1, false),
    eps: checkNumber("eps", d.eps, 0, 1, false),
    bias: d.bias,
    init,
    activation: d.activation,
    trainQ: d.trainQ,
    rows: d.rows === null ? null : checkInteger("rows", d.rows, 2, 2 ** 31 - 1),
    testFraction: checkNumber("testFraction", d.testFraction, 0, 1, true),
    standardise: d.standardise,
    statsRows: checkInteger("statsRows", d.statsRows, 1, 2 ** 31 - 1),
  };
  checkTrainFits(out, 1, 1, []);
  return out;
}

/**
 * Throws a RangeError, before any run, when one worker's Wasm memory cannot
 * hold the largest network of the config (every model at the deepest depth)
 * together with the data blocks `data` (doubles each): it names width, depth
 * and batch, why they do not fit, and the largest depth that does (or what
 * else to reduce). Called by validateTrainConfig with no data and one input
 * and class (a bound that needs no table), and again with the table before
 * the runs.
 */
export function checkTrainFits(cfg: Pick<TrainConfigJson, "models" | "depths" | "width" | "batch" | "activation">, inputs: number, classes: number, data: readonly number[]): void {
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  // The largest model's blocks at a depth, without and with the data.
  const network = (depth: number) => cfg.models.map((m) => trainerBlocks(modelLayers(m, depth, cfg.width, inputs, classes, cfg.activation), cfg.batch)).reduce((a, b) => (sum(b) > sum(a) ? b : a));
  const fits = (depth: number) => Kernels.whyBlocksCannotFit([...data, ...network(depth)]) === null;
  const depth = Math.max(...cfg.depths);
  const why = Kernels.whyBlocksCannotFit([...data, ...network(depth)]);
  if (why === null) return;
  let lo = 0;
  let hi = depth;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  const rowsFit = data.length > 0 && Kernels.whyBlocksCannotFit(network(1)) === null;
  const fix = lo >= 1 ? `depths up to ${lo} fit at this width and batch` : rowsFit ? `use at most ${Math.floor(MAX_BLOCK_BYTES / (8 * inputs))} rows of ${inputs} columns` : "reduce width or batch";
  throw new RangeError(`width ${cfg.width}, depth ${depth} and batch ${cfg.batch}${data.length > 0 ? " with this table" : ""} cannot fit in one worker's Wasm memory (the network, its Adam moments and activations${data.length > 0 ? ", and the data" : ""} ${why}): ${fix}`);
}

/** The config a result echoes, back as a TrainConfig (for merge). */
export function trainConfigFromJson(j: TrainConfigJson): TrainConfig {
  return { ...j, seed: BigInt(j.seed) };
}

/** Every run of the config in canonical order: models, then depths, then replicates. */
export function trainRuns(cfg: TrainConfigJson): TrainRunSpec[] {
  const runs: TrainRunSpec[] = [];
  for (const model of cfg.models) for (const depth of cfg.depths) for (let replicate = 0; replicate < cfg.seeds; replicate++) runs.push({ index: runs.length, model, depth, replicate });
  return runs;
}

/** A Fisher–Yates permutation of 0..n−1 from stream `stream` of `seed`. */
function permutation(k: Kernels, n: number, seed: bigint, stream: number): Int32Array {
  k.seed({ seed, stream });
  const u = k.uniforms(Math.max(n - 1, 1));
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(u[n - 1 - i] * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

function shared<T extends Float64Array | Int32Array>(a: T): T {
  if (typeof SharedArrayBuffer === "undefined") return a;
  const Ctor = a.constructor as { new (b: SharedArrayBuffer): T };
  const out = new Ctor(new SharedArrayBuffer(a.byteLength));
  out.set(a as never);
  return out;
}

export interface PreparedTrainData {
  task: TrainTaskData;
  summary: TrainDataSummary;
}

/**
 * The rows used (a random subset when cfg.rows is set), the split into
 * training and test rows (test = the last testFraction of a random order),
 * optional standardisation (training rows' mean and sd), and the test rows
 * the per-layer statistics use (the first statsRows of the test split).
 */
export function prepareTrainData(k: Kernels, table: TabularData, cfg: TrainConfigJson): PreparedTrainData {
  const total = rowCount(table);
  const used = cfg.rows ?? total;
  if (used > total) throw new RangeError(`rows must be at most the ${total} rows of ${table.source}, got ${used}`);
  const seed = BigInt(cfg.seed);
  const order = permutation(k, total, seed, SPLIT_STREAM).subarray(0, used);
  const testRows = Math.round(used * cfg.testFraction);
  if (testRows < 1 || testRows >= used) throw new RangeError(`testFraction ${cfg.testFraction} of ${used} rows leaves ${testRows} test and ${used - testRows} training rows; both must be >= 1`);
  const train = order.slice(0, used - testRows);
  const test = order.slice(used - testRows);
  const data = cfg.standardise ? standardiseColumns(table, train).data : table;
  const counts = new Array<number>(table.classes).fill(0);
  for (const r of test) counts[table.labels[r]]++;
  const shares = counts.map((c) => c / testRows);
  return {
    task: {
      id: `${table.source}|${used}|${cfg.seed}|${cfg.testFraction}|${cfg.standardise}`,
      features: shared(data.features),
      labels: shared(data.labels),
      columns: table.columns,
      classes: table.classes,
      train: shared(train),
      test: shared(test),
      stats: shared(test.slice(0, Math.min(cfg.statsRows, testRows))),
    },
    summary: {
      source: table.source,
      columns: table.columns,
      classes: table.classes,
      rowsUsed: used,
      trainRows: train.length,
      testRows,
      testClassShares: shares,
      majorityAccuracy: Math.max(...shares),
    },
  };
}

/** The author's feed-forward SLL layer rescales rows: Var[w̄] = V(fan_in, fan_out) for Gaussian W and q = 1 (MATH.md §3). */
function rowRescaledVariances(model: TrainModel, depth: number, width: number, inputs: number, classes: number): number[] {
  return modelLayers(model, depth, width, inputs, classes).map((l) => exactGaussianVariance(l.fanIn, l.fanOut));
}

/**
 * Gradient-hook factors of "sll-better-hooks": layer ℓ's ∂W and ∂b are
 * multiplied by 1/Π_{k=ℓ..L} f_k, f_k = (d_k/2)·Var[w̄_k] the predicted
 * shrinkage of the gradient's second moment through layer k (MATH.md §4,
 * row convention, q = 1), the product taken from layer ℓ up to the output,
 * own layer included, as in the author's script.
 */
export function hookFactors(depth: number, width: number, inputs: number, classes: number): number[] {
  const layers = modelLayers("sll-better-hooks", depth, width, inputs, classes);
  const v = rowRescaledVariances("sll-better-hooks", depth, width, inputs, classes);
  const f = layers.map((l, i) => (l.fanOut / 2) * v[i]);
  const out = new Array<number>(layers.length);
  let product = 1;
  for (let i = layers.length - 1; i >= 0; i--) {
    product *= f[i];
    out[i] = 1 / product;
  }
  return out;
}

function settingsOf(cfg: TrainConfigJson): TrainTaskSettings {
  return { width: cfg.width, epochs: cfg.epochs, batch: cfg.batch, lr: cfg.lr, beta1: cfg.beta1, beta2: cfg.beta2, eps: cfg.eps, bias: cfg.bias, init: cfg.init, activation: cfg.activation, trainQ: cfg.trainQ, seed: BigInt(cfg.seed) };
}

/** Progress units of a training job: epochs, max(epochs, 1) per run. */
export function trainProgressUnits(cfg: TrainConfigJson, runs: number): number {
  return runs * Math.max(cfg.epochs, 1);
}

/** How often a training job reads its shared epoch counter for progress. */
const PROGRESS_POLL_MS = 250;

/**
 * Run the runs `keep` selects (by index), in index order, through the pool.
 * Runs last seconds to minutes, so they run on threads only and the calling
 * thread stays free: Ctrl-C is handled at once, and `onProgress` reports
 * (epochs done, epochs total) of all runs — max(epochs, 1) per run — read
 * from a shared counter 4 times a second, and once more when every run has
 * ended. Without SharedArrayBuffer (a browser page that is not
 * cross-origin isolated) it advances per finished run.
 */
export async function runTrainRuns(cfg: TrainConfigJson, data: PreparedTrainData, keep: (run: TrainRunSpec) => boolean, workers: number, options: RunOptions = {}): Promise<TrainTaskResult[]> {
  const settings = settingsOf(cfg);
  const { features, train, test, stats, columns, classes } = data.task;
  // Per worker: the table, its labels, the test and statistics rows, and a run's shuffled training rows (int32: half a double each).
  checkTrainFits(cfg, columns, classes, [features.length, ...[features.length / columns, train.length, test.length, stats.length].map((n) => Math.ceil(n / 2))]);
  const counter = typeof SharedArrayBuffer === "undefined" ? null : new Int32Array(new SharedArrayBuffer(4));
  const tasks: TrainTask[] = trainRuns(cfg)
    .filter(keep)
    .map((run) => ({
      kind: "train",
      run,
      settings,
      hooks: run.model === "sll-better-hooks" ? hookFactors(run.depth, cfg.width, data.task.columns, data.task.classes) : null,
      data: data.task,
      progress: counter,
    }));
  const { onProgress } = options;
  const perRun = Math.max(cfg.epochs, 1);
  const total = trainProgressUnits(cfg, tasks.length);
  let shown = -1;
  const show = (done: number) => {
    if (done === shown) return;
    shown = done;
    onProgress?.(done, total);
  };
  const timer = onProgress && counter ? setInterval(() => show(Atomics.load(counter, 0)), PROGRESS_POLL_MS) : undefined;
  try {
    const runProgress = onProgress && ((runsDone: number) => show(counter ? Atomics.load(counter, 0) : runsDone * perRun));
    return await runExperimentTasks<TrainTaskResult>(tasks, workers, runProgress, options, true);
  } finally {
    clearInterval(timer);
  }
}

const meanOf = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
function meanCurve(curves: readonly number[][]): number[] {
  return curves[0].map((_, i) => meanOf(curves.map((c) => c[i])));
}
function seCurve(curves: readonly number[][]): (number | null)[] {
  return curves[0].map((_, i) => meanSeOf(curves.map((c) => c[i])).se);
}
function meanSeOf(xs: readonly number[]): MeanSe {
  const { value, se } = meanSe(xs);
  return { value, se: Number.isNaN(se) ? null : se };
}

/**
 * lipvar's forward prediction of E[y_ℓ²] at initialisation for a model, given
 * E[x_0²]: made for the paper's networks (i.i.d. W, ReLU); null for the
 * remedies (their per-layer factors are `lipvar decay --init --activation`'s).
 */
export function predictedInitVariance(model: TrainModel, depth: number, cfg: TrainConfigJson, inputs: number, classes: number, inputMeanSquare: number): { values: number[] | null; note: string } {
  if (cfg.init !== "iid" || cfg.activation !== "relu") {
    return { values: null, note: `no per-layer prediction in the trainer for init ${cfg.init} with activation ${cfg.activation} (measured only here; the stacks' factors are in lipvar decay --init --activation)` };
  }
  const layers = modelLayers(model, depth, cfg.width, inputs, classes).map((l) => ({ d: l.fanOut, n: l.fanIn }));
  const better = model === "sll-better" || model === "sll-better-hooks";
  // Bias variance: uniform ±1/√n has variance 1/(3n) (n = width for all layers after the first); N(0, 1) has 1.
  const biasVariance = cfg.bias !== "init" ? 0 : better ? 1 : 1 / (3 * cfg.width);
  const rescaledVariances = model === "plain" ? layers.map((l) => 1 / (3 * l.n)) : rowRescaledVariances(model, depth, cfg.width, inputs, classes);
  const p = predictForwardVariances({ layers, rescaledVariances, inputSecondMoment: inputMeanSquare, biasVariance });
  const note =
    model === "plain"
      ? "plain: Var[w] = 1/(3 fan_in) (PyTorch's uniform init), bias variance 1/(3·width)"
      : `row-rescaled Var[w̄] = V(fan_in, fan_out) for Gaussian W with q = 1${model === "sll" ? " (the runs draw θ ~ N(0, 1), so q ≠ 1: the prediction is the AOL case)" : ""}, bias variance ${biasVariance === 0 ? "0" : better ? "1" : "1/(3·width)"}`;
  return { values: p.outputVariances, note };
}

/** Predicted per-layer shrinkage of the gradient, for hooks and the report (row convention, q = 1). */
export function predictedGradientFactors(model: TrainModel, depth: number, width: number, inputs: number, classes: number): number[] {
  const layers = modelLayers(model, depth, width, inputs, classes).map((l) => ({ d: l.fanOut, n: l.fanIn }));
  return predictGradientVariances({ layers, rescaledVariances: rowRescaledVariances(model, depth, width, inputs, classes), reluOnOutput: true }).cumulativeFactors;
}

/** Build the result from every run (in index order): groups with means ± SE and the predictions. */
export function trainResult(cfg: TrainConfigJson, data: TrainDataSummary, parts: readonly TrainTaskResult[], run: TrainResult["run"]): TrainResult {
  const runs: TrainRunResult[] = parts.map(({ build: _build, epochSeconds: _seconds, ...r }) => r);
  const groups: TrainGroupSummary[] = [];
  for (const model of cfg.models) {
    for (const depth of cfg.depths) {
      const rs = runs.filter((r) => r.model === model && r.depth === depth);
      if (rs.length === 0) continue;
      const pred = predictedInitVariance(model, depth, cfg, data.columns, data.classes, rs[0].inputMeanSquare);
      groups.push({
        model,
        depth,
        runs: rs.length,
        finalAccuracy: meanSeOf(rs.map((r) => r.testAccuracy[r.testAccuracy.length - 1])),
        finalTestLoss: meanSeOf(rs.map((r) => r.testLoss[r.testLoss.length - 1])),
        meanTestAccuracy: meanCurve(rs.map((r) => r.testAccuracy)),
        seTestAccuracy: seCurve(rs.map((r) => r.testAccuracy)),
        seTestLoss: seCurve(rs.map((r) => r.testLoss)),
        meanTestLoss: meanCurve(rs.map((r) => r.testLoss)),
        meanTrainLoss: cfg.epochs > 0 ? meanCurve(rs.map((r) => r.trainLoss)) : [],
        initYMeanSquare: meanCurve(rs.map((r) => r.init.yMeanSquare)),
        initYMeanSquareSe: seCurve(rs.map((r) => r.init.yMeanSquare)),
        predictedYMeanSquare: pred.values,
        predictionNote: pred.note,
        initGradMeanSquare: meanCurve(rs.map((r) => r.init.gradMeanSquare)),
        finalGradMeanSquare: meanCurve(rs.map((r) => r.final.gradMeanSquare)),
      });
    }
  }
  return { experiment: "train", config: cfg, data, runs, groups, run };
}

/**
 * The calling thread's Wasm instance for a run (the training split's
 * permutation): the process-wide one, or a separate instance of the build
 * or folder the options force.
 */
export function callerKernels(options: RunOptions): Promise<Kernels> {
  const build = options.build ?? "auto";
  if (build === "auto" && options.wasmBaseUrl === undefined) return loadKernels();
  return createKernels({ build, baseUrl: options.wasmBaseUrl });
}

/**
 * Run the whole experiment on `table` (from src/data: a file or the
 * synthetic generator), loading its own Wasm kernels like every `run…`
 * experiment.
 * @param config - Models, depths, seeds (replicates), epochs, width, batch, learning rate, …
 * @param table - The data (`parseCovtype`, `parseCsv` or `syntheticCovertype`).
 * @param options - Progress callback (epochs) and Wasm build options.
 * @returns Every run's accuracies and losses, and the per-model/depth summaries.
 * @throws TypeError for a missing config; RangeError naming the field that is out of range or a table that does not fit.
 * @example
 * ```ts
 * import { runTraining, syntheticCovertype, loadKernels } from "lipvar";
 * const table = syntheticCovertype(await loadKernels(), { rows: 600, seed: 1 });
 * const r = await runTraining({ models: ["plain", "sll"], depths: [2], seeds: 1, epochs: 1, width: 16, workers: 1 }, table);
 * r.runs.length; // returns 2
 * ```
 */
export async function runTraining(config: TrainConfig, table: TabularData, options?: RunOptions): Promise<TrainResult>;
/** @deprecated Experiments load their own kernels: `runTraining(config, table, options)`. */
export async function runTraining(k: Kernels, config: TrainConfig, table: TabularData, options?: RunOptions): Promise<TrainResult>;
export async function runTraining(...args: [TrainConfig, TabularData, RunOptions?] | [Kernels, TrainConfig, TabularData, RunOptions?]): Promise<TrainResult> {
  const [given, config, table, options = {}] = (args[0] instanceof Kernels ? args : [undefined, ...args]) as [Kernels | undefined, TrainConfig, TabularData, RunOptions?];
  const cfg = validateTrainConfig(config);
  const k = given ?? (await callerKernels(options));
  const workers = await resolveWorkers(config.workers);
  const started = performance.now();
  const data = prepareTrainData(k, table, cfg);
  const parts = await runTrainRuns(cfg, data, () => true, workers, options);
  const seconds = (performance.now() - started) / 1000;
  return trainResult(cfg, data.summary, parts, { build: parts[0]?.build ?? "none", workers, seconds, epochs: epochTiming(parts, Math.ceil(data.summary.trainRows / cfg.batch)) });
}

/** Per-epoch timing of the runs (in their order): seconds and steps (batches) per second of each epoch's training pass. */
export function epochTiming(parts: readonly TrainTaskResult[], stepsPerEpoch: number): TrainEpochTiming {
  const epochSeconds = parts.map((p) => p.epochSeconds ?? []);
  return { stepsPerEpoch, epochSeconds, stepsPerSecond: epochSeconds.map((run) => run.map((t) => (t > 0 ? stepsPerEpoch / t : null))) };
}
