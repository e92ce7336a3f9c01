/**
 * The typed wrappers of the Lipschitz kernels, one file per kernel family
 * (as assembly/ is split): gram.ts (products, Gram, AOL/SLL rescaling),
 * mcvariance.ts (the Monte Carlo chunk), decay.ts (feed-forward stack),
 * residual.ts (SLL residual stack), coupled.ts (Gaussian-coupled chunk),
 * histogram.ts (histogram types), check.ts (shared argument checks). This
 * file re-exports the public names for the imports that predate the split;
 * new code imports the family file.
 */
export { checkBiasScale } from "./check.js";
export type { HistogramSpec, LayerHistogramSpec, HistogramCounts } from "./histogram.js";
export { matmul, gram, rescaleAol, type Rescaled } from "./gram.js";
export { VARIANCE_RECORD, varianceChunk, type VarianceChunkOptions, type VarianceChunk } from "./mcvariance.js";
export {
  LAYER_RECORD, MAX_GROUP, checkGram, checkInit, parseActivation, activationName, forwardBackward,
  type Initialisation, type Activation, type ForwardBackwardOptions, type LayerStatistics, type StackWeights, type ForwardBackwardResult, type GramConvention,
} from "./decay.js";
export { RESIDUAL_RECORD, residualStack, type ResidualStackOptions, type BlockStatistics, type ResidualStackResult } from "./residual.js";
export { COUPLED_RECORD, COUPLED_CROSS_FIRST, coupledVarianceChunk, coupleValues, type CoupledChunkOptions } from "./coupled.js";
