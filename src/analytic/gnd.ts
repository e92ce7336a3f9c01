/**
 * The symmetric generalised normal SGND(0, α, β) and its absolute value
 * PGND (MATH.md §2): density β/(2αΓ(1/β))·e^{−(|x|/α)^β}; β = 1 Laplace,
 * β = 2 normal with σ = α/√2, β = Infinity the uniform on (−α, α).
 *
 * Conventions (as in scipy.stats / stdlib): parameters are validated in the
 * constructor and throw RangeError; pointwise functions (pdf, cdf, quantile,
 * cf, mgf) return NaN for a NaN argument and for a probability outside [0, 1].
 */
import { gamma, gammaP, gammaQ, gammaPInv, gammaQInv, gammaln } from "./special.js";
import { gammaRatio, standardAbsLogMgf, standardCf } from "./gnd-transforms.js";
import { alphaForVariance, checkPositiveFinite } from "./gnd-scale.js";
import { resolveDistribution, type DistributionSpec } from "./distribution.js";
import { requireConfig } from "../require-config.js";
import { sampleSgnd, type SampleStream } from "../wasm/sampling.js";
import type { Kernels } from "../wasm/kernels.js";

export { alphaForVariance };

/**
 * The parameters of SGND(0, α, β) and PGND: the distribution as everywhere
 * in lipvar (`{ dist, beta }`; default Gaussian) and one scale, α or the
 * variance (default: unit variance).
 */
export interface GndParameters extends DistributionSpec {
  /** Scale α > 0 (give alpha or variance, not both). */
  alpha?: number;
  /** Variance of the symmetric law X > 0 (give alpha or variance, not both). Default: 1 when neither is given. */
  variance?: number;
}

/** The stream a `sample` method draws from, and how many values (as `sampleSgnd` takes them). */
export type GndSampleOptions = SampleStream;

function resolveShape(p: GndParameters): { alpha: number; beta: number } {
  requireConfig(p, "params");
  const { beta } = resolveDistribution(p.dist, p.beta);
  if (p.alpha !== undefined && p.variance !== undefined) {
    throw new RangeError("give either alpha or variance, not both");
  }
  if (p.alpha !== undefined) {
    checkPositiveFinite("alpha", p.alpha);
    return { alpha: p.alpha, beta };
  }
  return { alpha: alphaForVariance(p.variance ?? 1, beta), beta };
}

/** E|X|^k = α^k Γ((k+1)/β)/Γ(1/β) (α^k/(k+1) for the uniform); k > −1. */
function absMomentOf(alpha: number, beta: number, k: number): number {
  if (typeof k !== "number" || !(k > -1) || !Number.isFinite(k)) throw new RangeError(`k must be a finite number > -1, got ${k}`);
  if (k === 0) return 1;
  if (beta === Infinity) return Math.pow(alpha, k) / (k + 1);
  const a = (k + 1) / beta;
  const b = 1 / beta;
  if (a < 170 && b < 170) return Math.pow(alpha, k) * gammaRatio(a, b);
  return Math.exp(k * Math.log(alpha) + gammaln(a) - gammaln(b));
}

/**
 * P(|X| ≤ x) for x ≥ 0, and its complement, without cancellation in either
 * tail. With u = x/α and z = u^β, P = P(1/β, z). For very large β, z
 * underflows although P does not (P ≈ u/Γ(1+1/β) since z^{1/β} = u), so
 * small z uses the leading terms of the series P(a, z) = z^a e^{−z}/Γ(a+1) ·
 * (1 + z/(a+1) + …) with z^a replaced by u exactly.
 */
function absCdfParts(alpha: number, beta: number, x: number): { lower: number; upper: number } {
  if (x === Infinity) return { lower: 1, upper: 0 };
  const u = x / alpha;
  if (beta === Infinity) {
    const w = Math.min(u, 1);
    return { lower: w, upper: 1 - w };
  }
  const a = 1 / beta;
  const z = Math.pow(u, beta);
  if (z < 1e-10) {
    const lower = (u * Math.exp(-z) * (1 + z / (a + 1))) / gamma(1 + a);
    return { lower, upper: 1 - lower };
  }
  return { lower: gammaP(a, z), upper: gammaQ(a, z) };
}

