/**
 * Predictions for the remedies of the depth decay (docs/MATH.md "Remedies"):
 * per (initialisation × activation) the per-layer factors of E[y²] and of
 * the squared gradient, and the mean-field spread between inputs (mean
 * pairwise cosine, per-unit variance across the batch).
 *
 *     y_ℓ = W̄_ℓ x_{ℓ−1} + b_ℓ,   x_ℓ = σ(y_ℓ),
 *
 * with W̄_ℓ the AOL/SLL rescaling of an iid SGND(β) or a Haar
 * (semi-)orthogonal W_ℓ, and v_ℓ = E[w̄²] (Var[w̄]). Two facts carry
 * everything (derived in docs/MATH.md):
 *
 *  - E[y_ℓ²] = n_ℓ v_ℓ E[x_{ℓ−1}²] + σ_b² exactly (W̄_ℓ independent of x,
 *    column signs symmetric, columns exchangeable), and E[σ(y)²] = κ E[y²]
 *    exactly with κ = ½ for ReLU (y is symmetric given x) and κ = 1 for abs,
 *    MaxMin and GroupSort (they permute and flip coordinates). So
 *    E[y_1²] = n_1 v_1 E[x_0²] + σ_b² and E[y_ℓ²] = n_ℓ v_ℓ κ E[y_{ℓ−1}²] + σ_b².
 *  - Backward (loss = Σ y_L), under the usual independence of W̄_ℓ and the
 *    gradient reaching it: G_{ℓ−1} = d_ℓ v_ℓ κ G_ℓ, G_{L−1} = d_L v_L (κ more
 *    with the activation on the output) — exact (factor 1) for a square
 *    orthogonal W with a norm-preserving activation, whose Jacobians are orthogonal.
 *
 * v_ℓ: iid — the exact Gaussian V(d, n) (column Gram) or V(n, d) (row Gram),
 * else supplied (Monte Carlo); orthogonal — 1/d when d ≥ n (column Gram:
 * WᵀW = I, so t ≡ 1 and W̄ = W) and 1/n when d ≤ n (row Gram: WWᵀ = I),
 * otherwise no closed form (null: "measured only" unless supplied).
 *
 * Spread (mean field, wide layers): for a pair of inputs with correlation c
 * of y_ℓ, E[σ(a)σ(a′)] = κ q k(c) for jointly Gaussian (a, a′) of variance
 * q and correlation c, with the closed forms of `cosineMap` (ReLU: the
 * arc-cosine kernel; abs; MaxMin); GroupSort with groups above 2 has none.
 */
import { exactGaussianVariance } from "./variance.js";
import { gammaln } from "./special.js";
import type { LayerShape } from "./decay.js";
import { requireConfig } from "../require-config.js";
import { checkInit, identityNoise, type Initialisation } from "../wasm/decay.js";

/** "identity:ε" (the identity plus noise of std ε) has no closed form here: measured only unless Var[w̄] is supplied. */
export type RemedyInit = Initialisation;

/** An activation by name: relu, abs, maxmin, or groupsort:K (K ≥ 2; groupsort:2 is maxmin). */
export type RemedyActivation = string;

/** The activation's kind and group size from its name (RangeError otherwise). */
export function activationKind(activation: RemedyActivation): { kind: "relu" | "abs" | "groupsort"; group: number } {
  const m = /^(relu|abs|maxmin|groupsort)(?::(\d+))?$/.exec(String(activation).trim().toLowerCase());
  if (!m || (m[2] !== undefined) !== (m[1] === "groupsort") || (m[2] !== undefined && !(Number(m[2]) >= 2))) {
    throw new RangeError(`activation must be relu, abs, maxmin or groupsort:K (K an integer >= 2), got ${String(activation)}`);
  }
  if (m[1] === "relu" || m[1] === "abs") return { kind: m[1], group: 1 };
  return { kind: "groupsort", group: m[1] === "maxmin" ? 2 : Number(m[2]) };
}

/** κ = E[σ(y)²]/E[y²] for y symmetric about 0: ½ for ReLU, 1 for abs, MaxMin and GroupSort. */
export function activationSecondMomentFactor(activation: RemedyActivation): number {
  return activationKind(activation).kind === "relu" ? 0.5 : 1;
}

