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
import type { PrecisionInfo, PrecisionTarget, WeightVarianceConfig, WeightVarianceResult } from "./types.js";
import type { ProgressPhase } from "./pool.js";
import { requireConfig } from "../require-config.js";

export type { PrecisionInfo, PrecisionTarget };

/** The plan asks for this many times the point estimate of the matrices needed. */
export const PLAN_MARGIN = 1.05;
/** Chunks in the pilot run (two default chunks: 8192 matrices). */
export const PILOT_CHUNKS = 2;

/** A result with how the target went. */
export type PrecisionResult = WeightVarianceResult & { precision: PrecisionInfo };

/** The config of `runWeightVarianceToPrecision`: a weight-variance config whose cap is `maxSamples` (default 1e10). */
export type PrecisionConfig = Omit<WeightVarianceConfig, "samples" | "target"> & { maxSamples?: number };

/** The validated target; RangeError unless exactly one of se (finite > 0) and rse (in (0, 1)) is given. */
export function checkTarget(target: PrecisionTarget): { se: number | null; rse: number | null } {
  requireConfig(target, "target");
  const se = target.se;
  const rse = target.rse;
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
 * Run `run(samples)` to the target: a pilot of `pilotSamples` matrices, then
 * (if the plan asks for more) the run of the planned count, capped at
 * `maxSamples`. `run` must be a fixed-count run whose first chunks are the
 * pilot's (chunk i always draws from stream i), so the result is exactly the
 * run of max(planned, pilot) matrices. `phase` names the run for progress:
 * the pilot's chunks, then the final run's.
 */
export async function runToPrecision(
  wanted: { se: number | null; rse: number | null },
  pilotSamples: number,
  maxSamples: number,
  run: (samples: number, phase: ProgressPhase) => Promise<WeightVarianceResult>,
): Promise<PrecisionResult> {
  const pilot = await run(pilotSamples, "pilot");
  const plannedSe = wanted.se ?? wanted.rse! * Math.abs(pilot.estimate);
  // σ per matrix from the pilot; a zero spread (n = 1 gives exactly 1/d) needs no more than the pilot.
  const sigma = pilot.se * Math.sqrt(pilot.samples);
  const needed = Math.ceil(PLAN_MARGIN * (sigma / plannedSe) ** 2);
  const plannedSamples = plannedSe > 0 && sigma > 0 ? Math.max(2, Math.min(needed, Number.MAX_SAFE_INTEGER)) : pilotSamples;
  const capped = plannedSamples > maxSamples;
  // Never fewer matrices than the pilot: its result is already paid for, and
  // is exactly the run of pilotSamples matrices.
  const samples = Math.min(plannedSamples, maxSamples);
  const result = samples <= pilotSamples ? pilot : await run(samples, "main");
  const finalTarget = wanted.se ?? wanted.rse! * Math.abs(result.estimate);
  return {
    ...result,
    precision: { target: wanted, plannedSe, pilotSamples, plannedSamples, capped, reached: result.se <= finalTarget },
  };
}