/** Below this upper-tail probability the inverse incomplete gamma (stdlib) loses accuracy (1e-2 relative at 1e-50): refine it. */
const FAR_TAIL = 1e-30;

/**
 * z with Q(a, z) = q for a far-tail q (≤ FAR_TAIL): Newton steps on
 * ln Q(a, z) − ln q, which is nearly linear in z out there, from `z0` — or,
 * when Q(a, z0) is 0 or not finite, from the asymptotic fixed point
 * z = −ln q − ln Γ(a) + (a − 1) ln z. Converges to a few ε in 2–4 steps.
 */
function refineUpperTail(a: number, q: number, z0: number): number {
  const lq = Math.log(q);
  const lga = gammaln(a);
  let z = z0;
  if (!(z > 0) || !Number.isFinite(z) || !(gammaQ(a, z) > 0)) {
    z = -lq - lga;
    for (let i = 0; i < 8; i++) z = -lq - lga + (a - 1) * Math.log(z);
  }
  for (let i = 0; i < 20; i++) {
    const Q = gammaQ(a, z);
    if (!(Q > 0)) break;
    const slope = -Math.exp((a - 1) * Math.log(z) - z - lga) / Q;
    const step = (Math.log(Q) - lq) / slope;
    const next = z - step > 0 ? z - step : z / 2;
    const done = Math.abs(next - z) <= 4 * Number.EPSILON * z;
    z = next;
    if (done) break;
  }
  return z;
}

/**
 * x ≥ 0 with P(|X| ≤ x) = lower = 1 − upper (the caller passes both, each
 * accurate), inverting whichever incomplete gamma keeps precision; where z
 * underflows (huge β) the small-z series above is inverted instead: u = P·Γ(1+1/β).
 */
export function absQuantile(alpha: number, beta: number, lower: number, upper: number): number {
  if (beta === Infinity) return alpha * (upper < 0.5 ? 1 - upper : lower);
  const a = 1 / beta;
  let z = upper < 0.5 ? gammaQInv(upper, a) : gammaPInv(lower, a);
  if (upper < FAR_TAIL && upper > 0) z = refineUpperTail(a, upper, z);
  if (z < 1e-10 && lower > 0) {
    // P ≈ u e^{−z}(1 + z/(a+1))/Γ(1+a) with z = u^β: a few fixed-point steps.
    let u = lower * gamma(1 + a);
    for (let i = 0; i < 4; i++) {
      const zz = Math.pow(u, beta);
      u = (lower * gamma(1 + a)) / (Math.exp(-zz) * (1 + zz / (a + 1)));
    }
    return alpha * u;
  }
  return alpha * Math.pow(z, a);
}

/**
 * The symmetric generalised normal distribution SGND(0, α, β) (scipy's
 * `gennorm(beta, scale=alpha)`): density β/(2αΓ(1/β))·e^{−(|x|/α)^β}.
 * β = 1 is the Laplace, β = 2 the normal N(0, α²/2), β = Infinity the
 * uniform on (−α, α). Pointwise methods take any real argument and return
 * NaN for NaN (and for a probability outside [0, 1]); tails are computed
 * without cancellation (`sf`, `cdf` of negative x, `isf`).
 *
 * @example
 * ```ts
 * import { Sgnd, loadKernels } from "lipvar";
 * const laplace = new Sgnd({ dist: "laplace" }); // unit variance: α = 1/√2
 * laplace.cdf(0); // returns 0.5
 * laplace.kurtosis(); // returns ~6
 * const g = new Sgnd({ beta: 1.5, alpha: 2 });
 * g.quantile(g.cdf(0.3)); // returns ~0.3
 * const x = g.sample(await loadKernels(), { count: 4, seed: 7 });
 * x.length; // returns 4
 * ```
 */
export class Sgnd {
  /** The scale α > 0. */
  readonly alpha: number;
  /** The shape β > 0 or Infinity. */
  readonly beta: number;

