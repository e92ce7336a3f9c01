/**
 * lipvar — the library's root entry (Node and browser): the names most users
 * need, grouped below. Everything else is in a subpath entry that holds the
 * whole of one area (docs/library.md lists them):
 *
 * - `lipvar/analytic` — every analytic function: special functions,
 *   quadrature, characteristic functions, the Normal→SGND coupling;
 * - `lipvar/experiments` — config validators, defaults and limits;
 * - `lipvar/shard` — shard file parsing and checks;
 * - `lipvar/kernels` — the Wasm module itself: instances, memory blocks,
 *   builds and feature detection, record layouts, the trainer's kernels;
 * - `lipvar/data` — table parsing, the synthetic table, standardisation;
 * - `lipvar/charts` — the report's Chart.js configurations.
 *
 * Conventions shared by every function here: a distribution is named by
 * `{ dist, beta }` (dist "gaussian", "laplace", "uniform" or "gnd" with a
 * shape beta > 0 or Infinity); experiments (`run…`) load their own Wasm
 * kernels and run on all cores, while the synchronous kernel functions
 * (sampling, products, single passes) take a `Kernels` instance from
 * `await loadKernels()` as their first argument; estimators take a precision
 * target as `target: { se }` or `target: { rse }` in their config; bad
 * arguments throw a RangeError (or TypeError for a missing config) naming
 * the parameter and its accepted range.
 *
 * @example
 * ```ts
 * import { exactGaussianVariance, loadKernels, sampleSgnd, Sgnd } from "lipvar";
 * exactGaussianVariance(8, 8); // returns ~0.0421047061
 * const laplace = new Sgnd({ dist: "laplace" });
 * laplace.variance(); // returns ~1
 * const k = await loadKernels();
 * const x = sampleSgnd(k, { beta: 1.5, count: 1000, seed: 1 });
 * x.length; // returns 1000
 * ```
 * @module lipvar
 */

// ---------------------------------------------------------------- experiments (all cores, results independent of the worker count)
export { runWeightVariance } from "./experiments/weightVariance.js";
export { runPreciseVariance } from "./experiments/precise.js";
export { runSweep } from "./experiments/sweep.js";
export { runDecay } from "./experiments/decay.js";
export { runResidual } from "./experiments/residual.js";
export { runSamplerCheck } from "./experiments/sampler.js";
export { runTraining } from "./experiments/train.js";
export type { ProgressCallback, RunOptions } from "./experiments/pool.js";
export type {
  DistributionName,
  JsonBeta,
  RunInfo,
  ValueSe,
  WeightVarianceConfig,
  WeightVarianceConfigJson,
  WeightVarianceResult,
  DecayConfig,
  DecayConfigJson,
  DecayLayer,
  DecayPooled,
  DecayFactors,
  DecayResult,
  ResidualConfig,
  ResidualConfigJson,
  ResidualLayer,
  ResidualResult,
  SamplerCheckConfig,
  SamplerCheckConfigJson,
  SamplerCheckResult,
  MomentCheck,
  HistogramJson,
} from "./experiments/types.js";
export type { SweepConfig, SweepConfigJson, SweepResult, SweepRunOptions } from "./experiments/sweep.js";
export type { PreciseVarianceConfig, PreciseVarianceConfigJson, PreciseVarianceResult } from "./experiments/precise.js";
export type { PrecisionInfo, PrecisionTarget } from "./experiments/precision.js";
export type { TrainConfig, TrainConfigJson, TrainResult, TrainModel, TrainBias, TrainDataSpec } from "./experiments/train-types.js";

// ---------------------------------------------------------------- analytic (pure functions, no Wasm)
export {
  exactGaussianVariance,
  exactGaussianVarianceSll,
  meanFieldVariance,
  upperBound,
  paperClosedForm,
  type PaperDistribution,
} from "./analytic/variance.js";
export {
  predictForwardVariances,
  predictGradientVariances,
  type LayerShape,
  type DecayInput,
  type ForwardInput,
  type ForwardPrediction,
  type GradientInput,
  type GradientPrediction,
} from "./analytic/decay.js";

// ---------------------------------------------------------------- remedies for the depth decay (docs/MATH.md §8)
export {
  predictRemedy,
  cosineMap,
  orthogonalRescaledVariance,
  residualBlockSecondMoment,
  type RemedyInput,
  type RemedyPrediction,
} from "./analytic/remedies.js";
export { orthogonalMatrix, type OrthogonalOptions } from "./wasm/orthogonal.js";

// ---------------------------------------------------------------- distributions
export { Sgnd, Pgnd, type GndParameters, type MgfDomain } from "./analytic/gnd.js";

// ---------------------------------------------------------------- sampling (Wasm; `k` from loadKernels())
export { loadKernels, Kernels } from "./wasm/kernels.js";
export type { LoadOptions, BuildName } from "./wasm/loader.js";
export {
  sampleSgnd,
  sgndChunks,
  sampleNormal,
  sampleGamma,
  type SampleStream,
  type SgndSampleOptions,
  type NormalSampleOptions,
  type GammaSampleOptions,
} from "./wasm/sampling.js";

// ---------------------------------------------------------------- shards and merge (one run split across machines)
export { runWeightVarianceShard, type ShardSpec, type WeightVarianceShard } from "./shard/shard.js";
export { mergeShards } from "./shard/merge.js";
export { runSweepShard, type SweepShard } from "./shard/sweep-shard.js";
export { mergeSweepShards } from "./shard/sweep-merge.js";
export { runDecayShard, runResidualShard, type DecayShard, type ResidualShard } from "./shard/stack-shard.js";
export { mergeDecayShards, mergeResidualShards } from "./shard/stack-merge.js";
export { runTrainShard, type TrainShard } from "./shard/train-shard.js";
export { mergeTrainShards } from "./shard/train-merge.js";

// ---------------------------------------------------------------- kernels for advanced use (one call, one thread)
export { matmul, gram, rescaleAol, type Rescaled } from "./wasm/gram.js";
export { varianceChunk, type VarianceChunkOptions, type VarianceChunk } from "./wasm/mcvariance.js";
export {
  forwardBackward,
  type ForwardBackwardOptions,
  type ForwardBackwardResult,
  type LayerStatistics,
  type StackWeights,
  type GramConvention,
} from "./wasm/decay.js";
export { residualStack, type ResidualStackOptions, type ResidualStackResult, type BlockStatistics } from "./wasm/residual.js";
export type { HistogramSpec, LayerHistogramSpec, HistogramCounts } from "./wasm/histogram.js";

// ---------------------------------------------------------------- data for training
export { parseCovtype, parseCsv } from "./data/parse.js";
export { syntheticCovertype, type SyntheticOptions } from "./data/synthetic.js";
export type { TabularData } from "./data/types.js";
