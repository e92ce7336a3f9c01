/**
 * `lipvar/analytic` — the whole analytic side of lipvar (MATH.md §2–§4):
 * pure functions, no Wasm and no I/O (only the distribution objects'
 * `sample` methods call the Wasm sampler, with kernels you pass). The root
 * entry re-exports the most used of these; this entry adds the special
 * functions, quadrature, characteristic functions and the Normal→SGND
 * coupling.
 * @module lipvar/analytic
 */
export { resolveDistribution, type DistributionName, type DistributionSpec } from "./distribution.js";
export { alphaForVariance, Sgnd, Pgnd, type GndParameters, type GndSampleOptions, type MgfDomain } from "./gnd.js";
export { standardCf, standardCfComplement, standardAbsLogMgf } from "./gnd-transforms.js";
export { productCf, productCfComplement, meanAbsInner } from "./product.js";
export {
  exactGaussianVariance,
  exactGaussianVarianceSll,
  meanFieldVariance,
  upperBound,
  paperClosedForm,
  paperClosedFormCovers,
  paperClosedFormForBeta,
  type PaperDistribution,
} from "./variance.js";
export {
  predictForwardVariances,
  predictGradientVariances,
  squareRatioAsymptote,
  type LayerShape,
  type DecayInput,
  type ForwardInput,
  type ForwardPrediction,
  type GradientInput,
  type GradientPrediction,
} from "./decay.js";
export { integrate, type QuadratureOptions, type QuadratureResult } from "./quadrature.js";
export { gamma, gammaln, gammaP, gammaQ, gammaPInv, gammaQInv, erf, erfc, erfcx, logErfcx, sineIntegral } from "./special.js";
export { normalToSgnd, normalToSgndSlope, couplingTable, couplingTableValue, coupledEntryMoments, type CoupledEntryMoments } from "./normal-coupling.js";
export {
  predictRemedy,
  identityNoiseFactor,
  cosineMap,
  inputNormFactor,
  activationKind,
  activationSecondMomentFactor,
  orthogonalRescaledVariance,
  residualBlockSecondMoment,
  type RemedyInit,
  type RemedyActivation,
  type RemedyInput,
  type RemedyPrediction,
} from "./remedies.js";