  /**
   * @param params - `{ dist, beta }` (default Gaussian) and `alpha` or `variance` (default: unit variance).
   * @throws TypeError when params is not an object; RangeError naming dist, beta, alpha or variance when out of range.
   */
  constructor(params: GndParameters) {
    const { alpha, beta } = resolveShape(params);
    this.alpha = alpha;
    this.beta = beta;
  }

  /**
   * Density at x; the uniform's density is 1/(2α) on the closed interval [−α, α].
   * @param x - Any real number.
   * @returns f(x) ≥ 0 (0 at ±∞).
   * @example
   * ```ts
   * import { Sgnd } from "lipvar";
   * new Sgnd({ beta: 2, alpha: 1 }).pdf(0); // returns ~0.5641895835 (1/√π)
   * ```
   */
  pdf(x: number): number {
    if (Number.isNaN(x)) return NaN;
    const u = Math.abs(x) / this.alpha;
    if (this.beta === Infinity) return u <= 1 ? 0.5 / this.alpha : 0;
    if (u === Infinity) return 0;
    return Math.exp(this.logpdf(x));
  }

  /**
   * Log density ln f(x) = ln(β/(2α)) − ln Γ(1/β) − (|x|/α)^β, accurate where f underflows.
   * @param x - Any real number.
   * @returns ln f(x) (−Infinity outside the uniform's support and at ±∞).
   * @example
   * ```ts
   * import { Sgnd } from "lipvar";
   * new Sgnd({ dist: "laplace", alpha: 1 }).logpdf(1000); // returns ~-1000.6931472
   * ```
   */
  logpdf(x: number): number {
    if (Number.isNaN(x)) return NaN;
    const u = Math.abs(x) / this.alpha;
    if (this.beta === Infinity) return u <= 1 ? -Math.log(2 * this.alpha) : -Infinity;
    if (u === Infinity) return -Infinity;
    return Math.log(this.beta / (2 * this.alpha)) - gammaln(1 / this.beta) - Math.pow(u, this.beta);
  }

  /**
   * P(X ≤ x); each tail from the upper incomplete gamma, so far tails keep relative accuracy.
   * @param x - Any real number.
   * @returns The probability, in [0, 1].
   * @example
   * ```ts
   * import { Sgnd } from "lipvar";
   * new Sgnd({ dist: "laplace", alpha: 1 }).cdf(-1); // returns ~0.1839397206 (e⁻¹/2)
   * ```
   */
  cdf(x: number): number {
    if (Number.isNaN(x)) return NaN;
    if (x === 0) return 0.5;
    const { lower, upper } = absCdfParts(this.alpha, this.beta, Math.abs(x));
    return x < 0 ? 0.5 * upper : 0.5 + 0.5 * lower;
  }

  /**
   * Survival function P(X > x) = cdf(−x), accurate in the right tail.
   * @param x - Any real number.
   * @returns The probability, in [0, 1].
   * @example
   * ```ts
   * import { Sgnd } from "lipvar";
   * new Sgnd({ dist: "gaussian", alpha: Math.SQRT2 }).sf(10); // returns ~7.6198530e-24 (the normal tail)
   * ```
   */
  sf(x: number): number {
    return this.cdf(-x);
  }

  /**
   * The quantile (scipy's `ppf`): x with P(X ≤ x) = p.
   * @param p - A probability in [0, 1].
   * @returns x (±Infinity at 0 and 1 for finite β, ±α for the uniform); NaN for p outside [0, 1].
   * @example
   * ```ts
   * import { Sgnd } from "lipvar";
   * new Sgnd({ dist: "uniform", alpha: 1 }).quantile(0.75); // returns 0.5
   * ```
   */
  quantile(p: number): number {
    if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
    if (p === 0.5) return 0;
    // |X| exceeds x with probability 2·min(p, 1−p); that and 1 − it are both exact here.
    const tail = Math.min(p, 1 - p);
    const x = absQuantile(this.alpha, this.beta, 1 - 2 * tail, 2 * tail);
    return p < 0.5 ? -x : x;
  }

