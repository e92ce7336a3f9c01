/**
 * lipvar — the library API other apps import (Node and browser).
 *
 * - Analytic side (pure functions): exact Gaussian variance of AOL-rescaled
 *   weights, mean-field and paper closed forms, bounds, SGND/PGND
 *   distributions with CF and MGF, decay predictions.
 * - Wasm kernels: `loadKernels()` once, then samplers, Gram/GEMM, AOL/SLL
 *   rescaling, Monte Carlo chunks, forward/backward and residual passes.
 * - Sharding: `runWeightVarianceShard` and `mergeShards` split a run across
 *   machines and recombine it into exactly the one-machine numbers.
 * - Experiments: `runWeightVariance`, `runDecay`, `runResidual`,
 *   `runSamplerCheck`, `runTraining` — plain configs in, JSON-serialisable
 *   results out, on all cores with results independent of the worker count.
 * - Data for training: the covtype.data and CSV parsers, the synthetic
 *   Covertype-schema table, standardisation (file reading is Node-only and
 *   lives in `data/read.js`, used by the CLI).
 *
 * @example
 *   import { exactGaussianVariance, loadKernels, sampleSgnd } from "lipvar";
 *   exactGaussianVariance(8, 8);             // 0.04210470613…
 *   const k = await loadKernels();
 *   const x = sampleSgnd(k, { beta: 1.5, count: 1000, seed: 1 });
 */
export * from "./analytic/index.js";
export * from "./wasm/index.js";
export * from "./experiments/index.js";
export * from "./shard/index.js";
export * from "./data/index.js";
