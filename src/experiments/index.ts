/**
 * `lipvar/experiments` — every experiment with its config validator,
 * defaults and limits: plain validated configs in, JSON-serialisable results
 * out. The root entry re-exports the `run…` functions and their types.
 * @module lipvar/experiments
 */
export { runWeightVariance, runWeightVarianceToPrecision, validateWeightVarianceConfig, DEFAULT_CHUNK_SIZE, type ValidatedWeightVariance } from "./weightVariance.js";
export type { Histogram } from "./histogram.js";
export type { TrainTaskResult, TrainTaskData } from "./train-run.js";
export type { NetworkTaskResult, ResidualTaskResult } from "./kernel-worker.js";
export type { CoMomentsState } from "./moments.js";
export { runDecay, DEFAULT_REPLICATES, type DecayAuxiliary } from "./decay.js";
export { runResidual } from "./residual.js";
export { runSweep, validateSweepConfig } from "./sweep.js";
export { PLAN_MARGIN, PILOT_CHUNKS } from "./precision.js";
export type { PrecisionConfig, PrecisionInfo, PrecisionResult, PrecisionTarget } from "./precision.js";
export { runSamplerCheck } from "./sampler.js";
export type { ProgressCallback, ProgressPhase, RunOptions } from "./pool.js";
export type * from "./types.js";
export type { SweepConfig, SweepConfigJson, SweepResult, SweepRunOptions, ValidatedSweep } from "./sweep.js";
export { runPreciseVariance, COUPLED_STATISTICS, DEFAULT_PILOT_CHUNKS } from "./precise.js";
export type { PreciseVarianceConfig, PreciseVarianceConfigJson, PreciseVarianceResult } from "./precise.js";
export { runTraining, validateTrainConfig, prepareTrainData, trainRuns, hookFactors, predictedInitVariance, TRAIN_DEFAULTS, COVERTYPE_ROWS, type PreparedTrainData } from "./train.js";
export type * from "./train-types.js";
