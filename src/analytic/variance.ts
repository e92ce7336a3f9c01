/**
 * Var[w̄] of the AOL-rescaled weight (MATH.md §3): the exact value for
 * Gaussian weights, the mean-field approximation for any β, the
 * distribution-free upper bound 1/d, and the GND closed forms of the
 * author's plotting script (src/distribution/generalized_normal_plots.py
 * lines 6–15; named paperClosedForm, labelled as the author's formulas).
 */
import { integrate } from "./quadrature.js";
import { meanAbsInner } from "./product.js";
import { gammaHalfRatio, logErfcx } from "./special.js";
import { betaOf, type DistributionSpec } from "./distribution.js";

function checkShape(d: number, n: number): void {
  if (typeof d !== "number" || !Number.isInteger(d) || d < 1) throw new RangeError(`d must be an integer >= 1, got ${d}`);
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) throw new RangeError(`n must be an integer >= 1, got ${n}`);
}

/** E[R] for R ~ χ_d: √2 Γ((d+1)/2)/Γ(d/2). */
export function chiMean(d: number): number {
  return Math.SQRT2 * gammaHalfRatio(d / 2);
}

/**
 * ln E[e^{−sR'}] for R' ~ χ_k (k ≥ 2), s ≥ 0, as a function of s, built once
 * per k. E[e^{−sR'}] = J(s)/J(0) with J(s) = ∫_0^∞ r^{k−1} e^{−r²/2−sr} dr.
 * With r = ρ e^u, ρ = 2k/(s + √(s²+4k)) the mode of r^k e^{−r²/2−sr} (so
 * k = ρ² + sρ), J(s) = e^{E(0)} ∫_ℝ e^{E(u)−E(0)} du where
 *
 *     E(u) − E(0) = −ρ²(expm1(2u)/2 − u) − sρ(expm1(u) − u) ≤ 0,
 *     E_s(0) − E_0(0) = −k·asinh(s/(2√k)) − sρ/2,
 *
 * both free of large cancelling terms whatever k. The u-integrand is entire
 * and decays at both ends (like e^{ku} and doubly exponentially), so the
 * trapezoidal rule converges geometrically in 1/h² (error ≈ e^{−2π²(σ/h)²},
 * σ = 1/√(2ρ² + sρ) its width): steps start at σ and halve, reusing every
 * node, until two sums agree to 1e-7 — the finer one is then good to about
 * the square of that. Sums stop at terms e^{−44} below the mode. About 40
 * evaluations per s for k ≥ 65, under 200 for k = 2 (the adaptive
 * Gauss–Kronrod rule this replaces took ~400; docs/MATH.md §3).
 */
export function chiLogLaplace(k: number): (s: number) => number {
  const sqrtK = Math.sqrt(k);
  const mode = (s: number) => (2 * k) / (s + Math.sqrt(s * s + 4 * k));
  const logI0 = logModeIntegral(mode(0), 0);
  return (s: number) => {
    if (s === 0) return 0;
    const rho = mode(s);
    return -k * Math.asinh(s / (2 * sqrtK)) - 0.5 * s * rho + logModeIntegral(rho, s) - logI0;
  };
}

/** Terms of the trapezoidal sums below e^{−TAIL} times the mode's end the sum. */
const TAIL = 44;

/** ln ∫_ℝ e^{E(u)−E(0)} du of chiLogLaplace around the mode ρ, by the trapezoidal rule with halving steps. */
function logModeIntegral(rho: number, s: number): number {
  const a = rho * rho;
  const b = s * rho;
  const e = (u: number) => -a * (0.5 * Math.expm1(2 * u) - u) - b * (Math.expm1(u) - u);
  // Σ_j e^{E(u_j)} over u_j = (j + offset)·h, outwards from the mode until the terms are negligible.
  const sum = (h: number, offset: number): number => {
    let total = 0;
    for (let j = 0; ; j++) {
      const x = e((j + offset) * h);
      total += Math.exp(x);
      if (x < -TAIL) break;
    }
    for (let j = -1; ; j--) {
      const x = e((j + offset) * h);
      total += Math.exp(x);
      if (x < -TAIL) break;
    }
    return total;
  };
  let h = 1 / Math.sqrt(2 * a + b);
  let value = h * sum(h, 0);
  for (let halvings = 0; halvings < 12; halvings++) {
    const finer = 0.5 * (value + h * sum(h, 0.5));
    h *= 0.5;
    const agree = Math.abs(finer - value) <= 1e-7 * finer;
    value = finer;
    if (agree) return Math.log(value);
  }
  // Not reached for any k ≥ 2 and s ≥ 0 (tests: k from 2 to 10^6, s from 0 to 10^3).
  throw new Error(`internal: the χ Laplace transform (mode ${rho}) at s = ${s} did not converge`);
}

