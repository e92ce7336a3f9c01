/**
 * Statistical check of the Wasm SGND(α = 1, β) sampler against the analytic
 * law: moments with delta-method SEs, the Kolmogorov–Smirnov distance with its
 * 1% critical value, and the empirical CF and PGND MGF at a few t (the
 * report's figure 8). Runs in-process on stream 0 of the seed; the draws are
 * streamed in chunks except for the sorted copy the KS statistic needs.
 */
import { Pgnd, Sgnd } from "../analytic/gnd.js";
import { createKernels } from "../wasm/kernels.js";
import { sgndChunks } from "../wasm/sampling.js";
import { checkInteger, checkSeed, jsonBeta } from "./config.js";
import type { MomentCheck, SamplerCheckConfig, SamplerCheckResult } from "./types.js";
import { requireConfig } from "../require-config.js";

/** Largest count: the KS statistic keeps one sorted copy of the draws (80 MB at this size). */
export const MAX_CHECK_COUNT = 10_000_000;
const DEFAULT_CF_POINTS = [0.25, 0.5, 1, 2, 4];

/** MGF points whose e^{t|X|} has finite variance (2t inside the domain), for an SE that means something. */
function defaultMgfPoints(beta: number): number[] {
  if (beta < 1) return [-2, -1, -0.5];
  if (beta === 1) return [0.1, 0.2, 0.4];
  return [0.25, 0.5, 1];
}

function check(sample: number, se: number, analytic: number): MomentCheck {
  return { sample, se, analytic, zScore: se > 0 ? (sample - analytic) / se : 0 };
}

/**
 * Check the sampler for one β (> 0 or Infinity) with `count` draws (100 to 10^7).
 * @param config - `beta`, `count` (100 to 10^7 draws), `seed`, optional CF and MGF points.
 * @returns Sample moments, CF and MGF values with their SEs and z-scores against the analytic values.
 * @throws TypeError for a missing config; RangeError naming the field that is out of range.
 * @example
 * ```ts
 * import { runSamplerCheck } from "lipvar";
 * const r = await runSamplerCheck({ beta: 1.5, count: 10000, seed: 1 });
 * Math.abs(r.variance.zScore) < 5; // returns true
 * ```
 */
export async function runSamplerCheck(config: SamplerCheckConfig): Promise<SamplerCheckResult> {
  requireConfig(config);
  const beta = config.beta;
  if (typeof beta !== "number" || !(beta > 0)) throw new RangeError(`beta must be a number > 0 or Infinity, got ${String(beta)}`);
  const count = checkInteger("count", config.count, 100, MAX_CHECK_COUNT);
  const seed = checkSeed(config.seed);
  const cfPoints = config.cfPoints ?? DEFAULT_CF_POINTS;
  const mgfPoints = config.mgfPoints ?? defaultMgfPoints(beta);
  const pgnd = new Pgnd({ beta, alpha: 1 });
  const domain = pgnd.mgfDomain();
  for (const t of cfPoints) if (!Number.isFinite(t)) throw new RangeError(`cfPoints must be finite numbers, got ${t}`);
  for (const t of mgfPoints) {
    if (!Number.isFinite(t) || t > domain.upper || (t === domain.upper && !domain.inclusive)) {
      throw new RangeError(`mgfPoints must be finite and ${domain.inclusive ? "<=" : "<"} ${domain.upper} for beta ${beta}, got ${t}`);
    }
  }
  const started = performance.now();
  const k = await createKernels();
  const sgnd = new Sgnd({ beta, alpha: 1 });

  // Power sums about the true mean 0: E X, E X², E X⁴ and the E X⁶, E X⁸ their SEs need.
  const p = new Float64Array(9);
  const cfSum = cfPoints.map(() => [0, 0]);
  const mgfSum = mgfPoints.map(() => [0, 0]);
  const all = new Float64Array(count);
  let at = 0;
  for (const chunk of sgndChunks(k, { beta, alpha: 1, count, seed })) {
    for (let i = 0; i < chunk.length; i++) {
      const x = chunk[i];
      const x2 = x * x;
      p[1] += x;
      p[2] += x2;
      p[4] += x2 * x2;
      p[6] += x2 * x2 * x2;
      p[8] += x2 * x2 * x2 * x2;
      for (let j = 0; j < cfPoints.length; j++) {
        const c = Math.cos(cfPoints[j] * x);
        cfSum[j][0] += c;
        cfSum[j][1] += c * c;
      }
      for (let j = 0; j < mgfPoints.length; j++) {
        const e = Math.exp(mgfPoints[j] * Math.abs(x));
        mgfSum[j][0] += e;
        mgfSum[j][1] += e * e;
      }
    }
    all.set(chunk, at);
    at += chunk.length;
  }
  const n = count;
  const m1 = p[1] / n, m2 = p[2] / n, m4 = p[4] / n, m6 = p[6] / n, m8 = p[8] / n;
  // Kurtosis K = m4/m2²: delta method with the joint covariance of (X², X⁴).
  const g2 = -2 * m4 / (m2 * m2 * m2);
  const g4 = 1 / (m2 * m2);
  const kurtVar = (g2 * g2 * (m4 - m2 * m2) + 2 * g2 * g4 * (m6 - m2 * m4) + g4 * g4 * (m8 - m4 * m4)) / n;

  all.sort();
  let ks = 0;
  for (let i = 0; i < n; i++) {
    const F = sgnd.cdf(all[i]);
    ks = Math.max(ks, (i + 1) / n - F, F - i / n);
  }
  const critical = 1.628 / Math.sqrt(n); // asymptotic 1% level of √n·D

  const meanOf = (s: number[]) => {
    const mean = s[0] / n;
    return { mean, se: Math.sqrt(Math.max(0, s[1] / n - mean * mean) / (n - 1)) };
  };
  return {
    experiment: "samplerCheck",
    config: { beta: jsonBeta(beta), count, seed: seed.toString(), cfPoints: cfPoints.slice(), mgfPoints: mgfPoints.slice() },
    seed: seed.toString(),
    run: { build: k.build, workers: 1, seconds: (performance.now() - started) / 1000 },
    mean: check(m1, Math.sqrt(m2 / n), 0),
    variance: check(m2, Math.sqrt(Math.max(0, m4 - m2 * m2) / n), sgnd.variance()),
    kurtosis: check(m4 / (m2 * m2), Math.sqrt(Math.max(0, kurtVar)), sgnd.kurtosis()),
    ks: { statistic: ks, critical, pass: ks <= critical },
    cf: cfPoints.map((t, j) => ({ t, empirical: meanOf(cfSum[j]).mean, se: meanOf(cfSum[j]).se, analytic: sgnd.cf(t) })),
    mgf: mgfPoints.map((t, j) => ({ t, empirical: meanOf(mgfSum[j]).mean, se: meanOf(mgfSum[j]).se, analytic: pgnd.mgf(t) })),
    notes: [
      "draws are SGND(alpha = 1, beta) from stream 0; moments are about the true mean 0, kurtosis is E X^4/(E X^2)^2 with a delta-method SE",
      "ks.critical is the asymptotic 1% critical value 1.628/sqrt(count)",
    ],
  };
}
