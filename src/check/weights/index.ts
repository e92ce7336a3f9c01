/** `lipvar check --weights`: reading users' .npy/.npz weights and checking them (docs/ci.md). */
export { readWeightsFile, parseWeightsBytes, parseNpy, parseNpz, WeightsInputError, type NamedArray } from "./read.js";
export { parseManifest, betaOf, MANIFEST_VERSION, WEIGHT_DISTS, type WeightsPlan, type LayerSpec, type Gram, type WeightsAre, type Activation, type Layout, type WeightDist } from "./manifest.js";
export { buildStack, type WeightStack, type StackLayer, type FileArrays } from "./stack.js";
export { checkWeights, identityTolerance, MIN_INITS, FORWARD_BATCH, type WeightsCheckOptions, type WeightsCheckResult } from "./run.js";