  /**
   * Inverse survival function: x with P(X > x) = q, accurate for tiny q.
   * @param q - A probability in [0, 1].
   * @returns x; NaN for q outside [0, 1].
   * @example
   * ```ts
   * import { Sgnd } from "lipvar";
   * new Sgnd({ dist: "laplace", alpha: 1 }).isf(1e-300); // returns ~690.08
   * ```
   */
  isf(q: number): number {
    return -this.quantile(q);
  }

  /**
   * The mean, 0 (the law is symmetric).
   * @returns 0.
   * @example
   * ```ts
   * import { Sgnd } from "lipvar";
   * new Sgnd({ beta: 0.5 }).mean(); // returns 0
   * ```
   */
  mean(): number {
    return 0;
  }

  /**
   * E|X|^k = α^k Γ((k+1)/β)/Γ(1/β) (α^k/(k+1) for the uniform); may overflow to Infinity for tiny β and large k.
   * @param k - A real order > −1.
   * @returns The absolute moment.
   * @throws RangeError naming k when it is not a finite number > −1.
   * @example
   * ```ts
   * import { Sgnd } from "lipvar";
   * new Sgnd({ dist: "gaussian" }).absMoment(1); // returns ~0.7978845608 (√(2/π))
   * ```
   */
  absMoment(k: number): number {
    return absMomentOf(this.alpha, this.beta, k);
  }

  /**
   * Var X = α² Γ(3/β)/Γ(1/β) (α²/3 for the uniform).
   * @returns The variance.
   * @example
   * ```ts
   * import { Sgnd } from "lipvar";
   * new Sgnd({ dist: "laplace", alpha: 1 }).variance(); // returns 2
   * ```
   */
  variance(): number {
    return absMomentOf(this.alpha, this.beta, 2);
  }

  /**
   * The standard deviation √Var X.
   * @returns The standard deviation.
   * @example
   * ```ts
   * import { Sgnd } from "lipvar";
   * new Sgnd({ beta: 3, variance: 4 }).std(); // returns ~2
   * ```
   */
  std(): number {
    return Math.sqrt(this.variance());
  }

  /**
   * Pearson kurtosis E X⁴/(E X²)² = Γ(5/β)Γ(1/β)/Γ(3/β)²: 3 normal, 6 Laplace,
   * 9/5 uniform. (scipy's `stats(moments="k")` gives the excess, 3 less.)
   * @returns The kurtosis.
   * @example
   * ```ts
   * import { Sgnd } from "lipvar";
   * new Sgnd({ dist: "uniform" }).kurtosis(); // returns 1.8
   * ```
   */
  kurtosis(): number {
    if (this.beta === Infinity) return 9 / 5;
    const b = this.beta;
    if (5 / b < 170) return (gammaRatio(5 / b, 3 / b) * gammaRatio(1 / b, 3 / b));
    return Math.exp(gammaln(5 / b) + gammaln(1 / b) - 2 * gammaln(3 / b));
  }

  /**
   * Differential entropy in nats, 1/β − ln(β/(2αΓ(1/β))) (ln 2α for the uniform).
   * @returns The entropy.
   * @example
   * ```ts
   * import { Sgnd } from "lipvar";
   * new Sgnd({ dist: "gaussian", variance: 1 }).entropy(); // returns ~1.4189385332 (½ ln 2πe)
   * ```
   */
  entropy(): number {
    if (this.beta === Infinity) return Math.log(2 * this.alpha);
    const b = this.beta;
    return 1 / b - Math.log(b / (2 * this.alpha)) + gammaln(1 / b);
  }

  /**
   * Characteristic function φ(t) = E cos(tX) (real: X is symmetric); φ(±∞) = 0.
   * Closed forms for β = 1, 2, ∞; otherwise the moment series where its error
   * bound is below 1e-15, else a rotated-contour integral. Agrees with
   * QUADPACK's QAWO to 1e-15 absolute for β ∈ [0.3, 20], |t|α ≤ 50 (tests
   * hold it to 1e-11).
   * @param t - Any real number.
   * @returns φ(t), in [−1, 1].
   * @example
   * ```ts
   * import { Sgnd } from "lipvar";
   * new Sgnd({ dist: "laplace", alpha: 1 }).cf(1); // returns ~0.5 (1/(1 + t²))
   * ```
   */
  cf(t: number): number {
    return standardCf(this.beta, this.alpha * t);
  }

