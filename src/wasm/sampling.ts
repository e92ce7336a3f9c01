/**
 * Typed wrappers for the samplers of assembly/gnd.ts: SGND/PGND, normal and
 * Gamma draws from a chosen RNG stream, returned as plain Float64Arrays.
 *
 * Large counts run through one fixed-size Wasm buffer (SAMPLE_CHUNK doubles)
 * and are copied out chunk by chunk, so Wasm memory stays bounded whatever
 * the count; the values are the same as one long kernel call would give
 * (each chunk continues the stream). For counts too large to hold at all,
 * `sgndChunks` yields the same values chunk by chunk.
 */
import { alphaForVariance } from "../analytic/gnd-scale.js";
import { betaOf, type DistributionSpec } from "../analytic/distribution.js";
import { Kernels, toSeed, type StreamId } from "./kernels.js";
import { requireConfig } from "../require-config.js";

/** Doubles per kernel call: 512 KiB of Wasm memory, whatever the count. */
export const SAMPLE_CHUNK = 1 << 16;

/**
 * The largest count the array-returning samplers accept: 2^28 values (2 GiB).
 * Beyond it, iterate `sgndChunks` instead of holding everything at once.
 */
export const MAX_SAMPLE_COUNT = 2 ** 28;

/** Options shared by every sampler: how many values, and which stream. */
export interface SampleStream {
  /** Number of values, an integer from 1 to MAX_SAMPLE_COUNT (chunks: any positive safe integer). */
  count: number;
  /** 64-bit unsigned seed. */
  seed: bigint | number;
  /** Stream index in [0, 2^32); default 0. */
  stream?: number;
  /**
   * Write into this array (length = count) and return it, instead of a new
   * one: hot loops reuse one array, and skip the first-touch cost of fresh
   * memory (on some virtual machines more than the draws themselves).
   */
  out?: Float64Array;
}

export interface SgndSampleOptions extends SampleStream, DistributionSpec {
  /** Scale α > 0 (give alpha or variance, not both). */
  alpha?: number;
  /** Variance > 0 instead of alpha; default 1 when neither is given. */
  variance?: number;
  /** Draw PGND = |X| (the same draws with the signs dropped). */
  abs?: boolean;
}

export interface NormalSampleOptions extends SampleStream {
  /** Mean, finite; default 0. */
  mean?: number;
  /** Standard deviation, finite ≥ 0; default 1. */
  sd?: number;
}

export interface GammaSampleOptions extends SampleStream {
  /** Shape a, finite > 0 (scale 1). */
  shape: number;
}

// ---------------------------------------------------------------- validation

function checkCount(count: number, max: number): void {
  if (typeof count !== "number" || !Number.isSafeInteger(count) || count < 1 || count > max) {
    throw new RangeError(`count must be an integer from 1 to ${max}, got ${count}`);
  }
}

function checkFinite(name: string, x: number, rule: "any" | ">= 0" | "> 0"): void {
  const ok = typeof x === "number" && Number.isFinite(x) && (rule === "any" || (rule === ">= 0" ? x >= 0 : x > 0));
  if (!ok) throw new RangeError(`${name} must be a finite number${rule === "any" ? "" : ` ${rule}`}, got ${x}`);
}

/** The stream as the kernels take it, validated before anything is drawn. */
function streamOf(opts: SampleStream): StreamId {
  const stream = opts.stream ?? 0;
  if (typeof stream !== "number" || !Number.isInteger(stream) || stream < 0 || stream > 0xffffffff) {
    throw new RangeError(`stream must be an integer in [0, 2^32), got ${stream}`);
  }
  return { seed: toSeed(opts.seed), stream };
}

/**
 * The scale α of SGND(α, β) from `{ beta, alpha }` or `{ beta, variance }`
 * (unit variance when neither is given): α = √(V·Γ(1/β)/Γ(3/β)).
 * Domain: β > 0 or Infinity; α or V finite > 0; the resulting α finite > 0.
 */
export function sgndScale(opts: DistributionSpec & { alpha?: number; variance?: number }): number {
  const { alpha, variance } = requireConfig(opts, "options");
  const beta = betaOf(opts, "options");
  if (alpha !== undefined && variance !== undefined) throw new RangeError("give either alpha or variance, not both");
  if (alpha !== undefined) {
    checkFinite("alpha", alpha, "> 0");
    return alpha;
  }
  const v = variance ?? 1;
  checkFinite("variance", v, "> 0");
  const a = alphaForVariance(v, beta);
  // Γ ratios of extreme shapes can under/overflow: the kernels need a finite α > 0.
  if (!(a > 0) || !Number.isFinite(a)) {
    throw new RangeError(`variance = ${v} with beta = ${beta} gives alpha = ${a}; alpha must be a finite number > 0`);
  }
  return a;
}

