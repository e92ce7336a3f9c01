/**
 * The checks of `lipvar check --weights`: each an expectation judged like the
 * suites' (table, JSON, JUnit, exit code). docs/ci.md explains each row.
 *
 * Rescaled weights (W̄ given) — identities, exact up to float32 rounding:
 *  - opnorm: ‖W̄‖₂ ≤ 1 (power iteration in Wasm; a lower bound of the norm);
 *  - perron: ρ(|Ḡ|) = 1 for the declared Gram Ḡ (W̄ᵀW̄ column, W̄W̄ᵀ row) — the
 *    rescaling's own identity for any q (assembly/weights-check.ts); when it
 *    fails, the other convention's value says whether the rows/columns were
 *    swapped or the weights not rescaled at all;
 *  - unitnorm: every unit's ‖w̄_i‖² = ‖w_i‖²/t_i ≤ 1 (t_i ≥ ‖w_i‖²), hence
 *  - varbound: Var[w̄] ≤ 1/d.
 * Raw weights (lipvar rescales them by the declared Gram and q) — the declared
 * SGND(β), scale-free (each initialisation standardised by its own RMS):
 *  - mean 0 (SE √(m₂/N)); std (when declared) with a delta-method SE;
 *  - kurtosis against Γ(5/β)Γ(1/β)/Γ(3/β)² with its finite-N bias and SE
 *    under the null (stats.ts);
 *  - ks: √N·D ≤ the Kolmogorov point at p = 0.001 (conservative with the
 *    scale estimated).
 * Both, with a declared β and at least MIN_INITS initialisations:
 *  - var: Var[w̄] (mean of w̄² per matrix, mean ± SE over initialisations)
 *    against V(d, n) of the declared Gram — exact Gaussian (V_q per
 *    initialisation with q), the precise estimator for other β;
 *  - forward: per layer, the mean of y_ℓ² for N(0, 1) inputs through the
 *    user's matrices and biases (Wasm), over the MATH.md §4 recursion with
 *    the layers' shapes, activations and bias second moments; ratio ± SE
 *    over initialisations against 1. Without a declared β the measured
 *    Var[w̄] enters the prediction (the check is then of the propagation).
 * Across initialisations the SE is itself estimated, so the tolerance is
 * the Student-t(R − 1) point with the false-alarm rate of k normal SEs.
 */
import { judge, type Expectation, type ExpectationConfig } from "../expectation.js";
import { loadKernels, type Kernels } from "../../wasm/kernels.js";
import { rescaleAol } from "../../wasm/gram.js";
import { givenForward, spectralChecks, type SpectralResult } from "../../wasm/weights-check.js";
import { exactGaussianVariance } from "../../analytic/variance.js";
import { gaussianSllVariance } from "./vq.js";
import { runPreciseVariance } from "../../experiments/precise.js";
import { kurtosisLaw, ksStatistic, KS_CRITICAL, KS_LEVEL, meanSe, toleranceForInits, unitSgndMoments } from "./stats.js";
import type { Gram } from "./manifest.js";
import type { StackLayer, WeightStack } from "./stack.js";

/** Statistics across initialisations need at least this many. */
export const MIN_INITS = 8;
/** Entries pooled into one KS statistic at most (evenly strided beyond that). */
export const KS_MAX_ENTRIES = 1 << 18;
/** Inputs of the forward pass per initialisation. */
export const FORWARD_BATCH = 512;
/** Relative convergence of the power iterations: far below the identities' float32 tolerance (≥ 1.5e-5). */
export const SPECTRAL_TOL = 1e-10;
/** Relative SE of the precise estimator's reference for non-Gaussian β. */
export const REFERENCE_RSE = 1e-3;

export interface WeightsCheckOptions {
  /** Tolerance in standard errors (default 4; across initialisations the Student-t equivalent). */
  k?: number;
  /** Seed of the power iterations' start vectors and the forward inputs (default 1). */
  seed?: bigint | number;
  workers?: number;
  /** Called after each layer. */
  onProgress?: (done: number, total: number) => void;
}

