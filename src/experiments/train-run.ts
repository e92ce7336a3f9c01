/**
 * One training run inside a worker (or in-process): build the network,
 * draw its initial parameters, train for the epochs, measure. Imports
 * nothing from the analytic side (worker threads load this file); the
 * gradient-hook factors come in the task.
 *
 * RNG streams of the base seed S for replicate r: the initial parameters
 * take normals from stream RUN_STREAM_BASE + 3r and uniforms from the next
 * stream (position p of the parameter vector gets the p-th draw of each,
 * and the layer's initialiser picks the one it needs), and the epoch
 * shuffles come from stream RUN_STREAM_BASE + 3r + 2. With init
 * "orthogonal" each W is the Haar factor of the normals at its positions, so
 * it draws nothing more. So every model, init and
 * depth of replicate r sees the same batches in the same order.
 */
import type { Kernels } from "../wasm/kernels.js";
import { WasmDataset, WasmTrainer, activeNormals, type I32Block, type TrainLayerSpec, type TrainLayerStatistics } from "../wasm/train.js";
import { orthogonalFromGaussian } from "../wasm/orthogonal.js";
import { identityNoise } from "../wasm/decay.js";
import type { TrainBias, TrainConfigJson, TrainHiddenActivation, TrainInit, TrainLayerStats, TrainModel, TrainRunResult, TrainRunSpec } from "./train-types.js";

export const RUN_STREAM_BASE = 8;

/** The data every run of a job shares; the arrays are backed by SharedArrayBuffers under worker threads. */
export interface TrainTaskData {
  /** Identifies the data and split, so a worker loads them into Wasm once per job. */
  id: string;
  features: Float64Array;
  labels: Int32Array;
  columns: number;
  classes: number;
  train: Int32Array;
  test: Int32Array;
  stats: Int32Array;
}

/** The config's fields a run needs (TrainConfigJson's), with the seed as a BigInt. */
export type TrainTaskSettings = Pick<TrainConfigJson, "width" | "epochs" | "batch" | "lr" | "beta1" | "beta2" | "eps" | "bias" | "init" | "activation" | "trainQ"> & { seed: bigint };

export interface TrainTask {
  kind: "train";
  run: TrainRunSpec;
  settings: TrainTaskSettings;
  /** Gradient hook factor per layer (sll-better-hooks), else null. */
  hooks: number[] | null;
  data: TrainTaskData;
  /**
   * Epochs finished by all runs of the job (a shared Int32Array of length 1,
   * or null where SharedArrayBuffer is missing): the run adds 1 after each
   * epoch (1 at its end when it has 0 epochs), for progress only.
   */
  progress: Int32Array | null;
}

/** A run's result as a worker returns it: the build it ran on and the wall seconds of each epoch's training pass (shuffle and updates; not the evaluation), which stay out of the deterministic result. */
export type TrainTaskResult = TrainRunResult & { build: string; epochSeconds?: number[] };

/**
 * The layers of a model at a depth (see TrainModel): the hidden layers take
 * `activation`, the output layer the model's own (plain: none; SLL: ReLU).
 */
export function modelLayers(model: TrainModel, depth: number, width: number, inputs: number, classes: number, activation: TrainHiddenActivation = "relu"): TrainLayerSpec[] {
  const widths = [inputs, ...new Array<number>(depth).fill(width), classes];
  const kind = model === "plain" ? "plain" : "sll";
  return widths.slice(1).map((fanOut, i) => ({ fanIn: widths[i], fanOut, kind, activation: i < depth ? activation : kind === "sll" ? "relu" : "none" }));
}

/**
 * Initial parameter vector from normals z and uniforms u (one of each per
 * position). With init "orthogonal", each W is the Haar (semi-)orthogonal
 * factor of the d×n Gaussian matrix z holds at W's positions (the matrix an
 * SLL model's i.i.d. W is a multiple of), at gain 1.
 */
