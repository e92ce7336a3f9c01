export { Kernels, F64Block, loadKernels, createKernels, MAX_WASM_BYTES, toSeed, type StreamId } from "./kernels.js";
export { bestBuild, instantiateLipvar, BUILD_FILES, type BuildName, type LoadOptions } from "./loader.js";
export { detectFeatures, type WasmFeatures } from "./features.js";
export * from "./lipschitz.js";
export * from "./sampling.js";
export * from "./train.js";
export * from "./orthogonal.js";
