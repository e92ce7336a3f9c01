// AOL/SLL rescaling, Monte Carlo statistics of rescaled weights, and forward,
// backward and residual passes through deep stacks. Re-exports the kernel files.
export { gemm, gemmAccumulate, gemmScratchDoubles } from "./gemm";
export { gram, gramScratchDoubles } from "./gram";
export { rescale, rescaleScratchDoubles } from "./aol";
export { varianceChunk, varianceScratchDoubles, VARIANCE_RECORD } from "./mcvariance";
export { forwardBackward, forwardBackwardScratchDoubles, LAYER_RECORD } from "./decay";
export { residualStack, residualScratchDoubles, RESIDUAL_RECORD } from "./residual";
export { sgndScaleForStd } from "./sgnd-scale";
export { coupledVarianceChunk, coupledScratchDoubles, coupleValues, couplingTableDoubles, COUPLED_RECORD, COUPLED_CROSS_FIRST, OCTAVE_STEPS, COUPLING_EMIN, COUPLING_EMAX } from "./coupled";