  /**
   * iid draws from this distribution by the Wasm sampler: the same values as
   * `sampleSgnd(k, { beta, alpha, count, seed, stream })`, identical in every build.
   * @param k - The Wasm kernels, from `await loadKernels()`.
   * @param options - `count` (1 to 2^28), `seed` (0 to 2^64 − 1), `stream` (default 0), and optionally `out` (a Float64Array of length count to fill).
   * @returns The draws (`out` when given).
   * @throws RangeError naming count, seed, stream or out when out of range.
   * @example
   * ```ts
   * import { Sgnd, loadKernels } from "lipvar";
   * const k = await loadKernels();
   * const a = new Sgnd({ beta: 1.5 }).sample(k, { count: 3, seed: 42, stream: 1 });
   * const b = new Sgnd({ beta: 1.5 }).sample(k, { count: 3, seed: 42, stream: 1 });
   * a[2] === b[2]; // returns true
   * ```
   */
  sample(k: Kernels, options: GndSampleOptions): Float64Array {
    const { count, seed, stream, out } = requireConfig(options, "options");
    return sampleSgnd(k, { beta: this.beta, alpha: this.alpha, count, seed, stream, out });
  }
}

/** Where the MGF of |X| is finite: t < upper, or t ≤ upper when inclusive. */
export interface MgfDomain {
  /** The end of the domain. */
  upper: number;
  /** Whether `upper` itself belongs to it. */
  inclusive: boolean;
}

/**
 * The positive generalised normal PGND = |X| for X ~ SGND(0, α, β) (scipy's
 * `halfgennorm(beta, scale=alpha)`): density 2f(x) on x ≥ 0. Same parameters
 * as `Sgnd` (the variance refers to X, not |X|).
 *
 * @example
 * ```ts
 * import { Pgnd } from "lipvar";
 * const h = new Pgnd({ dist: "gaussian", alpha: Math.SQRT2 }); // |N(0, 1)|
 * h.mean(); // returns ~0.7978845608 (√(2/π))
 * h.cdf(1.959963984540054); // returns ~0.95
 * ```
 */
export class Pgnd {
  /** The scale α > 0 of the underlying symmetric law. */
  readonly alpha: number;
  /** The shape β > 0 or Infinity. */
  readonly beta: number;
  /** The underlying symmetric law X (built once: pdf is called in quadrature loops). */
  private readonly symmetric: Sgnd;

  /**
   * @param params - As for `Sgnd`: `{ dist, beta }` and `alpha` or `variance` (of X, not |X|).
   * @throws TypeError when params is not an object; RangeError naming the field when out of range.
   */
  constructor(params: GndParameters) {
    this.symmetric = new Sgnd(params);
    this.alpha = this.symmetric.alpha;
    this.beta = this.symmetric.beta;
  }

  /**
   * Density 2f(x) for x ≥ 0, 0 for x < 0 (at x = 0 the right limit).
   * @param x - Any real number.
   * @returns The density.
   * @example
   * ```ts
   * import { Pgnd } from "lipvar";
   * new Pgnd({ dist: "laplace", alpha: 1 }).pdf(0); // returns 1
   * ```
   */
  pdf(x: number): number {
    if (Number.isNaN(x)) return NaN;
    if (x < 0) return 0;
    return 2 * this.symmetric.pdf(x);
  }

  /**
   * Log density ln 2f(x) for x ≥ 0, −Infinity for x < 0.
   * @param x - Any real number.
   * @returns The log density.
   * @example
   * ```ts
   * import { Pgnd } from "lipvar";
   * new Pgnd({ dist: "laplace", alpha: 1 }).logpdf(800); // returns -800
   * ```
   */
  logpdf(x: number): number {
    if (Number.isNaN(x)) return NaN;
    if (x < 0) return -Infinity;
    return Math.LN2 + this.symmetric.logpdf(x);
  }