/**
 * The normalised second-moment map k(c) = E[σ(a)σ(a′)] / E[σ(a)²] for
 * jointly Gaussian, zero-mean, equal-variance (a, a′) with correlation c
 * ∈ [−1, 1] (MaxMin and GroupSort: i.i.d. such pairs for the units of a group):
 *
 *   ReLU:   (√(1 − c²) + (π − arccos c)·c) / π          (Cho & Saul's arc-cosine kernel of degree 1)
 *   abs:    (2/π)(√(1 − c²) + c·arcsin c)
 *   MaxMin: c/2 + (√(1 − c²) + c·arcsin c)/π
 *
 * null for GroupSort with groups above 2 (no closed form: measured only).
 * @param activation - relu, abs, maxmin or groupsort:K.
 * @param c - The pair's correlation, in [−1, 1].
 * @returns k(c) in [−1, 1], or null where there is no closed form.
 * @throws RangeError for an unknown activation or c outside [−1, 1].
 * @example
 * ```ts
 * import { cosineMap } from "lipvar";
 * cosineMap("relu", 1); // returns 1
 * cosineMap("maxmin", 0); // returns ~0.31831 (1/π)
 * cosineMap("groupsort:4", 0.5); // returns null
 * ```
 */
export function cosineMap(activation: RemedyActivation, c: number): number | null {
  if (!(c >= -1 && c <= 1)) throw new RangeError(`c must be a number in [-1, 1], got ${c}`);
  const { kind, group } = activationKind(activation);
  const s = Math.sqrt(Math.max(0, 1 - c * c));
  if (kind === "relu") return (s + (Math.PI - Math.acos(c)) * c) / Math.PI;
  if (kind === "abs") return (2 / Math.PI) * (s + c * Math.asin(c));
  if (group === 2) return c / 2 + (s + c * Math.asin(c)) / Math.PI;
  return null;
}

/**
 * E[w̄²] of a Haar (semi-)orthogonal d×n W after the rescaling, where it has
 * a closed form: column Gram and d ≥ n, 1/d (WᵀW = I: t ≡ 1 and W̄ = W, any
 * q); row Gram and d ≤ n, 1/n (WWᵀ = I). Otherwise null: the rescaling of a
 * rank-deficient Gram has no closed form here (measured only).
 * @param d - Rows (outputs), an integer ≥ 1.
 * @param n - Columns (inputs), an integer ≥ 1.
 * @param gram - Which Gram rescales W: "column" (AOL, default) or "row" (the author's SLL layer).
 * @returns E[w̄²], or null without a closed form.
 * @throws RangeError when d or n is not an integer ≥ 1.
 * @example
 * ```ts
 * import { orthogonalRescaledVariance } from "lipvar";
 * orthogonalRescaledVariance(64, 64); // returns 0.015625
 * orthogonalRescaledVariance(32, 64); // returns null
 * ```
 */
