/**
 * The worker module every experiment hands to the pool (src/parallel): one
 * task is one Monte Carlo chunk of matrices, or one replicate network. Each
 * task names its RNG stream, so the result depends only on the task and
 * `workers = 1` and `workers = N` give identical numbers. Results are reduced
 * to small plain objects in the worker (co-moments, per-layer scalars,
 * histograms), so what crosses threads is bounded by the chunk, not the run.
 */
import { defineChunkWorker } from "../parallel/chunk-worker.js";
import { createKernels, type Kernels } from "../wasm/kernels.js";
import type { BuildName } from "../wasm/loader.js";
import { COUPLED_RECORD, coupledVarianceChunk } from "../wasm/coupled.js";
import { forwardBackward, type GramConvention, type Initialisation } from "../wasm/decay.js";
import type { HistogramSpec, LayerHistogramSpec } from "../wasm/histogram.js";
import { varianceChunk } from "../wasm/mcvariance.js";
import { residualStack } from "../wasm/residual.js";
import { CoMoments, type CoMomentsState } from "./moments.js";
// Only modules without the analytic side (and its special-function library)
// are imported here: every worker thread loads this file at start-up.
import { fromKernelHistogram, type Histogram } from "./histogram.js";
import { runTrainTask, type TrainTask, type TrainTaskResult } from "./train-run.js";

export interface VarianceTask {
  kind: "variance";
  d: number;
  n: number;
  beta: number;
  /** Raw entries' standard deviation (null: α = 1). */
  weightStd: number | null;
  qStd: number;
  count: number;
  seed: bigint;
  stream: number;
  histogram: HistogramSpec | null;
}

export interface VarianceTaskResult {
  build: string;
  /** Co-moments of (Y, A, B) over the chunk's matrices. */
  co: CoMomentsState;
  histogram: Histogram | null;
}

export interface NetworkTask {
  kind: "network";
  widths: number[];
  batch: number;
  beta: number;
  weightStd: number | null;
  gram: GramConvention;
  tied: boolean;
  reluOnOutput: boolean;
  /** SLL weights θ ~ N(0, qStd²) (0: q ≡ 1). */
  qStd: number;
  init: Initialisation;
  /** Canonical activation name (relu, abs, maxmin, groupsort:K). */
  activation: string;
  biasStd: number;
  /** SGND shape of the bias (2: normal), variance biasStd². */
  biasBeta: number;
  seed: bigint;
  stream: number;
  histogram: LayerHistogramSpec | null;
  /** Histogram of ∂loss/∂y_ℓ per layer (null to skip). */
  gradHistogram: LayerHistogramSpec | null;
}

export interface NetworkTaskResult {
  build: string;
  /** Per layer: mean y², mean (∂loss/∂x_{ℓ−1})², histograms of y and of ∂loss/∂y. */
  variance: number[];
  gradInput: number[];
  /** Per layer: mean of w̄² (this network's Var[w̄]), per-unit variance across the batch, mean pairwise cosine of y. */
  weightMeanSquare: number[];
  unitVariance: number[];
  meanCosine: number[];
  histograms: (Histogram | null)[];
  gradHistograms: (Histogram | null)[];
}

export interface ResidualTask {
  kind: "residual";
  width: number;
  inner: number;
  blocks: number;
  batch: number;
  beta: number;
  weightStd: number | null;
  biasStd: number;
  /** SGND shape of the bias (2: normal), variance biasStd². */
  biasBeta: number;
  init: Initialisation;
  seed: bigint;
  stream: number;
}

export interface ResidualTaskResult {
  build: string;
  inputMeanSquare: number;
  meanSquare: number[];
  branchMeanSquare: number[];
  unitVariance: number[];
  meanCosine: number[];
}

/** One chunk of the Gaussian-coupled (precise) variance estimator (experiments/precise.ts). */
export interface CoupledTask {
  kind: "coupled";
  d: number;
  n: number;
  /** SLL weights (n values), or null for AOL. */
  q: number[] | null;
  /** The coupling table of T_β, or null for β = 2 (the identity). */
  table: Float64Array | null;
  /** 1/(d·E W²), the scale of the cross-projection controls. */
  kappa: number;
  /**
   * Main chunks: the pilot's coefficient of each record statistic (COUPLED_RECORD
   * numbers, index 0 unused); the chunk then returns the co-moments of just
   * [Y_W, Y_W − Σ_k b_k·record_k]. Pilot chunks: null (all statistics).
   */
  coefficients: number[] | null;
  count: number;
  seed: bigint;
  stream: number;
}

export interface CoupledTaskResult {
  build: string;
  /** Co-moments of the COUPLED_RECORD statistics over the chunk's matrices, or of [Y_W, residual] with coefficients. */
  co: CoMomentsState;
}

/** Which Wasm build a task runs on, and where the builds are (absolute URL); absent: the default build and place. */
export interface WasmChoice {
  build: BuildName | "auto";
  baseUrl?: string;
}