  /**
   * P(|X| ≤ x): 0 for x ≤ 0, P(1/β, (x/α)^β) otherwise.
   * @param x - Any real number.
   * @returns The probability, in [0, 1].
   * @example
   * ```ts
   * import { Pgnd } from "lipvar";
   * new Pgnd({ dist: "uniform", alpha: 2 }).cdf(1); // returns 0.5
   * ```
   */
  cdf(x: number): number {
    if (Number.isNaN(x)) return NaN;
    if (x <= 0) return 0;
    return absCdfParts(this.alpha, this.beta, x).lower;
  }

  /**
   * Survival function P(|X| > x) = Q(1/β, (x/α)^β), accurate in the tail.
   * @param x - Any real number.
   * @returns The probability, in [0, 1].
   * @example
   * ```ts
   * import { Pgnd } from "lipvar";
   * new Pgnd({ dist: "laplace", alpha: 1 }).sf(700); // returns ~9.8597e-305 (e⁻⁷⁰⁰)
   * ```
   */
  sf(x: number): number {
    if (Number.isNaN(x)) return NaN;
    if (x <= 0) return 1;
    return absCdfParts(this.alpha, this.beta, x).upper;
  }

  /**
   * x ≥ 0 with P(|X| ≤ x) = p (scipy's `ppf`).
   * @param p - A probability in [0, 1].
   * @returns x (Infinity at 1 for finite β, α for the uniform); NaN outside [0, 1].
   * @example
   * ```ts
   * import { Pgnd } from "lipvar";
   * new Pgnd({ dist: "laplace", alpha: 1 }).quantile(0.5); // returns ~0.6931471806 (ln 2)
   * ```
   */
  quantile(p: number): number {
    if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
    if (p === 0) return 0;
    return absQuantile(this.alpha, this.beta, p, 1 - p);
  }

  /**
   * Inverse survival function: x with P(|X| > x) = q, accurate for tiny q.
   * @param q - A probability in [0, 1].
   * @returns x; NaN outside [0, 1].
   * @example
   * ```ts
   * import { Pgnd } from "lipvar";
   * new Pgnd({ dist: "laplace", alpha: 1 }).isf(1e-300); // returns ~690.7755279
   * ```
   */
  isf(q: number): number {
    if (Number.isNaN(q) || q < 0 || q > 1) return NaN;
    if (q === 1) return 0;
    return absQuantile(this.alpha, this.beta, 1 - q, q);
  }

  /**
   * E|X|^k = α^k Γ((k+1)/β)/Γ(1/β).
   * @param k - A real order > −1.
   * @returns The moment.
   * @throws RangeError naming k when it is not a finite number > −1.
   * @example
   * ```ts
   * import { Pgnd } from "lipvar";
   * new Pgnd({ dist: "laplace", alpha: 1 }).moment(3); // returns 6
   * ```
   */
  moment(k: number): number {
    return absMomentOf(this.alpha, this.beta, k);
  }

  /**
   * The mean E|X| = α Γ(2/β)/Γ(1/β).
   * @returns The mean.
   * @example
   * ```ts
   * import { Pgnd } from "lipvar";
   * new Pgnd({ dist: "uniform", alpha: 1 }).mean(); // returns 0.5
   * ```
   */
  mean(): number {
    return absMomentOf(this.alpha, this.beta, 1);
  }

  /**
   * The variance Var|X| = E X² − (E|X|)².
   * @returns The variance.
   * @example
   * ```ts
   * import { Pgnd } from "lipvar";
   * new Pgnd({ dist: "laplace", alpha: 1 }).variance(); // returns 1
   * ```
   */
  variance(): number {
    const m1 = absMomentOf(this.alpha, this.beta, 1);
    return absMomentOf(this.alpha, this.beta, 2) - m1 * m1;
  }

  /**
   * The standard deviation √Var|X|.
   * @returns The standard deviation.
   * @example
   * ```ts
   * import { Pgnd } from "lipvar";
   * new Pgnd({ dist: "laplace", alpha: 3 }).std(); // returns ~3
   * ```
   */
  std(): number {
    return Math.sqrt(this.variance());
  }

