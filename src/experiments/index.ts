/** The experiments: plain validated configs in, JSON-serialisable results out (types in ./types.ts). */
export { runWeightVariance, validateWeightVarianceConfig, DEFAULT_CHUNK_SIZE } from "./weightVariance.js";
export { runDecay, DEFAULT_REPLICATES } from "./decay.js";
export { runResidual } from "./residual.js";
export { runSweep, validateSweepConfig } from "./sweep.js";
export { runWeightVarianceToPrecision, PLAN_MARGIN, PILOT_CHUNKS } from "./precision.js";
export type { PrecisionConfig, PrecisionInfo, PrecisionResult, PrecisionTarget } from "./precision.js";
export { runSamplerCheck } from "./sampler.js";
export type { ProgressCallback, ProgressPhase, RunOptions } from "./pool.js";
export type * from "./types.js";
export type { SweepConfig, SweepConfigJson, SweepResult, SweepRunOptions } from "./sweep.js";
export { runPreciseVariance, fixedCoefficientEstimate, COUPLED_STATISTICS, DEFAULT_PILOT_CHUNKS } from "./precise.js";
export type { PreciseVarianceConfig, PreciseVarianceConfigJson, PreciseVarianceResult } from "./precise.js";
export { runTraining, validateTrainConfig, prepareTrainData, trainRuns, hookFactors, predictedInitVariance, TRAIN_DEFAULTS, COVERTYPE_ROWS } from "./train.js";
export type * from "./train-types.js";