export interface WeightsCheckResult {
  results: Expectation[];
  notes: string[];
}

/**
 * The rounding tolerance of the identities: weights computed in float32 (the
 * frameworks' default) carry relative errors ~ m·2⁻²⁴ in sums of m terms;
 * 64·√m·2⁻²⁴ (3e-5 at m = 64) allows that, whatever dtype the file has.
 */
export function identityTolerance(m: number): number {
  return 64 * Math.sqrt(m) * 2 ** -24;
}

const safe = (name: string) => name.replace(/[^A-Za-z0-9_.:-]/g, "_").slice(0, 60);
const fmt = (x: number) => String(Number(x.toPrecision(6)));
const betaText = (b: number) => (b === 2 ? "Gaussian" : b === 1 ? "Laplace" : b === Infinity ? "uniform" : `SGND(β = ${b})`);
const other = (g: Gram): Gram => (g === "column" ? "row" : "column");
const gramText = (g: Gram) => (g === "column" ? "column Gram (t from WᵀW)" : "row Gram (t from W·Wᵀ)");

/** Unit length and count for a Gram: column units are the n columns of length d, row units the d rows of length n. */
function units(layer: StackLayer, gram: Gram): { du: number; nu: number } {
  return gram === "column" ? { du: layer.d, nu: layer.n } : { du: layer.n, nu: layer.d };
}

/** W̄ by lipvar's own rescaling, for the declared Gram and q. */
function rescaleWith(k: Kernels, w: Float64Array, d: number, n: number, gram: Gram, q: Float64Array | undefined): Float64Array {
  if (gram === "column") return rescaleAol(k, w, d, n, q).scaled;
  const t = new Float64Array(d * n);
  for (let i = 0; i < d; i++) for (let j = 0; j < n; j++) t[j * d + i] = w[i * n + j];
  const s = rescaleAol(k, t, n, d, q).scaled;
  const out = new Float64Array(d * n);
  for (let i = 0; i < d; i++) for (let j = 0; j < n; j++) out[i * n + j] = s[j * d + i];
  return out;
}

const meanSquare = (w: Float64Array) => w.reduce((a, x) => a + x * x, 0) / w.length;

/** Reference Var[w̄] per initialisation for a layer, with its SE, or null when none is available. */
interface Reference {
  values: number[];
  se: number;
  what: string;
}

