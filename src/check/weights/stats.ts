/**
 * The small statistics the weight checks need: the mean ± SE of a statistic
 * over independent initialisations with a Student-t tolerance, the moments
 * of standardised SGND(β) entries and the delta-method law of the sample
 * kurtosis under the null, and the Kolmogorov–Smirnov distance to an SGND.
 */
import { Sgnd } from "../../analytic/gnd.js";
import { erfc } from "../../analytic/special.js";


/**
 * P(|T| ≤ t) for Student's t with ν (integer ≥ 1) degrees of freedom, by the
 * finite series in cos θ, θ = atan(t/√ν) (Abramowitz & Stegun 26.7.3–4).
 */
export function studentTCentral(t: number, nu: number): number {
  if (!(t > 0)) return 0;
  if (t === Infinity) return 1;
  const theta = Math.atan(t / Math.sqrt(nu));
  const c2 = Math.cos(theta) ** 2;
  const s = Math.sin(theta);
  if (nu % 2 === 1) {
    if (nu === 1) return (2 / Math.PI) * theta;
    let term = 1;
    let sum = 1;
    for (let k = 3; k <= nu - 2; k += 2) {
      term *= ((k - 1) / k) * c2;
      sum += term;
    }
    return (2 / Math.PI) * (theta + s * Math.cos(theta) * sum);
  }
  let term = 1;
  let sum = 1;
  for (let k = 2; k <= nu - 2; k += 2) {
    term *= ((k - 1) / k) * c2;
    sum += term;
  }
  return s * sum;
}

/** t > 0 with P(|T_ν| > t) = tail (bisection; ν an integer ≥ 1, tail in (0, 1)). */
export function studentTTwoSided(tail: number, nu: number): number {
  let lo = 0;
  let hi = 1;
  while (1 - studentTCentral(hi, nu) > tail) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (1 - studentTCentral(mid, nu) > tail) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Mean and standard error of independent values (se NaN for fewer than two). */
export function meanSe(values: readonly number[]): { mean: number; se: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, se: NaN };
  const ss = values.reduce((a, b) => a + (b - mean) ** 2, 0);
  return { mean, se: Math.sqrt(ss / (n - 1) / n) };
}

/**
 * The tolerance in SE for a mean over R initialisations whose SE is itself
 * estimated from them: the Student-t(R − 1) point with the same two-sided
 * false-alarm rate as `k` SE of a normal (k = 4: 6.3e-5).
 */
export function toleranceForInits(k: number, inits: number): number {
  const tail = erfc(k / Math.SQRT2);
  return studentTTwoSided(tail, inits - 1);
}

/** Moments E X^k (k = 2, 4, 6, 8) of unit-variance SGND(β) entries. */
export function unitSgndMoments(beta: number): { m4: number; m6: number; m8: number } {
  const s = new Sgnd({ beta, variance: 1 });
  return { m4: s.absMoment(4), m6: s.absMoment(6), m8: s.absMoment(8) };
}

/**
 * The sample kurtosis b = m₄/m₂² of N iid unit-variance entries (moments
 * about the known mean 0): to second order E b = κ + [3μ₄(μ₄ − 1) −
 * 2(μ₆ − μ₄)]/N and Var b = [μ₈ − μ₄² − 4μ₄(μ₆ − μ₄) + 4μ₄²(μ₄ − 1)]/N
 * (delta method; Gaussian: 3 − 6/N and 24/N, which is exact to that order).
 */
export function kurtosisLaw(beta: number, N: number): { mean: number; variance: number } {
  const { m4, m6, m8 } = unitSgndMoments(beta);
  return {
    mean: m4 + (3 * m4 * (m4 - 1) - 2 * (m6 - m4)) / N,
    variance: (m8 - m4 * m4 - 4 * m4 * (m6 - m4) + 4 * m4 * m4 * (m4 - 1)) / N,
  };
}

/**
 * √N·D, the scaled Kolmogorov–Smirnov distance between the empirical law of
 * `sorted` (ascending) and SGND(β) with unit variance.
 */
export function ksStatistic(sorted: Float64Array, beta: number): number {
  const s = new Sgnd({ beta, variance: 1 });
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const F = s.cdf(sorted[i]);
    d = Math.max(d, (i + 1) / n - F, F - i / n);
  }
  return Math.sqrt(n) * d;
}

/**
 * The asymptotic critical value of √N·D at level p = 0.001, K = √(−ln(p/2)/2)
 * (the first term of the Kolmogorov series, exact to 1e-6 at this level).
 * Estimating the scale from the same data makes the test conservative.
 */
export const KS_LEVEL = 1e-3;
export const KS_CRITICAL = Math.sqrt(-Math.log(KS_LEVEL / 2) / 2);