/**
 * Exact V(d, n) = Var[w̄] for i.i.d. Gaussian weights (any σ: scale-invariant),
 * d, n positive integers. From MATH.md §3, using r·χ_d(r) ∝ χ_{d+1}(r):
 *
 *     V(d, n) = (E[R]/d) ∫_0^∞ E[e^{−sR'}] · erfcx(s/√2)^{n−1} ds,
 *     R ~ χ_d, R' ~ χ_{d+1},
 *
 * the s-integral taken on [0, ∞) with the length scale 1/(√d + 0.8(n−1)) of
 * its decay, the Laplace transform of χ_{d+1} by quadrature around its mode,
 * everything in logarithms (erfcx^{n−1} as e^{(n−1) ln erfcx}, with ln erfcx
 * accurate near 0, where n − 1 up to 10^6 would amplify its rounding).
 * Special cases: V(d,1) = 1/d, V(1,n) = 1/n, V(2,2) = ln(1+√2)/(2√2).
 * Relative accuracy ≈1e-12. Cached per (d, n).
 * @param d - Rows of W (outputs), an integer ≥ 1.
 * @param n - Columns of W (inputs), an integer ≥ 1.
 * @returns V(d, n), in (0, 1/d].
 * @throws RangeError naming d or n when not an integer ≥ 1.
 * @example
 * ```ts
 * import { exactGaussianVariance } from "lipvar";
 * exactGaussianVariance(8, 8); // returns ~0.0421047061
 * exactGaussianVariance(2, 2); // returns ~0.3116126 (ln(1 + √2)/(2√2))
 * exactGaussianVariance(5, 1); // returns ~0.2 (1/d at n = 1)
 * ```
 */
export function exactGaussianVariance(d: number, n: number): number {
  checkShape(d, n);
  const key = `${d}:${n}`;
  const hit = exactCache.get(key);
  if (hit !== undefined) return hit;
  const value = computeExactGaussianVariance(d, n);
  exactCache.set(key, value);
  return value;
}

// Deep stacks repeat the same shape many times; each value costs a few ms.
const exactCache = new Map<string, number>();

function computeExactGaussianVariance(d: number, n: number): number {
  return (chiMean(d) / d) * columnIntegral(chiLogLaplace(d + 1), d, [[1, n - 1]]);
}

/**
 * ∫_0^∞ E[e^{−sR'}] ∏_j erfcx(s r_j/√2)^{c_j} ds for the ratio/count pairs
 * [r_j, c_j] (R' ~ χ_{d+1}): the s-integral of one column, on the length
 * scale 1/(√d + √(2/π) Σ c_j r_j) of its decay, in logarithms.
 */
function columnIntegral(logLaplace: (s: number) => number, d: number, ratios: readonly (readonly [number, number])[]): number {
  const f = (s: number): number => {
    let e = logLaplace(s);
    for (const [r, c] of ratios) if (c > 0) e += c * logErfcx(s * r * Math.SQRT1_2);
    return Math.exp(e);
  };
  let spread = 0;
  for (const [r, c] of ratios) spread += c * r;
  const scale = 1 / (Math.sqrt(d) + Math.sqrt(2 / Math.PI) * spread);
  return integrate(f, 0, Infinity, { relTol: 1e-12, maxSubdivisions: 2000, scale }).value;
}