export async function checkWeights(stack: WeightStack, options: WeightsCheckOptions = {}): Promise<WeightsCheckResult> {
  const kSe = options.k ?? 4;
  const seed = options.seed ?? 1;
  const R = stack.inits;
  const k = await loadKernels();
  const notes = [...stack.notes];
  const results: Expectation[] = [];
  const acrossTol = R >= MIN_INITS ? toleranceForInits(kSe, R) : NaN;
  if (R < MIN_INITS) notes.push(`${R} initialisation${R === 1 ? "" : "s"}: the checks across initialisations (var, forward) need at least ${MIN_INITS} (files, or a leading axis); only the identities and the distribution checks ran`);
  const preciseCache = new Map<string, Promise<{ value: number; se: number }>>();
  const precise = (du: number, nu: number, beta: number) => {
    const key = `${du},${nu},${beta}`;
    let p = preciseCache.get(key);
    if (!p) {
      p = runPreciseVariance({ transform: "aol", d: du, n: nu, dist: "gnd", beta, target: { rse: REFERENCE_RSE }, seed: 7, chunkSize: 1024, pilotChunks: 4, workers: options.workers }).then((r) => ({ value: r.estimate, se: r.se }));
      preciseCache.set(key, p);
    }
    return p;
  };
  const reference = async (layer: StackLayer, gram: Gram): Promise<Reference | null> => {
    const beta = layer.spec.beta;
    if (beta === null) return null;
    const { du, nu } = units(layer, gram);
    const qs = layer.q;
    const uniformQ = !qs || qs.every((q) => q.every((v) => v === q[0]));
    if (beta === 2) {
      if (uniformQ) return { values: new Array(R).fill(exactGaussianVariance(du, nu)), se: 0, what: `V(${du}, ${nu}) (Gaussian, exact)` };
      return { values: qs!.map((q) => gaussianSllVariance(du, q)), se: 0, what: `V_q(${du}, ${nu}) of each initialisation's q (Gaussian, exact)` };
    }
    if (!uniformQ) return null;
    const p = await precise(du, nu, beta);
    return { values: new Array(R).fill(p.value), se: p.se, what: `V(${du}, ${nu}) for ${betaText(beta)} (precise estimator, SE ${fmt(p.se)})` };
  };

  // Per layer: W̄ of every initialisation and its Var[w̄] per initialisation.
  const rescaled: Float64Array[][] = [];
  const yPerInit: number[][] = [];
  const refs: (Reference | null)[] = [];
  for (const layer of stack.layers) {
    const { spec, d, n } = layer;
    const gram = spec.gram;
    const { du } = units(layer, gram);
    const id = (what: string) => `L${layer.index}.${safe(spec.weight)}.${what}`;
    const label = `layer ${layer.index} '${spec.weight}' (${d}×${n})`;
    const ref = await reference(layer, gram).catch((e) => {
      notes.push(`${label}: no reference Var[w̄] (${(e as Error).message})`);
      return null;
    });
    if (spec.beta !== null && ref === null) notes.push(`${label}: no reference Var[w̄] for ${betaText(spec.beta)} with a varying q (exact only for Gaussian weights); the var row is left out`);
    refs.push(ref);
    let bars: Float64Array[];
    if (spec.weightsAre === "rescaled") {
      bars = layer.weights;
      const m = Math.max(d, n);
      const tolUnits = identityTolerance(units(layer, gram).nu);
      const declared: SpectralResult[] = bars.map((w, r) => spectralChecks(k, w, d, n, gram, { seed, stream: r, tol: SPECTRAL_TOL }));
      // The other convention's identity, for the message of a failing perron row only.
      const swapped = (r: number): SpectralResult => spectralChecks(k, bars[r], d, n, other(gram), { seed, stream: r, tol: SPECTRAL_TOL });
      const rho = (s: SpectralResult) => (s.perronLower + s.perronUpper) / 2;
      const norms = declared.map((s) => s.operatorNorm);
      const worstNorm = norms.indexOf(Math.max(...norms));
      results.push(
        judge({
          id: id("opnorm"),
          description: `${label}: ‖W̄‖₂ ≤ 1 in each of ${R} initialisations (largest; power iteration to ${SPECTRAL_TOL} relative, a lower bound; tolerance float32 rounding)`,
          value: norms[worstNorm],
          expected: 1,
          tolerance: identityTolerance(m),
          unit: "abs",
          comparison: "atMost",
          kind: "weights-identity",
        }),
      );
      const dev = declared.map((s) => Math.abs(rho(s) - 1));
      const worst = dev.indexOf(Math.max(...dev));
      const perron = judge({
        id: id("perron"),
        description: `${label}: the ${gramText(gram)} identity ρ(|Ḡ|) = 1 (Ḡ = ${gram === "column" ? "W̄ᵀW̄" : "W̄W̄ᵀ"}; Collatz–Wielandt bracket) in each initialisation (farthest from 1 shown)`,
        value: rho(declared[worst]),
        expected: 1,
        tolerance: tolUnits,
        unit: "abs",
        kind: "weights-identity",
      });
      if (perron.verdict === "fail") perron.detail += `; ${diagnose(gram, rho(declared[worst]), rho(swapped(worst)), norms[worst], identityTolerance(units(layer, other(gram)).nu), worst, R)}`;
      results.push(perron);
      const unitMax = Math.max(...declared.map((s) => s.maxUnitSquaredNorm));
      results.push(
        judge({
          id: id("unitnorm"),
          description: `${label}: every ${gram === "column" ? "column" : "row"} of W̄ has ‖w̄_i‖² = ‖w_i‖²/t_i ≤ 1 (t_i ≥ ‖w_i‖²), largest over ${R} initialisations`,
          value: unitMax,
          expected: 1,
          tolerance: tolUnits,
          unit: "abs",
          comparison: "atMost",
          kind: "weights-identity",
        }),
      );
      const ys = declared.map((s) => s.meanUnitSquaredNorm / du);
      yPerInit.push(ys);
      results.push(
        judge({
          id: id("varbound"),
          description: `${label}: Var[w̄] (mean of w̄²) ≤ 1/${du}, from t_i ≥ ‖w_i‖² (an identity), largest over ${R} initialisations`,
          value: Math.max(...ys),
          expected: 1 / du,
          tolerance: tolUnits / du,
          unit: "abs",
          comparison: "atMost",
          kind: "weights-identity",
        }),
      );
    } else {
      results.push(...rawDistributionChecks(layer, id, label, kSe));
      // Raw weights satisfying the declared rescaling's identity in every initialisation were rescaled already.
      const tolUnits = identityTolerance(units(layer, gram).nu);
      const already = layer.weights.every((w, r) => {
        const s = spectralChecks(k, w, d, n, gram, { seed, stream: r, tol: SPECTRAL_TOL, maxIter: 200 });
        return Math.abs((s.perronLower + s.perronUpper) / 2 - 1) <= tolUnits;
      });
      if (already) notes.push(`${label}: declared raw, but every initialisation satisfies the ${gramText(gram)} identity ρ(|Ḡ|) = 1: these look like rescaled weights (--weights-are rescaled?)`);
      bars = layer.weights.map((w, r) => rescaleWith(k, w, d, n, gram, layer.q?.[r]));
      yPerInit.push(bars.map(meanSquare));
    }
    rescaled.push(bars);

    // Var[w̄] against the declared distribution's V.
    if (ref && R >= MIN_INITS) {
      const ys = yPerInit.at(-1)!;
      const meas = meanSe(ys);
      const expected = ref.values.reduce((a, b) => a + b, 0) / R;
      const r = judge({
        id: id("var"),
        description: `${label}: Var[w̄] (mean of w̄² per matrix, over ${R} initialisations) within ${fmt(acrossTol)} SE (Student t, ${R - 1} df ≙ ${kSe} SE) of ${ref.what}`,
        value: meas.mean,
        expected,
        tolerance: acrossTol,
        unit: "se",
        se: Math.max(Math.hypot(meas.se, ref.se), 1e-12 * expected),
        kind: "weights-variance",
      });
      if (r.verdict === "fail") {
        const swappedRef = await reference(layer, other(gram)).catch(() => null);
        if (swappedRef && d !== n) {
          const alt = swappedRef.values.reduce((a, b) => a + b, 0) / R;
          if (Math.abs(meas.mean - alt) <= acrossTol * Math.hypot(meas.se, swappedRef.se)) {
            r.detail += `; it matches the ${gramText(other(gram))}'s ${swappedRef.what} = ${fmt(alt)}: looks like ${other(gram)} Gram, declared ${gram}`;
          }
        }
        if (spec.weightsAre === "raw") r.detail += `; the raw weights do not give the declared distribution's Var[w̄] (check the distribution declared)`;
      }
      results.push(r);
    }
    options.onProgress?.(layer.index, stack.layers.length);
  }

  // Forward variance through the user's stack.
  const chained = stack.layers.every((l, i) => i === 0 || l.n === stack.layers[i - 1].d);
  if (!chained) {
    const bad = stack.layers.findIndex((l, i) => i > 0 && l.n !== stack.layers[i - 1].d);
    notes.push(
      `layer ${bad + 1} '${stack.layers[bad].spec.weight}' takes ${stack.layers[bad].n} inputs but layer ${bad} gives ${stack.layers[bad - 1].d} outputs: no forward check (weights are read as out × in; kernels stored in × out need "layout": "in-out" in a manifest)`,
    );
  } else if (R >= MIN_INITS) {
    results.push(...forwardChecks(k, stack, rescaled, yPerInit, refs, seed, acrossTol, kSe));
  }
  return { results: results.map((r) => (r.config ? r : { ...r, config: layerConfig(stack, r.id, seed) })), notes };
}