/**
 * The caller's `out` (checked: a Float64Array of length count), or a new
 * Float64Array of `count` values — a RangeError naming count when memory
 * refuses it.
 */
function resultArray(count: number, out?: Float64Array): Float64Array {
  if (out !== undefined) {
    if (!(out instanceof Float64Array) || out.length !== count) {
      throw new RangeError(`out must be a Float64Array of length count = ${count}, got ${out instanceof Float64Array ? `length ${out.length}` : typeof out}`);
    }
    return out;
  }
  try {
    return new Float64Array(count);
  } catch (e) {
    if (e instanceof RangeError) throw new RangeError(`count = ${count} does not fit in memory (${count * 8} bytes): ${e.message}`);
    throw e;
  }
}

// ---------------------------------------------------------------- chunked filling

type Fill = (raw: Kernels["raw"], ptr: number, n: number) => void;

/** Fill `out` from the start of stream `id`, SAMPLE_CHUNK values per kernel call. */
function fillChunked(k: Kernels, id: StreamId, out: Float64Array, fill: Fill): Float64Array {
  k.seed(id);
  const count = out.length;
  k.withF64(Math.min(count, SAMPLE_CHUNK), (block) => {
    for (let done = 0; done < count; done += SAMPLE_CHUNK) {
      const n = Math.min(SAMPLE_CHUNK, count - done);
      fill(k.raw, block.ptr, n);
      out.set(block.view.subarray(0, n), done);
    }
  });
  return out;
}

function sameState(a: readonly bigint[], b: readonly bigint[]): boolean {
  return a.every((w, i) => w === b[i]);
}

/**
 * The generator behind `sgndChunks`. Between chunks the caller may use the
 * same module for other draws: the stream's state is saved after each chunk
 * and put back if something moved it.
 */
function* chunkGenerator(k: Kernels, id: StreamId, count: number, chunk: number, fill: Fill): Generator<Float64Array, void, undefined> {
  k.seed(id);
  const block = k.allocF64(Math.min(count, chunk));
  try {
    let state: bigint[] | undefined;
    for (let done = 0; done < count; done += chunk) {
      const n = Math.min(chunk, count - done);
      if (state !== undefined && !sameState(k.getState(), state)) k.setState(state);
      fill(k.raw, block.ptr, n);
      state = k.getState();
      yield block.view.slice(0, n);
    }
  } finally {
    block.free();
  }
}

function sgndFill(alpha: number, beta: number, abs: boolean): Fill {
  return abs
    ? (raw, ptr, n) => raw.fillPgnd(ptr, n, alpha, beta)
    : (raw, ptr, n) => raw.fillSgnd(ptr, n, alpha, beta);
}

// ---------------------------------------------------------------- public samplers

/**
 * iid draws of SGND(0, α, β) — or of PGND = |X| with `abs` — from stream
 * `stream` of `seed`. Give α or the variance (default: unit variance).
 * Domain: β > 0 or Infinity (uniform on (−α, α)); α, variance finite > 0;
 * count an integer from 1 to MAX_SAMPLE_COUNT; seed in [0, 2^64);
 * stream in [0, 2^32). The same arguments give the same bytes in every build.
 * @param k - The kernels, from `await loadKernels()`.
 * @param opts - `{ dist, beta }` (default Gaussian), `alpha` or `variance` (default 1), `abs` for |X|, `count`, `seed`, `stream`, optional `out`.
 * @returns The draws (`out` when given).
 * @throws TypeError for missing options; RangeError naming count, seed, stream, beta, alpha, variance or out.
 * @example
 * ```ts
 * import { loadKernels, sampleSgnd } from "lipvar";
 * const k = await loadKernels();
 * const x = sampleSgnd(k, { dist: "laplace", count: 100000, seed: 1 });
 * Math.abs(x.reduce((s, v) => s + v * v, 0) / x.length - 1) < 0.05; // returns true (unit variance)
 * sampleSgnd(k, { beta: 1.5, count: 2, seed: 1, stream: 3 })[0] === sampleSgnd(k, { beta: 1.5, count: 5, seed: 1, stream: 3 })[0]; // returns true
 * ```
 */
export function sampleSgnd(k: Kernels, opts: SgndSampleOptions): Float64Array {
  requireConfig(opts, "options");
  checkCount(opts.count, MAX_SAMPLE_COUNT);
  const alpha = sgndScale(opts);
  const id = streamOf(opts);
  return fillChunked(k, id, resultArray(opts.count, opts.out), sgndFill(alpha, betaOf(opts, "options"), opts.abs === true));
}

