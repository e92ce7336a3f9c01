/**
 * Special functions used by the analytic side, taken from stdlib-js
 * (`@stdlib/math-base-special-*`, ports of Boost/Cephes with published
 * accuracy) rather than written by hand. The packages ship their own type
 * declarations, so no local `.d.ts` is needed. This module only fixes the
 * argument order we use everywhere ((a, x) for incomplete gammas, like
 * scipy) and documents domains.
 */
import stdlibGamma from "@stdlib/math-base-special-gamma";
import stdlibGammaln from "@stdlib/math-base-special-gammaln";
import stdlibGammainc from "@stdlib/math-base-special-gammainc";
import stdlibGammaincinv from "@stdlib/math-base-special-gammaincinv";
import stdlibErfc from "@stdlib/math-base-special-erfc";
import stdlibErfcx from "@stdlib/math-base-special-erfcx";
import stdlibSici from "@stdlib/math-base-special-sici";

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