/**
 * The settings behind a row, so that `--baseline` refuses an entry measured
 * with another seed, number of initialisations, shape or declaration instead
 * of comparing different quantities: the layer named by the row's id prefix
 * "L<index>." and the run's seed.
 */
function layerConfig(stack: WeightStack, id: string, seed: bigint | number): ExpectationConfig {
  const layer = stack.layers.find((l) => id.startsWith(`L${l.index}.`));
  const config: ExpectationConfig = { kind: "weights", seed: String(seed), inits: stack.inits };
  if (!layer) return config;
  const s = layer.spec;
  return {
    ...config,
    layer: layer.index,
    d: layer.d,
    n: layer.n,
    gram: s.gram,
    weightsAre: s.weightsAre,
    beta: s.beta === null ? "unknown" : s.beta === Infinity ? "inf" : s.beta,
    activation: String(s.activation),
    bias: s.bias !== null,
    q: s.q !== null,
  };
}

/** The failing perron row's explanation: the other convention's value, the operator norm. */
function diagnose(gram: Gram, rho: number, rhoOther: number, norm: number, tolOther: number, r: number, R: number): string {
  const init = R > 1 ? ` (initialisation ${r + 1})` : "";
  const unitsWord = gram === "column" ? "columns" : "rows";
  if (Math.abs(rhoOther - 1) <= tolOther) {
    return `the ${unitsWord} of W̄ do not satisfy the ${gram}-Gram identity${init}, but ρ(|${gram === "column" ? "W̄W̄ᵀ" : "W̄ᵀW̄"}|) = ${fmt(rhoOther)}: looks like ${other(gram)} Gram (declared ${gram})`;
  }
  if (rho > 1 && norm > 1) return `neither Gram's identity holds${init} (${other(gram)}: ${fmt(rhoOther)}) and ‖W̄‖₂ = ${fmt(norm)} > 1: not 1-Lipschitz — not rescaled (raw weights declared rescaled?) or scaled after the rescaling`;
  if (rho < 1) return `neither Gram's identity holds${init} (${other(gram)}: ${fmt(rhoOther)}); W̄ is smaller than this rescaling makes it (an extra factor, or another normalisation)`;
  return `neither Gram's identity holds${init} (${other(gram)}: ${fmt(rhoOther)}): not the AOL/SLL rescaling of either convention`;
}

