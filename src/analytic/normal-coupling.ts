/**
 * The Gaussian coupling of the precise Var[w̄] estimator (docs/MATH.md,
 * "Precise non-Gaussian Var[w̄]"): the monotone map
 *
 *     T_β = F_β⁻¹ ∘ Φ,
 *
 * which turns a standard normal Z into an SGND(α = 1, β) value W = T_β(Z)
 * (Φ the normal CDF, F_β the SGND CDF, its inverse through the regularised
 * incomplete gamma inverse). For β = 2 the coupling is the identity W = Z
 * (then Var W = 1, not the α = 1 value ½: the scale never changes Var[w̄]).
 *
 * The Wasm kernel (assembly/coupled.ts) evaluates T from the table built
 * here: cubic Hermite pieces on a mesh of OCTAVE_STEPS intervals per binary
 * octave of |z|, from 2^EMIN to 2^EMAX, node values T(z) and slopes
 * T'(z) = φ(z)/f_β(T(z)). Relative error of the table ≤ 6e-11 for
 * 1e-6 ≤ |z| ≤ 8 (tests hold it to 1e-10 against scipy fixtures).
 */
import { absQuantile } from "./gnd.js";
import { erf, erfc, erfcx, gammaln } from "./special.js";
import { integrate } from "./quadrature.js";

/** Mesh constants; must equal assembly/coupled.ts (the Wasm wrapper checks). */
export const OCTAVE_STEPS = 128;
export const COUPLING_EMIN = -40;
export const COUPLING_EMAX = 4;
export const COUPLING_INTERVALS = (COUPLING_EMAX - COUPLING_EMIN) * OCTAVE_STEPS;

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

function checkCouplingBeta(beta: number): void {
  if (typeof beta !== "number" || !(beta > 0)) throw new RangeError(`beta must be a number > 0 or Infinity, got ${beta}`);
}

/** T_β(z) = F_β⁻¹(Φ(z)) for SGND(α = 1, β) (identity for β = 2), any real z; odd. */
export function normalToSgnd(z: number, beta: number): number {
  checkCouplingBeta(beta);
  if (Number.isNaN(z)) return NaN;
  if (beta === 2) return z;
  const r = Math.abs(z) * Math.SQRT1_2;
  // P(|Z| ≤ |z|) = erf(|z|/√2) and its complement, both with relative accuracy.
  const x = absQuantile(1, beta, erf(r), erfc(r));
  return z < 0 ? -x : x;
}

/** T_β'(z) = φ(z)/f_β(T_β(z)), computed in logarithms (both factors underflow in the tails). */
export function normalToSgndSlope(z: number, beta: number): number {
  checkCouplingBeta(beta);
  if (beta === 2) return 1;
  const logPhi = -0.5 * z * z - LN_SQRT_2PI;
  if (beta === Infinity) return Math.exp(logPhi + Math.LN2); // f = ½ on (−1, 1)
  const t = Math.abs(normalToSgnd(z, beta));
  const logF = Math.log(beta / 2) - gammaln(1 / beta) - Math.pow(t, beta);
  return Math.exp(logPhi - logF);
}

const tableCache = new Map<number, Float64Array>();

/**
 * The Wasm table of T_β (see the file comment): 4 coefficients per interval
 * (T on u ∈ [0, 1] across the interval, lowest power first), then T'(0).
 * null for β = 2 (the kernel's identity). Cached per β.
 */
export function couplingTable(beta: number): Float64Array | null {
  checkCouplingBeta(beta);
  if (beta === 2) return null;
  const hit = tableCache.get(beta);
  if (hit) return hit;
  const table = new Float64Array(COUPLING_INTERVALS * 4 + 1);
  let z0 = Math.pow(2, COUPLING_EMIN);
  let y0 = normalToSgnd(z0, beta);
  let m0 = normalToSgndSlope(z0, beta);
  for (let e = COUPLING_EMIN, i = 0; e < COUPLING_EMAX; e++) {
    const h = Math.pow(2, e) / OCTAVE_STEPS;
    for (let k = 0; k < OCTAVE_STEPS; k++, i++) {
      const z1 = Math.pow(2, e) * (1 + (k + 1) / OCTAVE_STEPS);
      const y1 = normalToSgnd(z1, beta);
      const m1 = normalToSgndSlope(z1, beta);
      const s0 = h * m0;
      const s1 = h * m1;
      table[4 * i] = y0;
      table[4 * i + 1] = s0;
      table[4 * i + 2] = 3 * (y1 - y0) - 2 * s0 - s1;
      table[4 * i + 3] = 2 * (y0 - y1) + s0 + s1;
      z0 = z1;
      y0 = y1;
      m0 = m1;
    }
  }
  table[COUPLING_INTERVALS * 4] = normalToSgndSlope(0, beta);
  tableCache.set(beta, table);
  return table;
}

/** T_β(z) as the kernel computes it from `couplingTable(beta)` (the same formula, for checks on the host). */
export function couplingTableValue(table: Float64Array | null, z: number): number {
  if (table === null) return z;
  const a = Math.abs(z);
  let v: number;
  if (a < Math.pow(2, COUPLING_EMIN)) {
    v = a * table[COUPLING_INTERVALS * 4];
  } else {
    const e = Math.min(Math.floor(Math.log2(a)), COUPLING_EMAX);
    let index: number;
    let u: number;
    if (e >= COUPLING_EMAX) {
      index = COUPLING_INTERVALS - 1;
      const top = Math.pow(2, COUPLING_EMAX - 1);
      u = (a - top * (2 - 1 / OCTAVE_STEPS)) * (OCTAVE_STEPS / top);
    } else {
      const x = (a / Math.pow(2, e) - 1) * OCTAVE_STEPS;
      const k = Math.min(OCTAVE_STEPS - 1, Math.floor(x));
      index = (e - COUPLING_EMIN) * OCTAVE_STEPS + k;
      u = x - k;
    }
    const c = 4 * index;
    v = table[c] + u * (table[c + 1] + u * (table[c + 2] + u * table[c + 3]));
  }
  return z < 0 ? -v : v;
}