/**
 * Exact Var[w̄] for i.i.d. Gaussian weights under SLL with a fixed q
 * (n = q.length positive finite weights; q ≡ 1 is AOL, V(d, n)). Column i has
 * t_i = ‖w_i‖² + Σ_{j≠i} |⟨w_i, w_j⟩| q_j/q_i, so with R ~ χ_d
 *
 *     V_q = (E[R]/(d·n)) Σ_i ∫_0^∞ E[e^{−sR'}] ∏_{j≠i} erfcx(s q_j/(q_i√2)) ds,
 *
 * (docs/MATH.md). Columns with equal q share one integral. Relative accuracy ≈1e-12.
 * @param d - Rows of W, an integer ≥ 1.
 * @param q - The SLL weights q_i, one per column (n = q.length ≥ 1), positive and finite.
 * @returns V_q(d), equal to V(d, n) when all q_i are equal.
 * @throws RangeError naming d or q[i] when out of range.
 * @example
 * ```ts
 * import { exactGaussianVarianceSll, exactGaussianVariance } from "lipvar";
 * exactGaussianVarianceSll(8, [1, 1, 1, 1]) === exactGaussianVariance(8, 4); // returns true
 * exactGaussianVarianceSll(8, [0.5, 1, 2, 4]); // returns ~0.0621557 (below V(8, 4) ≈ 0.0684284)
 * ```
 */
export function exactGaussianVarianceSll(d: number, q: readonly number[]): number {
  if (!Array.isArray(q) || q.length < 1) throw new RangeError(`q must be a non-empty array of positive finite numbers, got ${String(q)}`);
  checkShape(d, q.length);
  q.forEach((v, i) => {
    if (typeof v !== "number" || !(v > 0) || !Number.isFinite(v)) throw new RangeError(`q[${i}] must be a positive finite number, got ${v}`);
  });
  if (q.every((v) => v === q[0])) return exactGaussianVariance(d, q.length);
  const counts = new Map<number, number>();
  for (const v of q) counts.set(v, (counts.get(v) ?? 0) + 1);
  const logLaplace = chiLogLaplace(d + 1);
  let total = 0;
  for (const [qi, ci] of counts) {
    const ratios: [number, number][] = [];
    for (const [qj, cj] of counts) ratios.push([qj / qi, qj === qi ? cj - 1 : cj]);
    total += ci * columnIntegral(logLaplace, d, ratios);
  }
  return (chiMean(d) / (d * q.length)) * total;
}

/**
 * Mean-field approximation V_mf(d, n) = 1/(d + (n−1) m(d)) of Var[w̄], with
 * m(d) the mean absolute inner product of unit-variance SGND(β) vectors
 * (MATH.md §3). Neither a lower nor an upper bound.
 *
 * @param d - Rows of W (outputs), an integer ≥ 1.
 * @param n - Columns of W (inputs), an integer ≥ 1.
 * @param dist - The weight distribution `{ dist, beta }` (default: Gaussian).
 * @returns V_mf(d, n), in (0, 1/d].
 * @throws RangeError naming d, n, dist or beta when out of range.
 * @example
 * ```ts
 * import { meanFieldVariance } from "lipvar";
 * meanFieldVariance(64, 64, { dist: "laplace" }); // returns ~0.00218084
 * meanFieldVariance(64, 64, { beta: 1.5 }); // returns ~0.00215855
 * ```
 */
export function meanFieldVariance(d: number, n: number, dist?: DistributionSpec): number;
/** @deprecated Pass the distribution as `{ beta }` (or `{ dist }`): `meanFieldVariance(d, n, { beta })`. */
export function meanFieldVariance(d: number, n: number, beta: number): number;
export function meanFieldVariance(d: number, n: number, dist: DistributionSpec | number = {}): number {
  checkShape(d, n);
  const beta = typeof dist === "number" ? betaOf({ beta: dist }) : betaOf(dist);
  return 1 / (d + (n - 1) * meanAbsInner(d, beta));
}

/**
 * The distribution-free upper bound Var[w̄] ≤ 1/d (t_i ≥ ‖w_i‖²), with
 * equality at n = 1; it does not depend on n.
 *
 * @param d - Rows of W (outputs), an integer ≥ 1.
 * @param n - Columns of W, an integer ≥ 1; optional (checked when given).
 * @returns 1/d.
 * @throws RangeError naming d (or n) when not an integer ≥ 1.
 * @example
 * ```ts
 * import { upperBound } from "lipvar";
 * upperBound(64); // returns 0.015625
 * ```
 */
export function upperBound(d: number, n?: number): number {
  checkShape(d, n ?? 1);
  return 1 / d;
}

