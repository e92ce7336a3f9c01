/**
 * Configs and results of the training experiment (MATH.md §7). Plain
 * JSON-serialisable objects; the run function is in train.ts, one run's
 * work (inside a worker) in train-run.ts.
 */

import { checkInit, type Initialisation } from "../wasm/decay.js";
/**
 * The networks compared:
 *  - "plain": depth × (Linear(width) + ReLU) + Linear(classes), PyTorch's
 *    default init (W and b uniform ±1/√fan_in);
 *  - "sll": depth + 1 feed-forward SLL layers ReLU(diag(t)^{-1/2} W x + b),
 *    the last one to the classes, W Xavier-normal, b uniform ±1/√fan_in,
 *    θ ~ N(0, 1) (q = exp θ);
 *  - "sll-better": the author's "better initialisation": q = 1, W and b N(0, 1);
 *  - "sll-better-hooks": the same plus gradient hooks multiplying ∂W and ∂b
 *    of layer ℓ by 1/Π_{k ≥ ℓ} (predicted per-layer decay).
 */
export type TrainModel = "plain" | "sll" | "sll-better" | "sll-better-hooks";
export const TRAIN_MODELS: readonly TrainModel[] = ["plain", "sll", "sll-better", "sll-better-hooks"];

/**
 * The initial W of every layer (the remedies of MATH.md §7b and §8): "iid"
 * is the model's own initialiser (above); "orthogonal" draws a
 * Haar-distributed (semi-)orthogonal W instead — orthonormal rows when
 * fan-out ≤ fan-in, orthonormal columns otherwise — at gain 1 (the rescaled
 * layers do not depend on W's scale); "identity:ε" is the fan-out × fan-in
 * identity plus ε times the normals at W's positions (ε ≥ 0; ε = 0: the
 * identity itself). Biases and θ stay the model's.
 */
export type TrainInit = Initialisation;

/** The init as TrainInit ("identity:0.010" → "identity:0.01": the decay stacks' spelling, checkInit), or null when it is not one. */
export function parseTrainInit(init: unknown): TrainInit | null {
  if (init === undefined) return null;
  try {
    return checkInit(init);
  } catch {
    return null;
  }
}

/**
 * The hidden layers' activation: ReLU (the paper's), abs, MaxMin (GroupSort
 * with groups of 2) or GroupSort with groups of K (K divides the width).
 * The output layer keeps the model's own: none for plain, ReLU for the SLL
 * models (the author's).
 */
export type TrainHiddenActivation = "relu" | "abs" | "maxmin" | `groupsort:${number}`;

/** The bias: initialised as the model says ("init"), at zero but trained ("zero", the author's bias_init=False), or absent ("none"). */
export type TrainBias = "init" | "zero" | "none";

export type TrainDataSpec =
  | { kind: "synthetic"; rows: number }
  | { kind: "file"; path: string; format: "covtype" | "csv"; label: string };

export interface TrainConfig {
  models?: TrainModel[];
  depths?: number[];
  width?: number;
  /** Replicates per (model, depth): seeds 0..seeds−1. */
  seeds?: number;
  /** Base seed of every RNG stream (data, split, init, shuffles). */
  seed?: bigint | number;
  epochs?: number;
  batch?: number;
  lr?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  bias?: TrainBias;
  /** Initial W (default "iid": the model's own initialiser). */
  init?: TrainInit;
  /** Hidden layers' activation (default "relu"). */
  activation?: TrainHiddenActivation;
  /** Train q (θ) of the SLL layers (default true); fixed keeps its initial value. */
  trainQ?: boolean;
  /** Rows of the data used (a random subset before the split); default all. */
  rows?: number | null;
  /** Fraction of the used rows held out for testing (default 0.2). */
  testFraction?: number;
  /** Standardise the continuous columns with the training rows' mean and sd (default false, as the author). */
  standardise?: boolean;
  /** Test rows the per-layer statistics are measured on (default 2048). */
  statsRows?: number;
  workers?: number;
}

/** The validated config as results echo it (seed as a decimal string). */
export interface TrainConfigJson {
  models: TrainModel[];
  depths: number[];
  width: number;
  seeds: number;
  seed: string;
  epochs: number;
  batch: number;
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  bias: TrainBias;
  init: TrainInit;
  activation: TrainHiddenActivation;
  trainQ: boolean;
  rows: number | null;
  testFraction: number;
  standardise: boolean;
  statsRows: number;
}

/** One run: model × depth × replicate. `index` is its place in the canonical order (models, then depths, then replicates). */
export interface TrainRunSpec {
  index: number;
  model: TrainModel;
  depth: number;
  replicate: number;
}

/** Per-layer measurements over the statistics rows (see TrainLayerStatistics in src/wasm/train.ts). */
export interface TrainLayerStats {
  yMeanSquare: number[];
  yVariance: number[];
  gradMeanSquare: number[];
  weightGradMeanSquare: number[];
}

export interface TrainRunResult extends TrainRunSpec {
  /** Mean over batches of the batch loss, epochs 1..E. */
  trainLoss: number[];
  /** Test loss (mean per row) and accuracy, epochs 0..E (0: at initialisation). */
  testLoss: number[];
  testAccuracy: number[];
  /** E[x_0²] over the statistics rows (the input's second moment, for the prediction). */
  inputMeanSquare: number;
  init: TrainLayerStats;
  final: TrainLayerStats;
  /** Whether the loss stayed finite. */
  finite: boolean;
}

/** Data facts the results carry. */
export interface TrainDataSummary {
  source: string;
  columns: number;
  classes: number;
  rowsUsed: number;
  trainRows: number;
  testRows: number;
  /** Share of each class in the test rows; the largest is the majority-class accuracy. */
  testClassShares: number[];
  majorityAccuracy: number;
}

/** Mean ± standard error over replicates (SE = sd/√R, n − 1 denominator; null — NaN in JSON — with one replicate). */
export interface MeanSe {
  value: number;
  se: number | null;
}

export interface TrainGroupSummary {
  model: TrainModel;
  depth: number;
  runs: number;
  finalAccuracy: MeanSe;
  finalTestLoss: MeanSe;
  /** Mean curves over replicates, and the standard errors of the test curves (null with one replicate). */
  meanTestAccuracy: number[];
  seTestAccuracy: (number | null)[];
  seTestLoss: (number | null)[];
  meanTestLoss: number[];
  meanTrainLoss: number[];
  /** Mean over replicates of the per-layer E[y²] at initialisation and lipvar's prediction for it. */
  initYMeanSquare: number[];
  initYMeanSquareSe: (number | null)[];
  predictedYMeanSquare: number[] | null;
  /** What the prediction assumes (null when none is made). */
  predictionNote: string | null;
  initGradMeanSquare: number[];
  finalGradMeanSquare: number[];
}

export interface TrainResult {
  experiment: "train";
  config: TrainConfigJson;
  data: TrainDataSummary;
  runs: TrainRunResult[];
  groups: TrainGroupSummary[];
  /** How the run went (not part of the deterministic result); `epochs` only for a run on one machine (not after lipvar merge). */
  run: { build: string; workers: number; seconds: number; epochs?: TrainEpochTiming };
}

/**
 * Wall-clock timing of each run's epochs (runs in `runs` order): the seconds
 * of each epoch's training pass (shuffle and updates, not the evaluation),
 * the steps (batches) in an epoch, and steps per second per epoch (null for
 * a time too short to measure).
 */
export interface TrainEpochTiming {
  stepsPerEpoch: number;
  epochSeconds: number[][];
  stepsPerSecond: (number | null)[][];
}