/** Moments of the coupled entry W = T_β(Z): Var W = E W², E W⁴, and E[W·Z]. */
export interface CoupledEntryMoments {
  variance: number;
  fourth: number;
  cross: number;
}

const momentCache = new Map<number, CoupledEntryMoments>();

/**
 * E W², E W⁴ (closed forms: α = 1 gives E|W|^k = Γ((k+1)/β)/Γ(1/β); the
 * uniform 1/3, 1/5) and E[W Z] = 2∫_0^∞ T_β(z) z φ(z) dz by adaptive
 * quadrature (relative tolerance 1e-13). β = 2: 1, 3, 1.
 */
export function coupledEntryMoments(beta: number): CoupledEntryMoments {
  checkCouplingBeta(beta);
  const hit = momentCache.get(beta);
  if (hit) return hit;
  let result: CoupledEntryMoments;
  if (beta === 2) {
    result = { variance: 1, fourth: 3, cross: 1 };
  } else {
    const absMoment = (k: number) => (beta === Infinity ? 1 / (k + 1) : Math.exp(gammaln((k + 1) / beta) - gammaln(1 / beta)));
    const f = (z: number) => normalToSgnd(z, beta) * z * Math.exp(-0.5 * z * z - LN_SQRT_2PI);
    const cross = 2 * (integrate(f, 0, 4, { relTol: 1e-13 }).value + integrate(f, 4, 12, { relTol: 1e-13 }).value);
    result = { variance: absMoment(2), fourth: absMoment(4), cross };
  }
  momentCache.set(beta, result);
  return result;
}

/**
 * E e^{−λW²} for the coupled entry W = T_β(Z) (λ ≥ 0): the SGND(α = 1, β)
 * value (β/Γ(1/β))∫_0^∞ e^{−x^β − λx²} dx by adaptive quadrature in v = √x
 * (which softens the cusp of x^β at 0 for β < 2); the uniform on (−1, 1)
 * √π erf(√λ)/(2√λ); β = 2 (W = Z ~ N(0, 1)) 1/√(1 + 2λ). Relative accuracy
 * ~1e-14 (tests: scipy fixtures to 1e-13).
 */
export function coupledSquareLaplace(beta: number, lambda: number): number {
  checkCouplingBeta(beta);
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`lambda must be a finite number >= 0, got ${lambda}`);
  if (lambda === 0) return 1;
  if (beta === 2) return 1 / Math.sqrt(1 + 2 * lambda);
  if (beta === Infinity) {
    const r = Math.sqrt(lambda);
    // erf(r)/r loses nothing for small r: use the series below 1e-4 (error < r⁸/... ≈ 1e-33).
    return r < 1e-4 ? 1 - lambda / 3 + (lambda * lambda) / 10 : (Math.sqrt(Math.PI) * erf(r)) / (2 * r);
  }
  const f = (v: number) => {
    const x = v * v;
    return 2 * v * Math.exp(-Math.pow(x, beta) - lambda * x * x);
  };
  const value = integrate(f, 0, 1, { relTol: 1e-14 }).value + integrate(f, 1, Infinity, { relTol: 1e-14 }).value;
  return Math.exp(Math.log(beta) - gammaln(1 / beta)) * value;
}

/** κ = 1/(d·E W²), the scale of x_i = κ‖w_i‖² in the cross-projection controls (passed to the kernel). */
export function crossScale(d: number, beta: number): number {
  return 1 / (d * coupledEntryMoments(beta).variance);
}

/** The (a, t) pairs of the 29 cross-projection controls X(a, t), in record order (assembly/coupled.ts). */
export const CROSS_CONTROL_PAIRS: readonly (readonly [number, number])[] = (() => {
  const out: [number, number][] = [];
  for (const a of [0, 0.5, 1, 2, 4]) for (const t of [0, 0.5, 1, 2, 4, 8]) if (a + t > 0) out.push([a, t]);
  return out;
})();

/**
 * Exact means of the cross-projection controls X(a, t) = mean_i e^{−a x_i − t s_i}
 * for d×n coupled matrices: x_i = κ‖w_i‖² with κ = 1/(d·E W²), and s_i =
 * Σ_{j≠i}|⟨w_i, z_j⟩|/(‖w_i‖(n − 1)), whose n − 1 terms are iid |N(0, 1)|
 * independent of w_i. So E X(a, t) = (E e^{−aκW²})^d · erfcx(t/((n − 1)√2))^{n−1}
 * (1 for the second factor when n = 1, where s_i = 0).
 */
export function crossControlMeans(d: number, n: number, beta: number): number[] {
  const kappa = crossScale(d, beta);
  const entry = new Map<number, number>();
  return CROSS_CONTROL_PAIRS.map(([a, t]) => {
    if (!entry.has(a)) entry.set(a, Math.exp(d * Math.log(coupledSquareLaplace(beta, a * kappa))));
    const projections = n > 1 && t > 0 ? Math.exp((n - 1) * Math.log(erfcx(t / ((n - 1) * Math.SQRT2)))) : 1;
    return entry.get(a)! * projections;
  });
}