/** The distributions the author's closed forms cover. */
export type PaperDistribution = "laplace" | "gaussian" | "uniform";

const PAPER_BY_BETA = new Map<number, PaperDistribution>([[1, "laplace"], [2, "gaussian"], [Infinity, "uniform"]]);

/**
 * The GND closed forms of the author's plotting script
 * (src/distribution/generalized_normal_plots.py, lines 6–15, drawn there as a
 * surface over d, n ∈ [1, 10]; the abstract calls the generalised result an
 * upper bound), reproduced as written — to compare with Monte Carlo, not
 * exact results (at n = 1 only the normal form gives the exact 1/d):
 * Laplace 2/(2√d(n−1) + (d−1)d + 2); normal 1/(√d(√d + n − 1));
 * uniform (1+d)/(d^{3/2}(n−1) + d^{1/2}(n−1) + 4d − 2).
 *
 * @param d - Rows of W, an integer ≥ 1.
 * @param n - Columns of W, an integer ≥ 1.
 * @param dist - `{ dist }` or `{ beta }` for one of the three covered laws (β = 1, 2, Infinity).
 * @returns The author's closed form at (d, n).
 * @throws RangeError naming d or n, or dist/beta when the script gives no closed form for it.
 * @example
 * ```ts
 * import { paperClosedForm } from "lipvar";
 * paperClosedForm(4, 4, { dist: "gaussian" }); // returns 0.1
 * paperClosedForm(4, 4, { beta: 1 }); // returns ~0.0769230769 (Laplace: 2/26)
 * ```
 */
export function paperClosedForm(d: number, n: number, dist: DistributionSpec): number;
/** @deprecated Name the distribution as everywhere else: `paperClosedForm(d, n, { dist: "laplace" })`. */
export function paperClosedForm(d: number, n: number, dist: PaperDistribution): number;
export function paperClosedForm(d: number, n: number, dist: DistributionSpec | PaperDistribution): number {
  checkShape(d, n);
  let name: PaperDistribution | undefined;
  if (typeof dist === "string") {
    name = (["laplace", "gaussian", "uniform"] as const).find((x) => x === dist);
    if (name === undefined) throw new RangeError(`dist must be one of laplace, gaussian, uniform, got ${String(dist)}`);
  } else {
    const beta = betaOf(dist);
    name = PAPER_BY_BETA.get(beta);
    if (name === undefined) throw new RangeError(`the author's closed forms cover beta 1 (laplace), 2 (gaussian) and Infinity (uniform) only, got beta ${beta}`);
  }
  const rd = Math.sqrt(d);
  switch (name) {
    case "laplace":
      return 2 / (2 * rd * (n - 1) + (d - 1) * d + 2);
    case "gaussian":
      return 1 / (rd * (rd + n - 1));
    case "uniform":
      return (1 + d) / (d * rd * (n - 1) + rd * (n - 1) + 4 * d - 2);
  }
}

/**
 * Whether the author's script gives a closed form for the distribution
 * (β = 1, 2 or Infinity), i.e. whether `paperClosedForm` accepts it.
 *
 * @param dist - The distribution `{ dist, beta }`.
 * @returns True for Laplace, Gaussian and uniform.
 * @throws RangeError when the spec itself is invalid.
 * @example
 * ```ts
 * import { paperClosedFormCovers } from "lipvar/analytic";
 * paperClosedFormCovers({ beta: 1 }); // returns true
 * paperClosedFormCovers({ beta: 1.5 }); // returns false
 * ```
 */
export function paperClosedFormCovers(dist: DistributionSpec): boolean {
  return PAPER_BY_BETA.has(betaOf(dist));
}

/**
 * The author's GND closed form for a shape β, as a function of (d, n): β = 1
 * Laplace, 2 normal, Infinity uniform; null for any other β (the script gives none).
 *
 * @deprecated Use `paperClosedForm(d, n, { beta })`, which throws for a β the script does not cover.
 */
export function paperClosedFormForBeta(beta: number): ((d: number, n: number) => number) | null {
  const dist = PAPER_BY_BETA.get(beta);
  if (dist === undefined) return null;
  return (d, n) => paperClosedForm(d, n, { dist });
}
