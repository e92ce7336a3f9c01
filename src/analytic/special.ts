/**
 * Special functions used by the analytic side, taken from stdlib-js
 * (`@stdlib/math-base-special-*`, ports of Boost/Cephes with published
 * accuracy) rather than written by hand, bundled into src/vendor/stdlib.js
 * at set-up (types in src/vendor/stdlib.d.ts). This module only fixes the
 * argument order we use everywhere ((a, x) for incomplete gammas, like
 * scipy) and documents domains.
 *
 * Error convention: these are pure special functions and follow scipy and
 * stdlib — NaN in gives NaN out, and an argument outside a function's
 * domain gives NaN (or ±Infinity at a pole) rather than an exception, so
 * they can be mapped over arrays and used inside quadratures. Functions
 * that take a config or options object (experiments, samplers, kernels,
 * Sgnd/Pgnd, the decay predictions) validate it instead and throw a
 * TypeError or RangeError naming the field.
 */
// One pre-bundled module (scripts/build-vendor.mjs): the seven packages as
// separate CommonJS files took ~0.15 s to load, a third of a short command.
import {
  gamma as stdlibGamma,
  gammaln as stdlibGammaln,
  gammainc as stdlibGammainc,
  gammaincinv as stdlibGammaincinv,
  erfc as stdlibErfc,
  erfcx as stdlibErfcx,
  sici as stdlibSici,
} from "../vendor/stdlib.js";

/** Γ(x) for real x (poles at 0, −1, −2, … give NaN/±Infinity); overflows to Infinity above x ≈ 171.6. */
export function gamma(x: number): number {
  return stdlibGamma(x);
}

/** ln|Γ(x)| for real x; finite far beyond the overflow of Γ (use it for ratios of large gammas). */
export function gammaln(x: number): number {
  return stdlibGammaln(x);
}

/** Regularised lower incomplete gamma P(a, x), a > 0, x ≥ 0. */
export function gammaP(a: number, x: number): number {
  return stdlibGammainc(x, a, true, false);
}

/** Regularised upper incomplete gamma Q(a, x) = 1 − P(a, x), a > 0, x ≥ 0, accurate in the far tail. */
export function gammaQ(a: number, x: number): number {
  return stdlibGammainc(x, a, true, true);
}

/** x with P(a, x) = p, for p ∈ [0, 1], a > 0. */
export function gammaPInv(p: number, a: number): number {
  return stdlibGammaincinv(p, a, false);
}

/** x with Q(a, x) = q, for q ∈ [0, 1], a > 0 (accurate for small q: far-tail quantiles). */
export function gammaQInv(q: number, a: number): number {
  return stdlibGammaincinv(q, a, true);
}

/** Complementary error function erfc(x), all real x. */
export function erfc(x: number): number {
  return stdlibErfc(x);
}

/** Scaled complementary error function erfcx(x) = e^{x²} erfc(x); ~1/(x√π) for large x, never underflows for x ≥ 0. */
export function erfcx(x: number): number {
  return stdlibErfcx(x);
}

/** Sine integral Si(x) = ∫_0^x sin(u)/u du, all real x (odd, → π/2 as x → ∞). */
export function sineIntegral(x: number): number {
  return stdlibSici(x)[0];
}

/**
 * ln erfcx(x) for x ≥ 0 with relative accuracy also as x → 0, where
 * ln erfcx(x) ≈ −2x/√π and `Math.log(erfcx(x))` keeps only an absolute
 * accuracy of 1e-16 (fatal once multiplied by a large exponent such as n − 1).
 * Below 0.5 it uses ln erfcx = x² + log1p(−erf x) with erf from its Maclaurin
 * series, which is accurate in relative terms. Negative x or NaN give NaN.
 */
export function logErfcx(x: number): number {
  if (!(x >= 0)) return NaN;
  if (x >= 0.5) return Math.log(stdlibErfcx(x));
  return x * x + Math.log1p(-erfSeries(x));
}

/** erf(x) by its Maclaurin series (2/√π) Σ_k (−1)^k x^{2k+1}/(k!(2k+1)): relative accuracy for |x| < 0.5. */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x; // (−1)^k x^{2k+1}/k!
  let sum = x;
  for (let k = 1; k < 40; k++) {
    term *= -x2 / k;
    const add = term / (2 * k + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/** Error function erf(x), all real x, with relative accuracy also near 0 (where 1 − erfc(x) would cancel). */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  return Math.abs(x) < 0.5 ? erfSeries(x) : Math.sign(x) * (1 - stdlibErfc(Math.abs(x)));
}

/**
 * Γ(x + ½)/Γ(x) for x > 0 without the cancellation of exp(lnΓ − lnΓ), which
 * loses ~|lnΓ(x)|·EPS (6e-10 relative at x = 5·10⁵). For x ≥ 50 it uses the
 * Stirling-type expansion ln(Γ(x+½)/Γ(x)) = ½ ln x + Σ_k (2^{1−k} − 2) B_k /
 * (k(k−1) x^{k−1}) over even k (Bernoulli numbers B_k):
 * −1/(8x) + 1/(192x³) − 1/(640x⁵) + 17/(14336x⁷), next term < 1e-18 there.
 */
export function gammaHalfRatio(x: number): number {
  if (!(x > 0)) return NaN;
  if (x < 50) return stdlibGamma(x + 0.5) / stdlibGamma(x);
  const r = 1 / x;
  const r2 = r * r;
  const series = r * (-1 / 8 + r2 * (1 / 192 + r2 * (-1 / 640 + (r2 * 17) / 14336)));
  return Math.sqrt(x) * Math.exp(series);
}