/** The raw entries against the declared SGND(β): mean, std (if declared), kurtosis, KS. */
function rawDistributionChecks(layer: StackLayer, id: (w: string) => string, label: string, kSe: number): Expectation[] {
  const out: Expectation[] = [];
  const { weights, spec } = layer;
  const R = weights.length;
  const N = layer.d * layer.n;
  const total = N * R;
  const m1 = weights.reduce((a, w) => a + w.reduce((s, x) => s + x, 0), 0) / total;
  const m2s = weights.map(meanSquare);
  const m2 = m2s.reduce((a, b) => a + b, 0) / R;
  out.push(
    judge({
      id: id("mean"),
      description: `${label}: raw entries have mean 0 (${total} entries; SE √(m₂/N))`,
      value: m1,
      expected: 0,
      tolerance: kSe,
      unit: "se",
      se: Math.sqrt(m2 / total),
      kind: "weights-distribution",
    }),
  );
  const beta = spec.beta;
  const kurtoses = weights.map((w, r) => w.reduce((a, x) => a + x ** 4, 0) / N / (m2s[r] * m2s[r]));
  if (spec.std !== null) {
    const mu4 = beta !== null ? unitSgndMoments(beta).m4 : kurtoses.reduce((a, b) => a + b, 0) / R;
    const sd = Math.sqrt(m2);
    out.push(
      judge({
        id: id("std"),
        description: `${label}: raw entries' standard deviation (about 0) is the declared ${spec.std} (delta-method SE with kurtosis ${fmt(mu4)})`,
        value: sd,
        expected: spec.std,
        tolerance: kSe,
        unit: "se",
        se: (sd * Math.sqrt(Math.max(mu4 - 1, 0))) / (2 * Math.sqrt(total)),
        kind: "weights-distribution",
      }),
    );
  }
  if (beta === null) return out;
  const law = kurtosisLaw(beta, N);
  out.push(
    judge({
      id: id("kurtosis"),
      description: `${label}: raw entries' kurtosis m₄/m₂² (mean over ${R} initialisations) is ${betaText(beta)}'s, ${fmt(law.mean)} at ${N} entries (SE under that law, delta method)`,
      value: kurtoses.reduce((a, b) => a + b, 0) / R,
      expected: law.mean,
      tolerance: kSe,
      unit: "se",
      se: Math.sqrt(law.variance / R),
      kind: "weights-distribution",
    }),
  );
  // KS: every initialisation standardised by its own RMS, pooled (strided beyond KS_MAX_ENTRIES).
  const stride = Math.max(1, Math.ceil(total / KS_MAX_ENTRIES));
  const pooled: number[] = [];
  let at = 0;
  weights.forEach((w, r) => {
    const s = 1 / Math.sqrt(m2s[r]);
    for (let i = 0; i < w.length; i++, at++) if (at % stride === 0) pooled.push(w[i] * s);
  });
  const sorted = Float64Array.from(pooled).sort();
  out.push(
    judge({
      id: id("ks"),
      description: `${label}: raw entries, each initialisation scaled to unit RMS, against unit-variance ${betaText(beta)}: Kolmogorov–Smirnov √N·D at most ${fmt(KS_CRITICAL)} (p = ${KS_LEVEL}; N = ${sorted.length})`,
      value: ksStatistic(sorted, beta),
      expected: 0,
      tolerance: KS_CRITICAL,
      unit: "abs",
      comparison: "atMost",
      kind: "weights-distribution",
    }),
  );
  return out;
}

