/**
 * Monte Carlo Var[w̄] to a requested precision instead of a fixed sample
 * count. A pilot run of the first chunks estimates the spread σ of the
 * control-variate estimator per matrix; the run then takes
 *   M = ⌈PLAN_MARGIN · (σ / target SE)²⌉
 * matrices (capped by `maxSamples`), because the SE falls as σ/√M. When M
 * is no more than the pilot, the pilot is the result. Otherwise the final
 * run is an ordinary `runWeightVariance` with `samples = M`: its first chunks
 * are the pilot's chunks again (chunk i always draws from stream i), so the
 * result is a deterministic function of config, seed and target, identical
 * to asking for max(M, pilot) samples directly.
 *
 * The SE it reaches is a random quantity: the plan uses a pilot estimate of σ
 * (relative error about 1/√(2·pilot) — under 1% for the default 8192-matrix
 * pilot), so the 5% margin makes the target met in all but rare runs.
 * `reached` reports the truth either way.
 */
import { DEFAULT_CHUNK_SIZE, MAX_SAMPLES, runWeightVariance } from "./weightVariance.js";
import { phaseProgress, type RunOptions } from "./pool.js";
import type { WeightVarianceConfig, WeightVarianceResult } from "./types.js";
import { requireConfig } from "../require-config.js";

/** The plan asks for this many times the point estimate of the matrices needed. */
export const PLAN_MARGIN = 1.05;
/** Chunks in the pilot run (two default chunks: 8192 matrices). */
export const PILOT_CHUNKS = 2;

/** Exactly one of an absolute or a relative standard error. */
export type PrecisionTarget = { se: number; rse?: undefined } | { rse: number; se?: undefined };

export interface PrecisionInfo {
  /** The requested target, as given. */
  target: { se: number | null; rse: number | null };
  /** The SE the plan aimed at (for rse: rse × |pilot estimate|). */
  plannedSe: number;
  /** Matrices in the pilot run. */
  pilotSamples: number;
  /** Matrices the plan asked for, before the cap. */
  plannedSamples: number;
  /** True when the plan asked for more than `maxSamples`, so the run used the cap. */
  capped: boolean;
  /** Whether the final SE meets the target (for rse: se ≤ rse × |final estimate|). */
  reached: boolean;
}

export type PrecisionResult = WeightVarianceResult & { precision: PrecisionInfo };

/** The config of a run to a target: a weight-variance config whose `samples` is the cap (default MAX_SAMPLES). */
export type PrecisionConfig = Omit<WeightVarianceConfig, "samples"> & { maxSamples?: number };

function checkTarget(target: PrecisionTarget): { se: number | null; rse: number | null } {
  const se = target?.se;
  const rse = target?.rse;
  if ((se === undefined) === (rse === undefined)) throw new RangeError("give exactly one precision target: se or rse");
  if (se !== undefined && !(typeof se === "number" && se > 0 && Number.isFinite(se))) {
    throw new RangeError(`target se must be a finite number > 0, got ${se}`);
  }
  if (rse !== undefined && !(typeof rse === "number" && rse > 0 && rse < 1)) {
    throw new RangeError(`target rse must be a number in (0, 1), got ${rse}`);
  }
  return { se: se ?? null, rse: rse ?? null };
}

/**
 * Estimate Var[w̄] to a target standard error (absolute `se` or relative
 * `rse`), planning the sample count from a pilot run. `maxSamples` (integer
 * from 2 to MAX_SAMPLES, default MAX_SAMPLES) caps the run; other fields as
 * in `runWeightVariance`. Progress reports the pilot's chunks (phase
 * "pilot"), then the final run's (phase "main", with its planned count).
 */
export async function runWeightVarianceToPrecision(config: PrecisionConfig, target: PrecisionTarget, options: RunOptions = {}): Promise<PrecisionResult> {
  requireConfig(config);
  const wanted = checkTarget(requireConfig(target, "target"));
  const maxSamples = config.maxSamples ?? MAX_SAMPLES;
  if (!Number.isInteger(maxSamples) || maxSamples < 2 || maxSamples > MAX_SAMPLES) {
    throw new RangeError(`maxSamples must be an integer from 2 to ${MAX_SAMPLES}, got ${maxSamples}`);
  }
  const base: Omit<WeightVarianceConfig, "samples"> = { ...config };
  delete (base as PrecisionConfig).maxSamples;
  const chunkSize = config.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const pilotSamples = Math.max(2, Math.min(maxSamples, PILOT_CHUNKS * chunkSize));
  const pilot = await runWeightVariance({ ...base, samples: pilotSamples }, { ...options, onProgress: phaseProgress(options.onProgress, "pilot") });

  const plannedSe = wanted.se ?? wanted.rse! * Math.abs(pilot.estimate);
  // σ per matrix from the pilot; a zero spread (n = 1 gives exactly 1/d) needs no more than the pilot.
  const sigma = pilot.se * Math.sqrt(pilot.samples);
  const needed = Math.ceil(PLAN_MARGIN * (sigma / plannedSe) ** 2);
  const plannedSamples = plannedSe > 0 && sigma > 0 ? Math.max(2, Math.min(needed, Number.MAX_SAFE_INTEGER)) : pilotSamples;
  const capped = plannedSamples > maxSamples;
  // Never fewer matrices than the pilot: its result is already paid for, and
  // is exactly the run of pilotSamples matrices.
  const samples = Math.min(plannedSamples, maxSamples);
  const result = samples <= pilotSamples ? pilot : await runWeightVariance({ ...base, samples }, { ...options, onProgress: phaseProgress(options.onProgress, "main") });
  const finalTarget = wanted.se ?? wanted.rse! * Math.abs(result.estimate);
  return {
    ...result,
    precision: { target: wanted, plannedSe, pilotSamples, plannedSamples, capped, reached: result.se <= finalTarget },
  };
}
