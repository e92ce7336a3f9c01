/**
 * `lipvar/kernels` — the Wasm module and its typed wrappers: instances
 * (`loadKernels`, `createKernels`, `Kernels`), memory blocks, the builds and
 * feature detection, the samplers, matrix products, the Monte Carlo and
 * depth kernels with their record layouts, and the trainer's kernels. The
 * root entry re-exports the samplers and the common kernels.
 * @module lipvar/kernels
 */
export { Kernels, F64Block, loadKernels, createKernels, MAX_WASM_BYTES, toSeed, type StreamId } from "./kernels.js";
export { bestBuild, instantiateLipvar, BUILD_FILES, type BuildName, type LoadOptions } from "./loader.js";
export { detectFeatures, type WasmFeatures } from "./features.js";
export type { RawExports } from "./exports.js";
export * from "./lipschitz.js";
export * from "./sampling.js";
export * from "./train.js";
export * from "./orthogonal.js";
