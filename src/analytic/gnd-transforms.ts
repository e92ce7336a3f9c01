/**
 * Characteristic function and moment generating function of the standard
 * generalised normal U (scale α = 1, density β/(2Γ(1/β))·e^{−|u|^β}), and of
 * |U|. The classes in gnd.ts rescale by α; product.ts needs 1 − φ with full
 * relative accuracy near 0, hence `standardCfComplement`.
 *
 * Methods, in order of preference:
 *  - closed forms for β = 1, 2, ∞;
 *  - the moment series Σ (−1)^k s^{2k} E[U^{2k}]/(2k)!, accepted only when an
 *    a-posteriori bound on its rounding error (EPS times the sum of |terms|,
 *    weighted by the size of the logarithms used for huge moments) and on its
 *    truncation is below the target. This is the safe cutoff: it accepts small
 *    s for β > 1 (the series converges, Σ|terms| = E cosh(sU) stays O(1)) and
 *    refuses automatically where cancellation would cost digits (Σ|terms| grows
 *    like e^{c s^{β/(β−1)}}) or convergence is slow (β near 1) — and for β < 1,
 *    where the series only is asymptotic, it accepts only when the smallest
 *    term is already negligible;
 *  - otherwise the integral ∫_0^∞ e^{isu − u^β} du on a ray rotated into the
 *    complex plane, u = y·e^{iθ}. Cauchy's theorem allows any θ with
 *    0 ≤ θ ≤ π/(2 max(β,1)) (the integrand decays on every arc in between). Along
 *    the ray the integrand is damped by e^{−s y sinθ − y^β cos βθ}, so the number
 *    of oscillations stays bounded (≈ 7·cot θ) however large s is, instead of
 *    growing like s on the real axis. We take θ = π/(4 max(β,1)).
 *    For β < 1 we substitute v = y^β so the slowly decaying tail e^{−c y^β}
 *    becomes e^{−c v} on a short range.
 */
import { integrate } from "./quadrature.js";
import { erfcx, erfc, gamma, gammaln } from "./special.js";

const EPS = Number.EPSILON;
// Where an exponential factor drops below e^{-45} ≈ 3e-20 we stop integrating.
const CUTOFF = 45;

/** Γ(a)/Γ(b) for a, b > 0, through logarithms only when Γ would overflow. */
export function gammaRatio(a: number, b: number): number {
  if (a < 170 && b < 170) return gamma(a) / gamma(b);
  return Math.exp(gammaln(a) - gammaln(b));
}

export interface SeriesResult {
  sum: number;
  /** Bound on |sum − true value| from rounding and truncation. */
  error: number;
}

/**
 * Σ_{k≥k0} (−1)^k s^{2k} E[U^{2k}]^power/(2k)! with an error bound, or null
 * when the terms never become negligible within 500 terms. power = 1 gives the
 * CF of U, power = 2 the CF of the product UU' of two independent copies.
 */
export function evenMomentSeries(beta: number, s: number, k0: number, power: 1 | 2 = 1): SeriesResult | null {
  const s2 = s * s;
  // s^{2k}/(2k)! by recurrence (relative error ≈ 2k·EPS), started at k0.
  let powFact = 1;
  for (let j = 1; j <= 2 * k0; j++) powFact *= s / j;
  const g0 = 1 / beta;
  let sum = 0;
  let sumAbs = 0;
  let roundoff = 0;
  let prev = Infinity;
  for (let k = k0; k < 500; k++) {
    const a = (2 * k + 1) / beta;
    let term: number;
    let relErr: number;
    const ratio = a < 170 && g0 < 170 ? gamma(a) / gamma(g0) : NaN;
    const linear = power === 1 ? powFact * ratio : powFact * ratio * ratio;
    if (powFact > 1e-250 && Number.isFinite(linear)) {
      term = linear;
      relErr = (2 * k + 6) * EPS;
    } else {
      // Huge moments or an underflowing s^{2k}/(2k)!: through logarithms, whose
      // size L costs L·EPS relative.
      const lp = 2 * k * Math.log(s) - gammaln(2 * k + 1);
      const lt = lp + power * (gammaln(a) - gammaln(g0));
      term = Math.exp(lt);
      relErr = (Math.abs(lp) + power * (Math.abs(gammaln(a)) + Math.abs(gammaln(g0))) + 2 * k + 6) * EPS;
    }
    if (!Number.isFinite(term)) return null;
    sum += k % 2 === 0 ? term : -term;
    sumAbs += term;
    roundoff += term * relErr;
    if (term <= 1e-17 * Math.abs(sum) || term === 0) {
      return { sum, error: roundoff + 2 * EPS * sumAbs + term };
    }
    if (term > prev && k > k0 + 2) {
      // Terms growing again: either an asymptotic (divergent) series past its
      // smallest term, whose truncation error is about that term, or a
      // convergent one whose terms are still climbing — the bound rejects it.
      return { sum: sum - (k % 2 === 0 ? term : -term), error: roundoff + 2 * EPS * sumAbs + prev };
    }
    prev = term;
    powFact *= s2 / ((2 * k + 1) * (2 * k + 2));
  }
  return null;
}

