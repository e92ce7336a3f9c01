/**
 * The product XY of two independent unit-variance SGND(β) variables: its
 * characteristic function φ_XY(t) = E[φ_X(tY)] and the mean absolute inner
 * product m(d) = E|Σ_{k=1}^d X_k Y_k| (MATH.md §2).
 *
 * Closed forms: β = 2 (1+t²)^{-1/2}; β = ∞ Si(3t)/(3t); β = 1 the
 * one-dimensional Laplace integral ∫_0^∞ e^{−u}/(1+t²u²/4) du.
 *
 * Any other β: rather than nesting a quadrature for φ_X inside one over Y,
 * we use the density of P = |UU'| for standard (α = 1) copies. Writing
 * f_P(p) = ∫ c e^{−u^β} c e^{−(p/u)^β} du/u with c = 1/Γ(1+1/β) and putting
 * w = u^β turns it into the Bessel integral ½∫ e^{−w − z²/(4w)} dw/w = K_0(z):
 *
 *     f_P(p) = (2 / (β Γ(1+1/β)²)) · K_0(2 p^{β/2}),
 *
 * so φ_XY(t) = ∫_0^∞ cos(τp) f_P(p) dp with τ = α²t (α the unit-variance
 * scale). That single Fourier integral is taken along the ray p = r e^{iθ},
 * θ = π/(2 max(β, 2)) (allowed by Cauchy's theorem: f_P is analytic and decays
 * for |arg p| < π/β, and e^{iτp} is bounded in the upper half-plane), where it
 * is damped by e^{−τ r sinθ} and no longer oscillates without bound. Small τ:
 * the moment series Σ (−1)^k τ^{2k} E[U^{2k}]²/(2k)! when its error bound allows.
 */
import { besselK0, type Complex } from "./bessel-k0.js";
import { evenMomentSeries, gammaRatio } from "./gnd-transforms.js";
import { integrate } from "./quadrature.js";
import { gamma, gammaHalfRatio, sineIntegral } from "./special.js";

const EULER_GAMMA = 0.5772156649015329;

function checkBeta(beta: number): void {
  if (typeof beta !== "number" || !(beta > 0)) throw new RangeError(`beta must be a number > 0 or Infinity, got ${beta}`);
}

/** 1 − cos-type factor pieces of 1 − e^{a+ib}, without cancellation for small a, b. */
function oneMinusExp(a: number, b: number, out: Complex): Complex {
  const sh = Math.sin(0.5 * b);
  out.re = -(Math.expm1(a) * Math.cos(b) - 2 * sh * sh);
  out.im = -Math.exp(a) * Math.sin(b);
  return out;
}

/** φ_P(τ) or 1 − φ_P(τ) for P = |UU'|, standard GND(β), by the rotated-ray integral. */
function productRayIntegral(beta: number, tau: number, complement: boolean): number {
  const theta = Math.PI / (2 * Math.max(beta, 2));
  const sinT = Math.sin(theta);
  const cosT = Math.cos(theta);
  const zArg = 0.5 * beta * theta; // arg of z = 2 p^{β/2} on the ray (≤ π/4)
  const zc = Math.cos(zArg);
  const zs = Math.sin(zArg);
  const density = (2 / beta) / gamma(1 + 1 / beta) ** 2; // f_P(p) = density · K_0(2p^{β/2})
  const k: Complex = { re: 0, im: 0 };
  const w: Complex = { re: 0, im: 0 };
  // Integrand at radius r (q = r^{β/2}), without the Jacobian of the variable used.
  const atRadius = (r: number, q: number): number => {
    const a = -tau * r * sinT;
    if (!complement && a < -745) return 0;
    if (q < 1e-100) {
      // q = r^{β/2} underflows for large β: K_0(z) = −ln(z/2) − γ + O(|z|² ln|z|),
      // with ln(z/2) = (β/2) ln r + i·arg z taken from r directly.
      k.re = -(0.5 * beta * Math.log(r)) - EULER_GAMMA;
      k.im = -zArg;
    } else {
      besselK0(2 * q * zc, 2 * q * zs, k);
    }
    const b = tau * r * cosT;
    if (!complement) {
      const ph = b + theta;
      return Math.exp(a) * density * (k.re * Math.cos(ph) - k.im * Math.sin(ph));
    }
    oneMinusExp(a, b, w);
    // Re[(w.re + i w.im) e^{iθ} (k.re + i k.im)]
    const xr = w.re * cosT - w.im * sinT;
    const xi = w.re * sinT + w.im * cosT;
    return density * (xr * k.re - xi * k.im);
  };
  // K_0(z) ~ e^{−|z|cos(arg z)}: beyond q = 24/cos the integrand is below e^{−48}.
  const qDecay = 24 / zc;
  const qMax = complement ? qDecay : Math.min(qDecay, Math.pow(45 / (tau * sinT), beta / 2));
  const rMax = Math.pow(qMax, 2 / beta);
  // Oscillation in τr only matters while e^{−τ r sinθ} does (in the complement,
  // 1 − e^{iτp} is smooth beyond that).
  const rOsc = Math.min(rMax, 45 / (tau * sinT));
  const phase = tau * rOsc * cosT + 2 * qMax * zs;
  const pieces = Math.min(4000, Math.ceil(phase / Math.PI) + 1);
  const opts = { relTol: 1e-13, absTol: 1e-16, maxSubdivisions: 20000, initialIntervals: pieces };
  if (beta > 2) {
    // r itself: q = r^{β/2} is smooth in r and the Jacobian would be singular.
    return integrate((r) => (r === 0 ? 0 : atRadius(r, Math.pow(r, beta / 2))), 0, rMax, opts).value;
  }
  // q = r^{β/2}: r = q^{2/β}, dr = (2/β) q^{2/β−1} dq; turns the slow tail
  // e^{−2 r^{β/2}} of small β into e^{−2q} on a short range.
  const expo = 2 / beta - 1;
  const f = (q: number): number => (q === 0 ? 0 : atRadius(Math.pow(q, 2 / beta), q) * (2 / beta) * Math.pow(q, expo));
  return integrate(f, 0, qMax, opts).value;
}

