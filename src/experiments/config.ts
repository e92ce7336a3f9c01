/**
 * Validation shared by the experiments: each experiment takes a plain config,
 * checks it here (RangeError naming the field and its accepted range) and
 * echoes the validated values in its JSON result.
 */
import type { DistributionName, HistogramJson, JsonBeta } from "./types.js";
import type { Histogram } from "./histogram.js";
import { alphaForVariance } from "../analytic/gnd.js";
import { checkBiasScale } from "../wasm/check.js";
import { gammaln } from "../analytic/special.js";
import { resolveDistribution } from "../analytic/distribution.js";

export { resolveDistribution };

/**
 * The bias distribution of the depth stacks (biasDist, biasBeta), resolved
 * like the weights' (dist, beta); Gaussian when neither is given. biasStd
 * (already validated, ≥ 0) is needed to check that the bias scale is finite.
 */
export function resolveBiasDistribution(
  biasDist: DistributionName | undefined,
  biasBeta: number | undefined,
  biasStd: number,
): { biasDist: DistributionName; biasBeta: number } {
  const { dist, beta } = resolveDistribution(biasDist, biasBeta, { dist: "biasDist", beta: "biasBeta" });
  // The kernels' own check (src/wasm/lipschitz.ts) runs in the workers; this
  // one fails before any worker starts, with the same message.
  if (biasStd > 0 && beta !== 2) checkBiasScale(biasStd * alphaForVariance(1, beta), biasStd, beta);
  return { biasDist: dist, biasBeta: beta };
}

/** JSON has no Infinity: the uniform limit is written "inf". */
export function jsonBeta(beta: number): JsonBeta {
  return beta === Infinity ? "inf" : beta;
}

/** The inverse of jsonBeta: "inf" is the uniform limit β = Infinity. */
export function betaFromJson(beta: JsonBeta): number {
  return beta === "inf" ? Infinity : beta;
}

/** Variance of one SGND(α = 1, β) entry: Γ(3/β)/Γ(1/β); 1/3 for the uniform limit on [−1, 1]. */
export function unitScaleEntryVariance(beta: number): number {
  if (beta === Infinity) return 1 / 3;
  return Math.exp(gammaln(3 / beta) - gammaln(1 / beta));
}

/** An integer in [min, max], else RangeError naming `name`. */
export function checkInteger(name: string, x: unknown, min: number, max: number): number {
  if (typeof x !== "number" || !Number.isInteger(x) || x < min || x > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${String(x)}`);
  }
  return x;
}

/** A finite number ≥ 0, else RangeError. */
export function checkNonNegative(name: string, x: unknown): number {
  if (typeof x !== "number" || !Number.isFinite(x) || x < 0) throw new RangeError(`${name} must be a finite number >= 0, got ${String(x)}`);
  return x;
}

/**
 * The raw weights' standard deviation: a finite number > 0, or null when not
 * given (the kernels then draw at the SGND scale α = 1). Rescaled weights do
 * not depend on it; the report measures that.
 */
export function checkWeightStd(x: unknown): number | null {
  if (x === undefined || x === null) return null;
  if (typeof x !== "number" || !Number.isFinite(x) || !(x > 0)) throw new RangeError(`weightStd must be a finite number > 0, got ${String(x)}`);
  return x;
}

/** A seed: bigint or safe integer in [0, 2^64). Returned as bigint. */
export function checkSeed(seed: unknown): bigint {
  if (typeof seed === "number" && Number.isSafeInteger(seed) && seed >= 0) return BigInt(seed);
  if (typeof seed === "bigint" && seed >= 0n && seed < 1n << 64n) return seed;
  throw new RangeError(`seed must be an integer from 0 to 2^64-1, got ${String(seed)}`);
}

/** Worker count: integer ≥ 1 (default: the caller passes available cores). */
export function checkWorkers(workers: unknown): number {
  return checkInteger("workers", workers, 1, 1024);
}

export function histogramJson(h: Histogram): HistogramJson {
  return { lo: h.lo, hi: h.hi, counts: h.counts.slice(), underflow: h.underflow, overflow: h.overflow, nan: h.nan };
}

/** Mean and standard error (n − 1 denominator) of replicate values; SE is NaN for one value. */
export function meanSe(values: readonly number[]): { value: number; se: number } {
  const r = values.length;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= r;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return { value: mean, se: r > 1 ? Math.sqrt(ss / (r - 1) / r) : NaN };
}