  /**
   * Pearson kurtosis E(|X| − μ)⁴/Var|X|² from the raw moments (9 for the
   * exponential, 1.8 for the uniform); scipy's `stats(moments="k")` gives the
   * excess, 3 less.
   * @returns The kurtosis.
   * @example
   * ```ts
   * import { Pgnd } from "lipvar";
   * new Pgnd({ dist: "laplace" }).kurtosis(); // returns ~9
   * ```
   */
  kurtosis(): number {
    // With α = 1: the central moments are scale-free.
    const m = (k: number) => absMomentOf(1, this.beta, k);
    const m1 = m(1);
    const m2 = m(2);
    const variance = m2 - m1 * m1;
    const central4 = m(4) - 4 * m1 * m(3) + 6 * m1 * m1 * m2 - 3 * m1 ** 4;
    return central4 / (variance * variance);
  }

  /**
   * Differential entropy in nats, 1/β − ln(β/(αΓ(1/β))) (ln α for the uniform).
   * @returns The entropy.
   * @example
   * ```ts
   * import { Pgnd } from "lipvar";
   * new Pgnd({ dist: "laplace", alpha: 1 }).entropy(); // returns 1
   * ```
   */
  entropy(): number {
    return this.symmetric.entropy() - Math.LN2;
  }

  /**
   * The set of t where E e^{t|X|} is finite (see mgf).
   * @returns `{ upper, inclusive }`.
   * @example
   * ```ts
   * import { Pgnd } from "lipvar";
   * new Pgnd({ dist: "laplace", alpha: 1 }).mgfDomain(); // returns { upper: 1, inclusive: false }
   * ```
   */
  mgfDomain(): MgfDomain {
    if (this.beta === 1) return { upper: 1 / this.alpha, inclusive: false };
    if (this.beta < 1) return { upper: 0, inclusive: true };
    return { upper: Infinity, inclusive: false };
  }

  /**
   * ln E e^{t|X|}: +Infinity outside the domain (t ≥ 1/α for β = 1, t > 0 for
   * β < 1); finite everywhere for β > 1 and β = ∞ even where the MGF itself
   * overflows.
   * @param t - Any real number.
   * @returns ln M(t); NaN for NaN.
   * @example
   * ```ts
   * import { Pgnd } from "lipvar";
   * new Pgnd({ dist: "laplace", alpha: 1 }).logMgf(0.5); // returns ~0.6931471806 (ln 1/(1 − t))
   * ```
   */
  logMgf(t: number): number {
    return standardAbsLogMgf(this.beta, this.alpha * t);
  }

  /**
   * M(t) = E e^{t|X|}. Infinity outside the domain (`mgfDomain()`), where the
   * integral diverges; for β > 1 a true value beyond 1.8e308 also shows as
   * Infinity (use logMgf). Relative accuracy ≈1e-13.
   * @param t - Any real number.
   * @returns M(t).
   * @example
   * ```ts
   * import { Pgnd } from "lipvar";
   * new Pgnd({ dist: "laplace", alpha: 1 }).mgf(0.5); // returns ~2
   * ```
   */
  mgf(t: number): number {
    return Math.exp(this.logMgf(t));
  }

  /**
   * iid draws of |X| by the Wasm sampler: the same values as
   * `sampleSgnd(k, { beta, alpha, abs: true, count, seed, stream })`.
   * @param k - The Wasm kernels, from `await loadKernels()`.
   * @param options - `count`, `seed`, `stream` (default 0), optionally `out`.
   * @returns The draws, all ≥ 0.
   * @throws RangeError naming count, seed, stream or out when out of range.
   * @example
   * ```ts
   * import { Pgnd, loadKernels } from "lipvar";
   * const x = new Pgnd({ beta: 0.8 }).sample(await loadKernels(), { count: 100, seed: 3 });
   * x.every((v) => v >= 0); // returns true
   * ```
   */
  sample(k: Kernels, options: GndSampleOptions): Float64Array {
    const { count, seed, stream, out } = requireConfig(options, "options");
    return sampleSgnd(k, { beta: this.beta, alpha: this.alpha, abs: true, count, seed, stream, out });
  }
}