/** τ = α²t with α the unit-variance scale of SGND(β). */
function productScale(beta: number): number {
  return gammaRatio(1 / beta, 3 / beta);
}

/** ∫_0^∞ e^{−u} g(u) du split where the Laplace kernel 1/(1+t²u²/4) turns over (u = 2/t). */
function laplaceAverage(t: number, g: (u: number) => number): number {
  const knee = Math.min(2 / t, 40);
  const opts = { relTol: 1e-14, absTol: 1e-17, maxSubdivisions: 5000 };
  const h = (u: number) => Math.exp(-u) * g(u);
  return integrate(h, 0, knee, opts).value + integrate(h, knee, Infinity, { ...opts, scale: Math.max(knee, 1) }).value;
}

/**
 * φ_XY(t) = E cos(tXY) for independent unit-variance SGND(β) X, Y; any real t
 * (even), β > 0 or Infinity. φ_XY(0) = 1, φ_XY(±∞) = 0, NaN → NaN.
 * Accuracy ≈1e-13 absolute (closed forms: ulps).
 */
export function productCf(t: number, beta: number): number {
  checkBeta(beta);
  if (Number.isNaN(t)) return NaN;
  t = Math.abs(t);
  if (t === 0) return 1;
  if (t === Infinity) return 0;
  if (beta === 2) return 1 / Math.sqrt(1 + t * t);
  if (beta === Infinity) return sineIntegral(3 * t) / (3 * t);
  if (beta === 1) return laplaceAverage(t, (u) => 1 / (1 + 0.25 * t * t * u * u));
  const tau = productScale(beta) * t;
  const series = evenMomentSeries(beta, tau, 0, 2);
  if (series && series.error <= 1e-15) return series.sum;
  return productRayIntegral(beta, tau, false);
}

/**
 * 1 − φ_XY(t), with full relative accuracy as t → 0 (≈ t²/2 there), which
 * `1 - productCf(t, beta)` loses. Same domain as productCf.
 */
export function productCfComplement(t: number, beta: number): number {
  checkBeta(beta);
  if (Number.isNaN(t)) return NaN;
  t = Math.abs(t);
  if (t === 0) return 0;
  if (t === Infinity) return 1;
  if (beta === 2) {
    const root = Math.sqrt(1 + t * t);
    return (t * t) / (root * (1 + root));
  }
  if (beta === Infinity) {
    const x = 3 * t;
    if (x < 1) {
      // 1 − Si(x)/x = Σ_{k≥1} (−1)^{k+1} x^{2k} / ((2k+1)·(2k+1)!)
      let sum = 0;
      let pw = 1; // x^{2k}/(2k+1)!
      for (let k = 1; k < 30; k++) {
        pw *= (x * x) / ((2 * k) * (2 * k + 1));
        const term = pw / (2 * k + 1);
        sum += k % 2 === 1 ? term : -term;
        if (term < 1e-18 * sum) break;
      }
      return sum;
    }
    return 1 - sineIntegral(x) / x;
  }
  if (beta === 1) {
    return laplaceAverage(t, (u) => {
      const v = 0.25 * t * t * u * u;
      return v / (1 + v);
    });
  }
  const tau = productScale(beta) * t;
  const series = evenMomentSeries(beta, tau, 1, 2);
  if (series && series.error <= 1e-14 * Math.abs(series.sum)) return -series.sum;
  const cf = productRayIntegral(beta, tau, false);
  if (cf < 0.5) return 1 - cf;
  return productRayIntegral(beta, tau, true);
}