/** Measured over predicted mean y_ℓ² per layer, mean ± SE over initialisations, against 1. */
function forwardChecks(
  k: Kernels,
  stack: WeightStack,
  rescaled: Float64Array[][],
  yPerInit: number[][],
  refs: (Reference | null)[],
  seed: bigint | number,
  acrossTol: number,
  kSe: number,
): Expectation[] {
  const L = stack.layers.length;
  const R = stack.inits;
  const widths = [stack.layers[0].n, ...stack.layers.map((l) => l.d)];
  const relu = stack.layers.map((l) => l.spec.activation === "relu");
  const ratios: number[][] = stack.layers.map(() => []);
  // Var[w̄] entering the prediction: the declared distribution's, else the measured mean over initialisations.
  const measuredV = yPerInit.map((ys) => ys.reduce((a, b) => a + b, 0) / R);
  for (let r = 0; r < R; r++) {
    const biases = stack.layers.map((l) => l.biases?.[r] ?? new Float64Array(l.d));
    const measured = givenForward(k, { widths, weights: rescaled.map((b) => b[r]), biases, relu, batch: FORWARD_BATCH, seed, stream: R + r });
    let inputSecond = 1; // E[x_0²] of N(0, 1) inputs
    for (let l = 0; l < L; l++) {
      const layer = stack.layers[l];
      const v = refs[l]?.values[r] ?? measuredV[l];
      const predicted = layer.n * v * inputSecond + meanSquare(biases[l]);
      ratios[l].push(measured[l] / predicted);
      inputSecond = relu[l] ? predicted / 2 : predicted;
    }
  }
  return stack.layers.map((layer, l) => {
    const { mean, se } = meanSe(ratios[l]);
    const source = refs[l] ? "the declared distribution's Var[w̄]" : "the measured Var[w̄]";
    return judge({
      id: `L${layer.index}.${safe(layer.spec.weight)}.forward`,
      description: `layer ${layer.index} '${layer.spec.weight}': measured/predicted E[y²] for N(0, 1) inputs (${FORWARD_BATCH} per initialisation) within ${fmt(acrossTol)} SE (Student t ≙ ${kSe} SE) of 1; MATH.md §4 with ${source}, the layers' shapes, activations and biases`,
      value: mean,
      expected: 1,
      tolerance: acrossTol,
      unit: "se",
      se,
      kind: "weights-forward",
    });
  });
}
