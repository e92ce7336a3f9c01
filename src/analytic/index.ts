/** The analytic side of lipvar (MATH.md §2–§4): pure functions, no Wasm, no I/O. */
export { alphaForVariance, Sgnd, Pgnd, type GndParameters, type MgfDomain } from "./gnd.js";
export { standardCf, standardCfComplement, standardAbsLogMgf } from "./gnd-transforms.js";
export { productCf, productCfComplement, meanAbsInner } from "./product.js";
export {
  exactGaussianVariance,
  exactGaussianVarianceSll,
  meanFieldVariance,
  upperBound,
  paperClosedForm,
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