/** Angle of the integration ray (see the module comment). */
function rayAngle(beta: number): number {
  return Math.PI / (4 * Math.max(beta, 1));
}

/**
 * ∫_0^∞ Re[e^{iθ} K(y) e^{−y^β e^{iβθ}}] dy / Γ(1 + 1/β) on the rotated ray, where
 * K = e^{isy e^{iθ}} (the CF) or K = 1 − e^{isy e^{iθ}} (its complement).
 */
function rayIntegral(beta: number, s: number, complement: boolean): number {
  const theta = rayAngle(beta);
  const sinT = Math.sin(theta);
  const cosT = Math.cos(theta);
  const cb = Math.cos(beta * theta);
  const sb = Math.sin(beta * theta);
  const inner = (y: number, yb: number): number => {
    const envelope = -yb * cb;
    const a = -s * y * sinT; // real part of i s y e^{iθ}
    const b = s * y * cosT; // imaginary part
    if (!complement) {
      const logR = a + envelope;
      if (logR < -745) return 0;
      return Math.exp(logR) * Math.cos(b - yb * sb + theta);
    }
    if (envelope < -745) return 0;
    // 1 − e^{a+ib}, written without cancellation for small a, b.
    const sh = Math.sin(0.5 * b);
    const p = -(Math.expm1(a) * Math.cos(b) - 2 * sh * sh);
    const q = -Math.exp(a) * Math.sin(b);
    const psi = theta - yb * sb;
    return Math.exp(envelope) * (p * Math.cos(psi) - q * Math.sin(psi));
  };
  // Length of the y-range that matters, and how many times the phase turns over it.
  const yDecay = Math.pow(CUTOFF / cb, 1 / beta);
  const yMax = complement || s === 0 ? yDecay : Math.min(yDecay, CUTOFF / (s * sinT));
  // Oscillation in s·y only matters while e^{−s y sinθ} does (in the complement,
  // 1 − e^{isy e^{iθ}} is smooth beyond that).
  const yOsc = Math.min(yMax, CUTOFF / (s * sinT));
  const phase = s * yOsc * cosT + Math.pow(yMax, beta) * Math.abs(sb);
  const pieces = Math.min(4000, Math.ceil(phase / Math.PI) + 1);
  const opts = { relTol: 1e-13, absTol: 1e-16, maxSubdivisions: 20000, initialIntervals: pieces };
  let value: number;
  if (beta >= 1) {
    value = integrate((y) => inner(y, Math.pow(y, beta)), 0, yMax, opts).value;
  } else {
    // y = v^{1/β}, dy = (1/β) v^{1/β−1} dv.
    const p = 1 / beta;
    value = integrate((v) => (v === 0 ? 0 : inner(Math.pow(v, p), v) * p * Math.pow(v, p - 1)), 0, Math.pow(yMax, beta), opts).value;
  }
  return value / gamma(1 + 1 / beta);
}

function checkBeta(beta: number): void {
  if (!(beta > 0)) throw new RangeError(`beta must be a number > 0 or Infinity, got ${beta}`);
}

/**
 * φ_U(s) = E cos(sU) for the standard GND(β) (α = 1); any real s (even in s),
 * β > 0 or Infinity. Accuracy: ≈1e-13 absolute (closed forms: a few ulp).
 * φ(±∞) = 0; NaN gives NaN.
 */
export function standardCf(beta: number, s: number): number {
  checkBeta(beta);
  if (Number.isNaN(s)) return NaN;
  s = Math.abs(s);
  if (s === 0) return 1;
  if (s === Infinity) return 0;
  if (beta === 1) return 1 / (1 + s * s);
  if (beta === 2) return Math.exp(-0.25 * s * s);
  if (beta === Infinity) return Math.sin(s) / s;
  const series = evenMomentSeries(beta, s, 0);
  if (series && series.error <= 1e-15) return series.sum;
  return rayIntegral(beta, s, false);
}

/**
 * 1 − φ_U(s), accurate relative to itself also for s → 0 (where it is
 * ≈ s²E[U²]/2), which `1 - standardCf` is not. Same domain as standardCf.
 */
export function standardCfComplement(beta: number, s: number): number {
  checkBeta(beta);
  if (Number.isNaN(s)) return NaN;
  s = Math.abs(s);
  if (s === 0) return 0;
  if (s === Infinity) return 1;
  if (beta === 1) return (s * s) / (1 + s * s);
  if (beta === 2) return -Math.expm1(-0.25 * s * s);
  if (beta === Infinity) {
    if (s < 0.5) {
      // 1 − sin(s)/s = s²/3! − s⁴/5! + …
      let term = (s * s) / 6;
      let sum = 0;
      for (let k = 1; k < 20 && term > 1e-18 * sum; k++) {
        sum += k % 2 === 1 ? term : -term;
        term *= (s * s) / ((2 * k + 2) * (2 * k + 3));
      }
      return sum;
    }
    return 1 - Math.sin(s) / s;
  }
  const series = evenMomentSeries(beta, s, 1);
  if (series) {
    // The series is Σ_{k≥1}(−1)^k…, i.e. φ − 1.
    if (series.error <= 1e-14 * Math.abs(series.sum)) return -series.sum;
  }
  const cf = standardCf(beta, s);
  if (cf < 0.5) return 1 - cf;
  return rayIntegral(beta, s, true);
}