export function orthogonalRescaledVariance(d: number, n: number, gram: "column" | "row" = "column"): number | null {
  for (const [name, v] of [["d", d], ["n", n]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be an integer >= 1, got ${v}`);
  }
  if (gram === "column") return d >= n ? 1 / d : null;
  return d <= n ? 1 / n : null;
}

export interface RemedyInput {
  /** Layers in order; layers[i].n must equal layers[i−1].d. */
  layers: LayerShape[];
  /** Gram convention of the rescaling (default "column"). */
  gram?: "column" | "row";
  init?: RemedyInit;
  /** Default relu. */
  activation?: RemedyActivation;
  /**
   * v_ℓ per layer where the defaults do not apply (non-Gaussian iid weights,
   * random q, orthogonal layers without a closed form): a number, or null to
   * keep the default. A layer left without a value makes the predictions from
   * it on null.
   */
  rescaledVariances?: (number | null)[];
  /** E[x_0²] (default 1). */
  inputSecondMoment?: number;
  /** σ_b² (default 0). */
  biasVariance?: number;
  /** Loss = Σ σ(y_L) instead of Σ y_L (default false). */
  activationOnOutput?: boolean;
  /**
   * Width w_0 of the inputs, when they are i.i.d. N(0, I) (the depth
   * experiments): the spread prediction then averages over the law of the
   * cosine of two such inputs (density ∝ sin^{w_0−2}θ of the angle θ).
   * Without it the inputs' pairwise correlation is taken as 0.
   */
  inputWidth?: number;
  /** Inputs per network N (the per-unit variance has divisor N); default: N → ∞. */
  batch?: number;
}

export interface RemedyPrediction {
  init: RemedyInit;
  activation: string;
  /** κ of the activation. */
  kappa: number;
  /** v_ℓ used per layer (null: no closed form and none supplied). */
  rescaledVariances: (number | null)[];
  /** Per-layer factor of E[y²] without bias: n_1 v_1 at layer 1 (no activation before it), n_ℓ v_ℓ κ after. */
  forwardFactors: (number | null)[];
  /** E[y_ℓ²] with the bias recursion. */
  secondMoments: (number | null)[];
  /** σ_b²/(1 − n_ℓ v_ℓ κ) where the factor is < 1, else null (no fixed point: E[y²] grows without bound with a bias). */
  fixedPoints: (number | null)[];
  /** Per-layer factor of the squared gradient: index i is G_i/G_{i+1} = d_{i+1} v_{i+1} κ, i = 0..L−2. */
  gradientFactors: (number | null)[];
  /** G_i = E[(∂loss/∂x_i)²], i = 0..L−1. */
  gradientSecondMoments: (number | null)[];
  /** Mean-field mean pairwise cosine of y_ℓ (null: no closed-form map for this activation). */
  meanCosines: (number | null)[];
  /**
   * Mean-field per-unit variance across the batch of y_ℓ (divisor N):
   * (1 − 1/N)·q_ℓ − (1 − 1/N)·ρ̄_ℓ, with ρ̄_ℓ the mean over pairs of
   * ⟨y, y′⟩/d (see inputNormFactor).
   */
  unitVariances: (number | null)[];
}

function checkNonNegative(name: string, x: number): void {
  if (typeof x !== "number" || !(x >= 0) || !Number.isFinite(x)) throw new RangeError(`${name} must be a finite number >= 0, got ${x}`);
}

/**
 * η(w) = (E‖x‖)²/E‖x‖² = 2Γ((w+1)/2)²/(w Γ(w/2)²) for x ~ N(0, I_w): the
 * mean of ‖x‖‖x′‖ over a pair relative to E‖x‖². Without bias every
 * activation here is positively homogeneous, so ⟨y_b, y_b′⟩ = ‖y_b‖‖y_b′‖·cos
 * with norms proportional to the inputs' and the mean-field cosine
 * independent of them: ρ̄_ℓ = q_ℓ η E[cos]. (η ≈ 1 − 1/(2w); it matters
 * where the inputs' directions have nearly merged: 1 − cos is then small.)
 */
export function inputNormFactor(w: number): number {
  if (!Number.isInteger(w) || w < 1) throw new RangeError(`w must be an integer >= 1, got ${w}`);
  return (2 * Math.exp(2 * (gammaln((w + 1) / 2) - gammaln(w / 2)))) / w;
}

function defaultVariance(init: RemedyInit, gram: "column" | "row", l: LayerShape): number | null {
  if (init === "orthogonal") return orthogonalRescaledVariance(l.d, l.n, gram);
  if (identityNoise(init) !== null) return null;
  return gram === "row" ? exactGaussianVariance(l.n, l.d) : exactGaussianVariance(l.d, l.n);
}

/** Composite Simpson nodes on θ ∈ [0, π] for the input-cosine average: the weight sin^{w−2}θ is smooth, its peak ~1/√w wide. */
const ANGLE_INTERVALS = 800;

/**
 * Expectation over the cosine c_0 of two i.i.d. N(0, I_w) inputs of the
 * vector f(c_0) (one entry per layer; null entries stay null): θ = arccos c_0
 * has density ∝ sin^{w−2}θ on (0, π) (w = 1: c_0 = ±1). Composite Simpson on
 * θ with ANGLE_INTERVALS intervals; the weights are normalised on the same
 * nodes, so a constant f is reproduced exactly.
 */
function overInputCosine(w: number, f: (c: number) => (number | null)[]): (number | null)[] {
  if (w === 1) {
    const [a, b] = [f(1), f(-1)];
    return a.map((x, i) => (x === null || b[i] === null ? null : (x + b[i]!) / 2));
  }
  const n = ANGLE_INTERVALS;
  let total = 0;
  let sums: (number | null)[] | null = null;
  for (let j = 0; j <= n; j++) {
    const t = (Math.PI * j) / n;
    const weight = (j === 0 || j === n ? 1 : j % 2 ? 4 : 2) * (w === 2 ? 1 : Math.sin(t) ** (w - 2));
    if (weight === 0) continue;
    const values = f(Math.cos(t));
    sums ??= values.map(() => 0);
    sums = sums.map((s, i) => (s === null || values[i] === null ? null : s + weight * values[i]!));
    total += weight;
  }
  return sums!.map((s) => (s === null ? null : s / total));
}

/**
 * The per-layer predictions of one (initialisation × activation) stack; see the module comment.
 * @param input - The layer shapes, the initialisation, the activation, and optionally Var[w̄] per layer, E[x_0²], σ_b², the inputs' width and the batch size.
 * @returns Per layer: Var[w̄], the factors of E[y²] and of the squared gradient, E[y²], the gradient second moments, the fixed points, and the mean-field spread (mean cosine, per-unit variance across the batch); null where there is no closed form.
 * @throws RangeError naming the field when out of range.
 * @example
 * ```ts
 * import { predictRemedy } from "lipvar";
 * const p = predictRemedy({ layers: [{ d: 64, n: 64 }, { d: 64, n: 64 }], init: "orthogonal", activation: "maxmin" });
 * p.forwardFactors; // returns [1, 1]
 * p.gradientFactors; // returns [1]
 * ```
 */
export function predictRemedy(input: RemedyInput): RemedyPrediction {
  requireConfig(input, "input");
  const { layers } = input;
  if (!Array.isArray(layers) || layers.length === 0) throw new RangeError("layers must be a non-empty array of {d, n}");
  layers.forEach((l, i) => {
    for (const key of ["d", "n"] as const) {
      if (!Number.isInteger(l[key]) || l[key] < 1) throw new RangeError(`layers[${i}].${key} must be an integer >= 1, got ${l[key]}`);
    }
    if (i > 0 && l.n !== layers[i - 1].d) throw new RangeError(`layers[${i}].n must equal layers[${i - 1}].d (${layers[i - 1].d}), got ${l.n}`);
  });
  const gram = input.gram ?? "column";
  if (gram !== "column" && gram !== "row") throw new RangeError(`gram must be "column" or "row", got ${String(gram)}`);
  const init = input.init ?? "iid";
  try {
    checkInit(init);
  } catch {
    throw new RangeError(`init must be "iid", "orthogonal" or "identity:E", got ${String(init)}`);
  }
  const activation = input.activation ?? "relu";
  const kappa = activationSecondMomentFactor(activation);
  const q0 = input.inputSecondMoment ?? 1;
  const sb2 = input.biasVariance ?? 0;
  checkNonNegative("inputSecondMoment", q0);
  checkNonNegative("biasVariance", sb2);
  const supplied = input.rescaledVariances;
  if (supplied !== undefined && (!Array.isArray(supplied) || supplied.length !== layers.length)) {
    throw new RangeError(`rescaledVariances must have one entry (a number or null) per layer (${layers.length})`);
  }
  supplied?.forEach((x, i) => x === null || checkNonNegative(`rescaledVariances[${i}]`, x));
  const v = layers.map((l, i) => supplied?.[i] ?? defaultVariance(init, gram, l));
  const L = layers.length;

  // Forward: factors, E[y²] with bias, fixed points.
  const forwardFactors = layers.map((l, i) => (v[i] === null ? null : l.n * v[i]! * (i === 0 ? 1 : kappa)));
  const secondMoments: (number | null)[] = [];
  let q: number | null = q0;
  for (let i = 0; i < L; i++) {
    const f = forwardFactors[i];
    q = q === null || f === null ? null : f * q + sb2;
    secondMoments.push(q);
  }
  const fixedPoints = layers.map((l, i) => {
    const r = v[i] === null ? null : l.n * v[i]! * kappa;
    return r !== null && r < 1 ? sb2 / (1 - r) : null;
  });

  // Backward.
  const gradientFactors = layers.slice(0, L - 1).map((l, i) => (v[i] === null ? null : l.d * v[i]! * kappa));
  const lastV = v[L - 1];
  const gradientSecondMoments = new Array<number | null>(L);
  gradientSecondMoments[L - 1] = lastV === null ? null : layers[L - 1].d * lastV * (input.activationOnOutput ? kappa : 1);
  for (let i = L - 2; i >= 0; i--) {
    const g = gradientSecondMoments[i + 1];
    const f = gradientFactors[i];
    gradientSecondMoments[i] = g === null || f === null ? null : g * f;
  }

  // Spread: propagate one pair's correlation through the layers, averaged over the inputs' cosine.
  // Identity plus noise does not mix units: the mean-field cosine map (random W) does not apply past layer 1.
  const hasMap = cosineMap(activation, 0) !== null && identityNoise(init) === null;
  const correlations = (c0: number): (number | null)[] => {
    const out: (number | null)[] = [];
    let c: number | null = c0;
    let qPrev = q0;
    for (let i = 0; i < L; i++) {
      const f = forwardFactors[i];
      const qi = secondMoments[i];
      if (c === null || f === null || qi === null || qi === 0) {
        c = null;
      } else {
        // Covariance of the pair after layer i: f·(E[xx′]/κ at i > 0, or q0·c0 at the input) + σ_b².
        const cross: number = i === 0 ? qPrev * c : qPrev * (cosineMap(activation, Math.max(-1, Math.min(1, c))) ?? NaN);
        c = Number.isNaN(cross) ? null : Math.max(-1, Math.min(1, (f * cross + sb2) / qi));
        qPrev = qi;
      }
      out.push(c);
    }
    return out;
  };
  let meanCosines: (number | null)[];
  if (!hasMap) {
    // Only layer 1 (linear in the inputs) has a prediction.
    meanCosines = correlations(0).map((c, i) => (i === 0 ? c : null));
  } else if (input.inputWidth !== undefined) {
    const w = input.inputWidth;
    if (!Number.isInteger(w) || w < 1) throw new RangeError(`inputWidth must be an integer >= 1, got ${w}`);
    meanCosines = overInputCosine(w, correlations);
  } else meanCosines = correlations(0);
  const batch = input.batch;
  if (batch !== undefined && (!Number.isInteger(batch) || batch < 1)) throw new RangeError(`batch must be an integer >= 1, got ${batch}`);
  const shrink = batch === undefined ? 1 : 1 - 1 / batch;
  // With a bias the activations are not homogeneous: the pair's norms are taken equal (η = 1) there.
  const eta = input.inputWidth !== undefined && sb2 === 0 ? inputNormFactor(input.inputWidth) : 1;
  const unitVariances = meanCosines.map((c, i) => (c === null || secondMoments[i] === null ? null : shrink * secondMoments[i]! * (1 - eta * c)));

  return { init, activation: activation.trim().toLowerCase(), kappa, rescaledVariances: v, forwardFactors, secondMoments, fixedPoints, gradientFactors, gradientSecondMoments, meanCosines, unitVariances };
}

/**
 * The SLL residual block h(x) = x − 2Pᵀ diag(s)^{-1} ReLU(Px + b) with Haar
 * P (k×m, k ≤ m: orthonormal rows, s ≡ 1): E[h²] per coordinate =
 * E[x²] + 2(k/m)σ_b² exactly (factor 1 without bias). null for k > m or iid
 * P (no closed form: measured only).
 * @param init - "iid" or "orthogonal".
 * @param width - The residual stream's width m.
 * @param inner - The inner width k (rows of P).
 * @param inputSecondMoment - E[x²] entering the block.
 * @param biasVariance - σ_b² of the block's bias (default 0).
 * @returns E[h(x)²] per coordinate, or null without a closed form.
 * @example
 * ```ts
 * import { residualBlockSecondMoment } from "lipvar";
 * residualBlockSecondMoment("orthogonal", 64, 32, 1, 0.25); // returns 1.25
 * residualBlockSecondMoment("iid", 64, 64, 1); // returns null
 * ```
 */
export function residualBlockSecondMoment(init: RemedyInit, width: number, inner: number, inputSecondMoment: number, biasVariance = 0): number | null {
  if (init !== "orthogonal" || inner > width) return null;
  return inputSecondMoment + (2 * inner * biasVariance) / width;
}

/**
 * The per-layer factor of E[y²] for the identity plus Gaussian noise of std
 * ε, W = I + εZ (square n × n, AOL column Gram) with a norm-preserving
 * activation, to first order in x = (2/√π)·ε·(n − 1): t_i ≈ 1 + ε Σ_{j≠i}
 * |Z_ij + Z_ji|, so the factor is 1/(1 + x) (docs/MATH.md §8). Its error is
 * second order in x; the exact identity (ε = 0) gives 1 exactly.
 * @param noise - ε, the noise std, a finite number ≥ 0.
 * @param n - The width, an integer ≥ 1.
 * @returns 1/(1 + (2/√π)·ε·(n − 1)).
 * @example
 * ```ts
 * import { identityNoiseFactor } from "lipvar/analytic";
 * identityNoiseFactor(0.01, 64); // returns ~0.5845
 * identityNoiseFactor(0, 64); // returns 1
 * ```
 */
export function identityNoiseFactor(noise: number, n: number): number {
  if (!(noise >= 0) || !Number.isFinite(noise)) throw new RangeError(`noise must be a finite number >= 0, got ${noise}`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be an integer >= 1, got ${n}`);
  return 1 / (1 + (2 / Math.sqrt(Math.PI)) * noise * (n - 1));
}