const meanAbsInnerCache = new Map<string, number>();

/**
 * m(d) = E|Σ_{k=1}^d X_k Y_k| for independent unit-variance SGND(β) entries;
 * d a positive integer, β > 0 or Infinity. Results are cached per (d, β).
 *
 *  - β = 2: (2/√π) Γ((d+1)/2)/Γ(d/2), the ratio from its asymptotic series for large d;
 *  - d = 1: (E|X|)² exactly;
 *  - otherwise m(d) = (2/π) ∫_0^∞ (1 − φ_XY(t)^d)/t² dt, integrated in
 *    u = t√d (the integrand lives at t ~ 1/√d), with 1 − φ^d formed as
 *    −expm1(d·log1p(−(1−φ))) from the accurate complement so nothing cancels.
 * Accuracy ≈1e-10 relative.
 */
export function meanAbsInner(d: number, beta: number): number {
  if (typeof d !== "number" || !Number.isInteger(d) || d < 1) throw new RangeError(`d must be an integer >= 1, got ${d}`);
  checkBeta(beta);
  const key = `${d}:${beta}`;
  const hit = meanAbsInnerCache.get(key);
  if (hit !== undefined) return hit;
  const value = computeMeanAbsInner(d, beta);
  meanAbsInnerCache.set(key, value);
  return value;
}

function computeMeanAbsInner(d: number, beta: number): number {
  if (beta === 2) {
    return (2 / Math.sqrt(Math.PI)) * gammaHalfRatio(d / 2);
  }
  if (d === 1) {
    // E|X| = α Γ(2/β)/Γ(1/β) with α = √(Γ(1/β)/Γ(3/β)); uniform: √3/2.
    const meanAbs = beta === Infinity ? Math.sqrt(3) / 2 : Math.sqrt(gammaRatio(1 / beta, 3 / beta)) * gammaRatio(2 / beta, 1 / beta);
    return meanAbs * meanAbs;
  }
  const rootD = Math.sqrt(d);
  const g = (u: number): number => {
    const t = u / rootD;
    const c = productCfComplement(t, beta);
    const oneMinusPower = c <= 0.5 ? -Math.expm1(d * Math.log1p(-c)) : 1 - Math.pow(1 - c, d);
    return oneMinusPower / (u * u);
  };
  if (beta > 2 && beta !== Infinity) {
    // For β > 2 the ray angle π/(2β) is small, so φ_XY at large t costs many
    // oscillations. There φ_XY(t) = A/t + o(1/t) with A = π/(2Γ(1+1/β)²α²) (the
    // log singularity of the density of XY at 0; the remainder is O(t^{−1−β})
    // and below 1e-5 relative by t = 100 for β ≥ 2.5, exponentially small for
    // β ≥ 8). So integrate up to t = 200 and add the tail in closed form,
    // ∫_T^∞ (1 − (A/t)^d)/t² dt; its neglected part is ≲ 1e-5·(A/T)^d/T.
    const A = Math.PI / (2 * gamma(1 + 1 / beta) ** 2 * productScale(beta));
    const uT = 200 * rootD;
    const opts = { relTol: 1e-12, absTol: 0, maxSubdivisions: 2000 };
    const head = integrate(g, 0, 8, opts).value;
    // u = e^v: the 1/u² decay over several decades becomes smooth.
    const middle = integrate((v) => g(Math.exp(v)) * Math.exp(v), Math.log(8), Math.log(uT), opts).value;
    const tail = 1 / uT - Math.pow((A * rootD) / uT, d) / ((d + 1) * uT);
    return (2 / Math.PI) * rootD * (head + middle + tail);
  }
  const r = integrate(g, 0, Infinity, { relTol: 1e-12, absTol: 0, maxSubdivisions: 2000, scale: 2 });
  return (2 / Math.PI) * rootD * r.value;
}