export type ExperimentTask = (VarianceTask | NetworkTask | ResidualTask | CoupledTask | TrainTask) & { wasm?: WasmChoice };
export type ExperimentTaskResult = VarianceTaskResult | NetworkTaskResult | ResidualTaskResult | CoupledTaskResult | TrainTaskResult;

function runVariance(t: VarianceTask, k: Kernels): VarianceTaskResult {
  const chunk = varianceChunk(k, {
    d: t.d, n: t.n, beta: t.beta, weightStd: t.weightStd ?? undefined, qStd: t.qStd, count: t.count, seed: t.seed, stream: t.stream,
    histogram: t.histogram ?? undefined,
  });
  const co = new CoMoments(3);
  const row = new Float64Array(3);
  for (let m = 0; m < t.count; m++) {
    row[0] = chunk.Y[m];
    row[1] = chunk.A[m];
    row[2] = chunk.B[m];
    co.add(row);
  }
  return { build: k.build, co: co.toJSON(), histogram: chunk.hist ? fromKernelHistogram(chunk.hist) : null };
}

function runCoupled(t: CoupledTask, k: Kernels): CoupledTaskResult {
  const records = coupledVarianceChunk(k, { d: t.d, n: t.n, q: t.q, table: t.table, kappa: t.kappa, count: t.count, seed: t.seed, stream: t.stream });
  const b = t.coefficients;
  if (b === null) return { build: k.build, co: CoMoments.fromRecords(records, COUPLED_RECORD).toJSON() };
  const used: number[] = [];
  for (let j = 1; j < COUPLED_RECORD; j++) if (b[j] !== 0) used.push(j);
  const pairs = new Float64Array(2 * t.count);
  for (let m = 0, base = 0; m < t.count; m++, base += COUPLED_RECORD) {
    let r = records[base];
    for (const j of used) r -= b[j] * records[base + j];
    pairs[2 * m] = records[base];
    pairs[2 * m + 1] = r;
  }
  return { build: k.build, co: CoMoments.fromRecords(pairs, 2).toJSON() };
}

function runNetwork(t: NetworkTask, k: Kernels): NetworkTaskResult {
  const r = forwardBackward(k, {
    widths: t.widths, batch: t.batch, beta: t.beta, weightStd: t.weightStd ?? undefined, gram: t.gram, tied: t.tied, reluOnOutput: t.reluOnOutput, biasStd: t.biasStd, biasBeta: t.biasBeta, seed: t.seed, stream: t.stream,
    qStd: t.qStd, init: t.init, activation: t.activation,
    histogram: t.histogram ?? undefined,
    gradHistogram: t.gradHistogram ?? undefined,
  });
  return {
    build: k.build,
    variance: r.layers.map((l) => l.variance),
    gradInput: r.layers.map((l) => l.gradInputMeanSquare),
    weightMeanSquare: r.layers.map((l) => l.weightMeanSquare),
    unitVariance: r.layers.map((l) => l.unitVariance),
    meanCosine: r.layers.map((l) => l.meanCosine),
    histograms: r.layers.map((l) => (l.hist ? fromKernelHistogram(l.hist) : null)),
    gradHistograms: r.layers.map((l) => (l.gradHist ? fromKernelHistogram(l.gradHist) : null)),
  };
}

function runResidual(t: ResidualTask, k: Kernels): ResidualTaskResult {
  const r = residualStack(k, {
    width: t.width, inner: t.inner, blocks: t.blocks, batch: t.batch, beta: t.beta, weightStd: t.weightStd ?? undefined, biasStd: t.biasStd, biasBeta: t.biasBeta, init: t.init, seed: t.seed, stream: t.stream,
  });
  return {
    build: k.build,
    inputMeanSquare: r.input.meanSquare,
    meanSquare: r.blocks.map((b) => b.meanSquare),
    branchMeanSquare: r.blocks.map((b) => b.branchMeanSquare),
    unitVariance: r.blocks.map((b) => b.unitVariance),
    meanCosine: r.blocks.map((b) => b.meanCosine),
  };
}

/** One module instance per Wasm choice, made on first use and kept for the worker's life. */
class KernelsByChoice {
  private readonly instances = new Map<string, Promise<Kernels>>();
  get(choice: WasmChoice | undefined): Promise<Kernels> {
    const key = choice ? `${choice.build} ${choice.baseUrl ?? ""}` : "";
    let k = this.instances.get(key);
    if (!k) {
      k = createKernels(choice && { build: choice.build, baseUrl: choice.baseUrl });
      this.instances.set(key, k);
      k.catch(() => this.instances.delete(key));
    }
    return k;
  }
}

export default defineChunkWorker<ExperimentTask, ExperimentTaskResult, KernelsByChoice>({
  init: () => new KernelsByChoice(),
  run: async (task, instances) => {
    const k = await instances.get(task.wasm);
    switch (task.kind) {
      case "variance":
        return runVariance(task, k);
      case "network":
        return runNetwork(task, k);
      case "residual":
        return runResidual(task, k);
      case "coupled":
        return runCoupled(task, k);
      case "train":
        return runTrainTask(task, k);
    }
  },
});