/** Closed-form-free ln E[e^{sU}], U = |standard GND|, s ≤ 0 (any β) or any s (β > 1), by quadrature. */
function logAbsMgfQuadrature(beta: number, s: number): number {
  const lnNorm = gammaln(1 + 1 / beta);
  if (s <= 0) {
    const yMax = s === 0 ? Math.pow(CUTOFF, 1 / beta) : Math.min(CUTOFF / -s, Math.pow(CUTOFF, 1 / beta));
    const opts = { relTol: 1e-14, maxSubdivisions: 5000 };
    let value: number;
    if (beta >= 1) {
      value = integrate((y) => Math.exp(s * y - Math.pow(y, beta)), 0, yMax, opts).value;
    } else {
      const p = 1 / beta;
      value = integrate((v) => (v === 0 ? 0 : Math.exp(s * Math.pow(v, p) - v) * p * Math.pow(v, p - 1)), 0, Math.pow(yMax, beta), opts).value;
    }
    return Math.log(value) - lnNorm;
  }
  // β > 1, s > 0: h(y) = s·y − y^β peaks at y* = (s/β)^{1/(β−1)} with
  // h* = (β−1)·y*^β. Around it, with y = y*(1+x) and A = y*^β,
  //   h − h* = A·g(x),  g(x) = βx − ((1+x)^β − 1) = −Σ_{k≥2} C(β,k) x^k,
  // evaluated without cancellation (series for small x), so even when h* is
  // 1e20 the integrand e^{A g(x)} is exact to rounding; h* goes back into the log.
  const yStar = Math.pow(s / beta, 1 / (beta - 1));
  const A = Math.pow(yStar, beta);
  // β near 1 with large s: ln M itself exceeds the largest double.
  if (!Number.isFinite(A) || (beta - 1) * A === Infinity) return Infinity;
  const g = (x: number): number => {
    if (Math.abs(x) < 0.1) {
      let c = (beta * (beta - 1)) / 2; // C(β, 2)
      let pw = x * x;
      let sum = 0;
      for (let k = 2; k < 60; k++) {
        const term = c * pw;
        sum += term;
        if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
        c *= (beta - k) / (k + 1);
        pw *= x;
      }
      return -sum;
    }
    return beta * x - Math.expm1(beta * Math.log1p(x));
  };
  const drop = (x: number) => A * g(x) + CUTOFF; // > 0 inside the range that matters
  let lo = -1;
  if (drop(-1) < 0) {
    let a = -1;
    let b = 0;
    for (let i = 0; i < 200 && b - a > 1e-16; i++) {
      const m = 0.5 * (a + b);
      if (drop(m) < 0) a = m;
      else b = m;
    }
    lo = a;
  }
  let hiB = 1e-8;
  while (drop(hiB) > 0) hiB *= 2;
  let a = 0;
  let b = hiB;
  for (let i = 0; i < 200 && b - a > 1e-16 * b; i++) {
    const m = 0.5 * (a + b);
    if (drop(m) > 0) a = m;
    else b = m;
  }
  const hi = b;
  const f = (x: number) => Math.exp(A * g(x));
  const opts = { relTol: 1e-14, maxSubdivisions: 5000 };
  const value = integrate(f, lo, 0, opts).value + integrate(f, 0, hi, opts).value;
  return (beta - 1) * A + Math.log(yStar * value) - lnNorm;
}

/**
 * ln E[e^{s|U|}] for the standard GND(β): finite for every s when β > 1 or
 * β = ∞, for s < 1 when β = 1, for s ≤ 0 when β < 1; +Infinity outside that
 * domain. NaN gives NaN. Relative accuracy of the MGF ≈1e-13. Also +Infinity
 * when the logarithm itself exceeds 1.8e308 (β barely above 1 and huge s).
 */
export function standardAbsLogMgf(beta: number, s: number): number {
  checkBeta(beta);
  if (Number.isNaN(s)) return NaN;
  if (s === 0) return 0;
  if (s === -Infinity) return -Infinity;
  if (beta === Infinity) {
    if (s === Infinity) return Infinity;
    // E e^{sU}, U ~ Uniform(0,1): (e^s − 1)/s.
    return s > 0 ? s + Math.log1p(-Math.exp(-s)) - Math.log(s) : Math.log(Math.expm1(s) / s);
  }
  if (beta === 1) return s >= 1 ? Infinity : -Math.log1p(-s);
  if (beta < 1 && s > 0) return Infinity;
  if (s === Infinity) return Infinity;
  if (beta === 2) {
    // U = |N(0, 1/2)|: E e^{sU} = erfcx(−s/2).
    const x = 0.5 * s;
    return x > 0 ? x * x + Math.log(2 - erfc(x)) : Math.log(erfcx(-x));
  }
  return logAbsMgfQuadrature(beta, s);
}