/**
 * The values of `sampleSgnd(k, opts)`, `chunk` at a time (the last chunk may
 * be shorter), for counts too large to hold: any positive safe integer.
 * Arguments are validated here, at the call; drawing starts at the first
 * iteration. Each yielded array is a fresh copy (no `out`).
 * @param k - The kernels, from `await loadKernels()`.
 * @param opts - As for `sampleSgnd`, without `out`; `count` any positive safe integer.
 * @param chunk - Values per yielded array (default 65536).
 * @returns A generator of Float64Arrays whose concatenation is `sampleSgnd(k, opts)`.
 * @throws RangeError naming count, chunk or a distribution field.
 * @example
 * ```ts
 * import { loadKernels, sampleSgnd, sgndChunks } from "lipvar";
 * const k = await loadKernels();
 * const parts = [...sgndChunks(k, { beta: 0.5, count: 10, seed: 4 }, 4)];
 * parts.map((p) => p.length); // returns [4, 4, 2]
 * parts[2][1] === sampleSgnd(k, { beta: 0.5, count: 10, seed: 4 })[9]; // returns true
 * ```
 */
export function sgndChunks(k: Kernels, opts: Omit<SgndSampleOptions, "out">, chunk = SAMPLE_CHUNK): Generator<Float64Array, void, undefined> {
  requireConfig(opts, "options");
  checkCount(opts.count, Number.MAX_SAFE_INTEGER);
  if ((opts as SgndSampleOptions).out !== undefined) throw new RangeError("out is not taken by sgndChunks, which yields a new array per chunk");
  if (!Number.isInteger(chunk) || chunk < 1 || chunk > MAX_SAMPLE_COUNT) {
    throw new RangeError(`chunk must be an integer from 1 to ${MAX_SAMPLE_COUNT}, got ${chunk}`);
  }
  const alpha = sgndScale(opts);
  const id = streamOf(opts);
  return chunkGenerator(k, id, opts.count, chunk, sgndFill(alpha, betaOf(opts, "options"), opts.abs === true));
}

/**
 * iid N(mean, sd²) draws (the ziggurat behind SGND with β = 2).
 * Domain: mean finite, sd finite ≥ 0; count, seed, stream as for sampleSgnd.
 * @param k - The kernels, from `await loadKernels()`.
 * @param opts - `mean` (default 0), `sd` (default 1), `count`, `seed`, `stream`, optional `out`.
 * @returns The draws.
 * @throws RangeError naming mean, sd, count, seed or stream.
 * @example
 * ```ts
 * import { loadKernels, sampleNormal } from "lipvar";
 * const x = sampleNormal(await loadKernels(), { mean: 5, sd: 0, count: 2, seed: 1 });
 * Array.from(x); // returns [5, 5]
 * ```
 */
export function sampleNormal(k: Kernels, opts: NormalSampleOptions): Float64Array {
  requireConfig(opts, "options");
  checkCount(opts.count, MAX_SAMPLE_COUNT);
  const mean = opts.mean ?? 0;
  const sd = opts.sd ?? 1;
  checkFinite("mean", mean, "any");
  checkFinite("sd", sd, ">= 0");
  const id = streamOf(opts);
  return fillChunked(k, id, resultArray(opts.count, opts.out), (raw, ptr, n) => raw.fillNormal(ptr, n, mean, sd));
}

/**
 * iid Gamma(shape, 1) draws (Marsaglia–Tsang; shape < 1 boosted; shape 1
 * by the exponential ziggurat). Domain: shape finite > 0; count, seed,
 * stream as for sampleSgnd. Tiny shapes give exact zeros where the true
 * value is below the smallest double.
 * @param k - The kernels, from `await loadKernels()`.
 * @param opts - `shape` (finite > 0), `count`, `seed`, `stream`, optional `out`.
 * @returns The draws, all ≥ 0.
 * @throws RangeError naming shape, count, seed or stream.
 * @example
 * ```ts
 * import { loadKernels, sampleGamma } from "lipvar";
 * const x = sampleGamma(await loadKernels(), { shape: 3, count: 100000, seed: 2 });
 * Math.abs(x.reduce((s, v) => s + v, 0) / x.length - 3) < 0.05; // returns true (mean = shape)
 * ```
 */
export function sampleGamma(k: Kernels, opts: GammaSampleOptions): Float64Array {
  requireConfig(opts, "options");
  checkCount(opts.count, MAX_SAMPLE_COUNT);
  checkFinite("shape", opts.shape, "> 0");
  const shape = opts.shape;
  const id = streamOf(opts);
  return fillChunked(k, id, resultArray(opts.count, opts.out), (raw, ptr, n) => raw.fillGamma(ptr, n, shape));
}