function initialParams(k: Kernels, model: TrainModel, init: TrainInit, trainer: WasmTrainer, bias: TrainBias, z: Float64Array, u: Float64Array): Float64Array {
  const p = new Float64Array(trainer.paramCount);
  const better = model === "sll-better" || model === "sll-better-hooks";
  trainer.layers.forEach((layer, l) => {
    const { weight, bias: b, theta } = trainer.slices[l];
    const bound = 1 / Math.sqrt(layer.fanIn);
    const xavier = Math.sqrt(2 / (layer.fanIn + layer.fanOut));
    if (init === "orthogonal") {
      p.set(orthogonalFromGaussian(k, z.subarray(weight[0], weight[1]), layer.fanOut, layer.fanIn), weight[0]);
    } else if (identityNoise(init) !== null) {
      // The fan-out × fan-in identity (row-major, PyTorch's layout) plus ε times the normals at W's positions.
      const noise = identityNoise(init)!;
      for (let i = weight[0]; i < weight[1]; i++) {
        const j = i - weight[0];
        p[i] = (Math.floor(j / layer.fanIn) === j % layer.fanIn ? 1 : 0) + noise * z[i];
      }
    } else {
      for (let i = weight[0]; i < weight[1]; i++) {
        p[i] = model === "plain" ? bound * (2 * u[i] - 1) : better ? z[i] : xavier * z[i];
      }
    }
    if (bias === "init") for (let i = b[0]; i < b[1]; i++) p[i] = better ? z[i] : bound * (2 * u[i] - 1);
    if (theta) for (let i = theta[0]; i < theta[1]; i++) p[i] = better ? 0 : z[i];
  });
  return p;
}

function columnsOf(stats: TrainLayerStatistics[]): TrainLayerStats {
  return {
    yMeanSquare: stats.map((s) => s.yMeanSquare),
    yVariance: stats.map((s) => s.yVariance),
    gradMeanSquare: stats.map((s) => s.gradMeanSquare),
    weightGradMeanSquare: stats.map((s) => s.weightGradMeanSquare),
  };
}

interface Loaded {
  id: string;
  dataset: WasmDataset;
  test: I32Block;
  stats: I32Block;
}
const loaded = new WeakMap<Kernels, Loaded>();

function load(k: Kernels, data: TrainTaskData): Loaded {
  const have = loaded.get(k);
  if (have?.id === data.id) return have;
  if (have) {
    have.dataset.free();
    have.test.free();
    have.stats.free();
  }
  const dataset = new WasmDataset(k, data.features, data.labels, data.columns);
  const l = { id: data.id, dataset, test: dataset.indices(data.test), stats: dataset.indices(data.stats) };
  loaded.set(k, l);
  return l;
}

/** E[x_0²] over the statistics rows. */
function inputMeanSquare(data: TrainTaskData): number {
  let s = 0;
  for (const r of data.stats) for (let j = 0; j < data.columns; j++) s += data.features[r * data.columns + j] ** 2;
  return s / (data.stats.length * data.columns);
}

export function runTrainTask(t: TrainTask, k: Kernels): TrainTaskResult {
  const { run, settings: s, data } = t;
  const { dataset, test, stats } = load(k, data);
  const layers = modelLayers(run.model, run.depth, s.width, data.columns, data.classes, s.activation);
  const trainer = new WasmTrainer(k, layers, s.batch, { bias: s.bias !== "none", trainQ: s.trainQ });
  try {
    const base = RUN_STREAM_BASE + 3 * run.replicate;
    k.seed({ seed: s.seed, stream: base });
    const z = activeNormals(k, trainer.paramCount);
    k.seed({ seed: s.seed, stream: base + 1 });
    const u = k.uniforms(trainer.paramCount);
    trainer.setParams(initialParams(k, run.model, s.init, trainer, s.bias, z, u));
    if (t.hooks) trainer.setHooks(t.hooks);
    const adam = { lr: s.lr, beta1: s.beta1, beta2: s.beta2, eps: s.eps };
    const init = columnsOf(trainer.statistics(dataset, stats));
    const first = trainer.evaluate(dataset, test);
    const trainLoss: number[] = [];
    const testLoss = [first.loss];
    const testAccuracy = [first.accuracy];
    // The training rows are shuffled afresh each epoch (a copy per run); the
    // shuffles continue one stream across epochs; evaluation draws nothing.
    k.seed({ seed: s.seed, stream: base + 2 });
    const order = dataset.indices(data.train);
    const epochSeconds: number[] = [];
    try {
      for (let e = 0; e < s.epochs; e++) {
        const started = performance.now();
        trainer.shuffle(order);
        trainLoss.push(trainer.epoch(dataset, order, adam));
        epochSeconds.push((performance.now() - started) / 1000);
        const ev = trainer.evaluate(dataset, test);
        testLoss.push(ev.loss);
        testAccuracy.push(ev.accuracy);
        if (t.progress) Atomics.add(t.progress, 0, 1);
      }
    } finally {
      order.free();
    }
    const final = columnsOf(trainer.statistics(dataset, stats));
    if (t.progress && s.epochs === 0) Atomics.add(t.progress, 0, 1);
    const finite = [...trainLoss, ...testLoss].every(Number.isFinite);
    return { build: k.build, epochSeconds, ...run, trainLoss, testLoss, testAccuracy, inputMeanSquare: inputMeanSquare(data), init, final, finite };
  } finally {
    trainer.dispose();
  }
}
