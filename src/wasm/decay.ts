/**
 * Typed wrapper for the feed-forward depth kernel (assembly/decay.ts): one
 * random AOL/SLL network, forward statistics and histograms per layer, then
 * the backward pass.
 */
import type { Kernels } from "./kernels.js";
import { requireConfig } from "../require-config.js";
import { MAX_DOUBLES, checkDimension, checkFitsFor, checkInputs, resetHistogram, split, stackParameters, weightScale, withBlocks } from "./check.js";
import { layerRanges, readHistogram, type HistogramCounts, type LayerHistogramSpec } from "./histogram.js";

/** Doubles per layer record (assembly/decay.ts). */
export const LAYER_RECORD = 8;

/**
 * How each W_l is drawn: iid SGND(β) entries; Haar (semi-)orthogonal
 * (assembly/orthogonal.ts); or `identity:ε`, the d×n identity plus iid
 * SGND(β) entries of standard deviation ε ≥ 0 (ε = 0: the identity itself).
 */
export type Initialisation = "iid" | "orthogonal" | `identity:${number}`;

/**
 * The activation after each layer: ReLU; abs; MaxMin (GroupSort with groups
 * of 2); GroupSort with groups of K consecutive units (each sorted in
 * decreasing order; a last group of d mod K units is sorted on its own).
 */
export type Activation = { kind: "relu" } | { kind: "abs" } | { kind: "groupsort"; group: number };

/** Largest GroupSort group (assembly/decay.ts keeps the permutation in one byte per unit). */
export const MAX_GROUP = 256;

/** The initialisation, "iid" when not given ("identity:ε" with ε written as a number); RangeError for anything else. */
export function checkInit(init: unknown): Initialisation {
  if (init === undefined) return "iid";
  if (init === "iid" || init === "orthogonal") return init;
  const m = typeof init === "string" ? /^identity:(.+)$/.exec(init) : null;
  const noise = m && /^[0-9.eE+-]+$/.test(m[1]) ? Number(m[1]) : NaN;
  if (!(noise >= 0) || !Number.isFinite(noise)) throw new RangeError(`init must be "iid", "orthogonal" or "identity:E" (E the noise std, a finite number >= 0, e.g. identity:0.01), got ${String(init)}`);
  return `identity:${noise}`;
}

/** The noise std ε of an `identity:ε` initialisation, or null for the others. */
export function identityNoise(init: Initialisation): number | null {
  return init.startsWith("identity:") ? Number(init.slice("identity:".length)) : null;
}

/**
 * The activation from its name — relu, abs, maxmin (= groupsort:2) or
 * groupsort:K with K an integer from 2 to MAX_GROUP — or from its object
 * form; ReLU when not given. RangeError naming the accepted values otherwise.
 */
export function parseActivation(activation: unknown): Activation {
  if (activation === undefined) return { kind: "relu" };
  const bad = () => new RangeError(`activation must be relu, abs, maxmin or groupsort:K with K an integer from 2 to ${MAX_GROUP}, got ${typeof activation === "object" ? JSON.stringify(activation) : String(activation)}`);
  let kind: unknown;
  let group: unknown;
  if (typeof activation === "string") {
    const m = /^(relu|abs|maxmin|groupsort)(?::(\d+))?$/.exec(activation.trim().toLowerCase());
    if (!m || (m[2] !== undefined) !== (m[1] === "groupsort")) throw bad();
    kind = m[1] === "maxmin" ? "groupsort" : m[1];
    group = m[1] === "maxmin" ? 2 : m[2] === undefined ? undefined : Number(m[2]);
  } else if (activation !== null && typeof activation === "object") {
    ({ kind, group } = activation as { kind?: unknown; group?: unknown });
  } else throw bad();
  if (kind === "relu" || kind === "abs") return { kind };
  if (kind === "groupsort" && typeof group === "number" && Number.isInteger(group) && group >= 2 && group <= MAX_GROUP) return { kind, group };
  throw bad();
}

/** The canonical name: relu, abs, maxmin (groups of 2) or groupsort:K. */
export function activationName(a: Activation): string {
  return a.kind === "groupsort" ? (a.group === 2 ? "maxmin" : `groupsort:${a.group}`) : a.kind;
}

/** Kernel codes of an activation (assembly/decay.ts ACTIVATION_*): [code, group]. */
function activationCode(a: Activation): [number, number] {
  return a.kind === "relu" ? [0, 0] : a.kind === "abs" ? [1, 0] : [2, a.group];
}

export interface ForwardBackwardOptions {
  /** Widths w_0..w_L (L ≥ 1 layers; layer l maps w_{l−1} inputs to w_l outputs). */
  widths: readonly number[];
  /** Inputs per call (N ≥ 1). */
  batch: number;
  /** SGND shape of the weights, > 0 or Infinity. */
  beta: number;
  /** Standard deviation of the raw weights (finite > 0); default: the scale α = 1. W̄ does not depend on it. */
  weightStd?: number;
  /**
   * Which Gram rescales W_l (d_l×n_l): "column" (default; W̄ = W diag(t)^{-1/2},
   * t from WᵀW — AOL as in Prach & Lampert) or "row" (W̄ = diag(t)^{-1/2} W, t
   * from WWᵀ — the author's feed-forward SLL layer on an out×in weight).
   */
  gram?: GramConvention;
  /** Bias b_l per unit with variance biasStd², shared by the batch; 0 (default): no bias. */
  biasStd?: number;
  /**
   * SGND shape of the bias, > 0 or Infinity (default 2: N(0, biasStd²); 1:
   * Laplace; Infinity: uniform on [−√3·biasStd, √3·biasStd]). The scale is
   * set so that Var[b] = biasStd² for every shape.
   */
  biasBeta?: number;
  /** SLL weights θ_i ~ N(0, qStd²) per layer; 0 (default): AOL. */
  qStd?: number;
  /** Loss = Σ activation(y_L) instead of Σ y_L (default false; the name is historic: ReLU was the only activation). */
  reluOnOutput?: boolean;
  /** How each W_l is drawn (default "iid"; "orthogonal" ignores beta and weightStd). */
  init?: Initialisation;
  /** The activation after each layer (default ReLU); a name as parseActivation accepts, or its object form. */
  activation?: Activation | string;
  /** Every layer uses layer 1's W and b (square widths only), as the author's gradient experiment does (default false). */
  tied?: boolean;
  /** The inputs x_0 (batch·w_0, sample-major); default: drawn N(0, 1) from the stream first. */
  inputs?: Float64Array;
  seed: bigint | number;
  stream?: number;
  /** Histogram of y_l per layer (ranges per layer, since the variance decays with depth). */
  histogram?: LayerHistogramSpec;
  /** Histogram of ∂loss/∂y_l per layer (ranges per layer: the gradient shrinks towards the input). */
  gradHistogram?: LayerHistogramSpec;
  /** Also return the inputs and the raw weights, q and biases of every layer (for checks at small sizes). */
  keepWeights?: boolean;
}

export interface LayerStatistics {
  /** 1-based layer index. */
  layer: number;
  /** Outputs d_l and inputs n_l of the layer. */
  d: number;
  n: number;
  /** Mean of y_l over batch and units. */
  mean: number;
  /** Mean of y_l² over batch and units: Var[y_l] of MATH.md §4 (y is zero-mean in expectation). */
  variance: number;
  /** Mean of x_l² = activation(y_l)² (≈ variance/2 for ReLU, = variance for the norm-preserving ones). */
  activationMeanSquare: number;
  /** Mean of (∂loss/∂y_l)² (1 at the last layer without reluOnOutput). */
  gradOutputMeanSquare: number;
  /** Mean of (∂loss/∂x_{l−1})²: G_{l−1} of src/analytic/decay.ts, shrinking by (d_l/2)·Var[w̄] per layer. */
  gradInputMeanSquare: number;
  /** Mean of w̄² over this layer's entries: this draw's Var[w̄]. */
  weightMeanSquare: number;
  /** Mean over units of the variance of y_l across the batch (0 when batch = 1): the spread between inputs. */
  unitVariance: number;
  /** Mean over pairs of inputs of cos(y_l for one, y_l for the other) (0 when batch = 1). */
  meanCosine: number;
  hist?: HistogramCounts;
  /** Histogram of ∂loss/∂y_l, when `gradHistogram` was requested. */
  gradHist?: HistogramCounts;
}

export interface StackWeights {
  /** Raw weight matrices (before rescaling), row-major, one per layer or block. */
  W: Float64Array[];
  /** SLL weights q (1 for AOL). */
  q: Float64Array[];
  /** Biases (0 without bias). */
  bias: Float64Array[];
  /** The inputs x_0 the pass used (batch·w_0, sample-major). */
  inputs: Float64Array;
}

export interface ForwardBackwardResult {
  /** Mean and mean square of the inputs x_0. */
  input: { mean: number; meanSquare: number };
  layers: LayerStatistics[];
  weights?: StackWeights;
}

/** Which Gram rescales a feed-forward weight: its columns' (AOL, Prach & Lampert) or its rows' (the author's SLL layer). */
export type GramConvention = "column" | "row";

/** The Gram convention, "column" when not given; RangeError for anything else. */
export function checkGram(gram: unknown): GramConvention {
  if (gram === undefined) return "column";
  if (gram !== "column" && gram !== "row") throw new RangeError(`gram must be "column" or "row", got ${String(gram)}`);
  return gram;
}

function checkWidths(widths: readonly number[], name: string): void {
  if (!Array.isArray(widths) || widths.length < 2) {
    throw new RangeError(`${name} must be an array of at least 2 widths (w_0..w_L), got ${Array.isArray(widths) ? widths.length : typeof widths}`);
  }
  widths.forEach((w, i) => checkDimension(`${name}[${i}]`, w));
}

/**
 * One random feed-forward AOL/SLL network with `batch` inputs: forward
 * statistics and histograms per layer, then the backward pass of
 * loss = Σ y_L. Draw order: inputs (unless given), then per layer W, θ, b
 * (assembly/decay.ts). Domain: widths integers ≥ 1, batch ≥ 1, β > 0 or
 * Infinity, biasStd and qStd finite ≥ 0, biasBeta > 0 or Infinity.
 * @param k - The kernels, from `await loadKernels()`.
 * @param options - widths, batch, β and the optional bias, SLL, Gram-convention and histogram settings, seed, stream.
 * @returns Per layer: mean, Var[y], gradient second moments, this draw's Var[w̄]; optionally histograms and the weights.
 * @throws TypeError for missing options; RangeError naming the field that is out of range.
 * @example
 * ```ts
 * import { loadKernels, forwardBackward } from "lipvar";
 * const r = forwardBackward(await loadKernels(), { widths: [16, 16, 16], batch: 32, beta: 2, seed: 1 });
 * r.layers.map((l) => l.layer); // returns [1, 2]
 * ```
 */
export function forwardBackward(k: Kernels, options: ForwardBackwardOptions): ForwardBackwardResult {
  const { widths, batch, beta } = requireConfig(options, "options");
  checkWidths(widths, "widths");
  checkDimension("batch", batch);
  const initialisation = checkInit(options.init);
  const noise = identityNoise(initialisation);
  if (noise !== null && options.weightStd !== undefined) throw new RangeError(`weightStd does not apply to init ${initialisation} (the noise std is relative to the identity's 1)`);
  const stack = stackParameters(k, options);
  const { biasStd, biasBeta, qStd } = stack;
  // identity:ε — the noise entries are SGND(β) of std ε (α = 0: none).
  const alpha = noise === null ? stack.alpha : noise === 0 ? 0 : weightScale(k, noise, beta);
  const rowGram = checkGram(options.gram) === "row";
  const tied = options.tied === true;
  const init = initialisation === "orthogonal" ? 1 : noise !== null ? 2 : 0;
  const [activation, group] = activationCode(parseActivation(options.activation));
  const L = widths.length - 1;
  if (tied && widths.some((w) => w !== widths[0])) throw new RangeError(`tied weights need equal widths (one square W for every layer), got ${widths.join(",")}`);
  checkInputs(options.inputs, batch * widths[0], "batch·widths[0]");
  const ranges = options.histogram ? layerRanges(options.histogram, L) : undefined;
  const bins = options.histogram?.bins ?? 0;
  const gradRanges = options.gradHistogram ? layerRanges(options.gradHistogram, L, "gradHistogram") : undefined;
  const gradBins = options.gradHistogram?.bins ?? 0;
  const keep = options.keepWeights === true;
  const raw = k.raw;
  if (raw.LAYER_RECORD.value !== LAYER_RECORD) throw new Error("lipvar: Wasm record layout differs from the wrapper (rebuild the Wasm module)");

  const layerShapes = widths.slice(1).map((d, i) => ({ d, n: widths[i] }));
  // The blocks the call allocates (the `lengths` below), for widths `ws` and batch n.
  const sizeOf = (ws: readonly number[], n: number): number[] =>
    k.withF64(ws.length, (wb) => {
      if (ws.some((w) => w > MAX_DOUBLES) || n > MAX_DOUBLES) return [Infinity];
      wb.view.set(ws);
      const dn = ws.slice(1).reduce((s, d, i) => s + d * ws[i], 0);
      const sumD = ws.slice(1).reduce((s, d) => s + d, 0);
      const sumN = ws.slice(0, -1).reduce((s, w) => s + w, 0);
      const layers = ws.length - 1;
      return [
        raw.forwardBackwardScratchDoubles(wb.ptr, layers, n, rowGram ? 1 : 0, tied ? 1 : 0, init), layers * (LAYER_RECORD + bins + 4 + (gradRanges ? gradBins + 4 : 0)),
        n * ws[0], keep ? dn : 0, keep ? (rowGram ? sumD : sumN) : 0, keep ? sumD : 0, keep ? n * ws[0] : 0,
      ];
    });
  if (widths.every((w) => w === widths[0])) {
    // A square stack: name the depth (at width 1), then the common width.
    checkFitsFor("depth", L, (v) => sizeOf(new Array<number>(v + 1).fill(1), 1));
    checkFitsFor("width (every layer)", widths[0], (v) => sizeOf(new Array<number>(L + 1).fill(v), 1));
  } else {
    // In turn, the widths after the one checked held at 1.
    widths.forEach((w, j) => checkFitsFor(`widths[${j}]`, w, (v) => sizeOf(widths.map((x, i) => (i < j ? x : i === j ? v : 1)), 1)));
  }
  checkFitsFor("batch", batch, (v) => sizeOf(widths, v));

  const sumDN = layerShapes.reduce((s, l) => s + l.d * l.n, 0);
  const sumD = layerShapes.reduce((s, l) => s + l.d, 0);
  const sumN = layerShapes.reduce((s, l) => s + l.n, 0);
  return k.withF64(widths.length, (wb) => {
    wb.view.set(widths);
    const scratchDoubles = raw.forwardBackwardScratchDoubles(wb.ptr, L, batch, rowGram ? 1 : 0, tied ? 1 : 0, init);
    const lengths = [
      scratchDoubles, L * LAYER_RECORD, 2,
      ranges ? L * (bins + 2) : 0, L, L,
      options.inputs ? options.inputs.length : 0,
      keep ? sumDN : 0, keep ? (rowGram ? sumD : sumN) : 0, keep ? sumD : 0, keep ? batch * widths[0] : 0,
      gradRanges ? L * (gradBins + 2) : 0, L, L,
    ];
    return withBlocks(k, lengths, ([scratch, records, inputStats, hist, histLo, histHi, x0, keepW, keepQ, keepB, keepX, gradHist, gradLo, gradHi]) => {
      resetHistogram(hist, histLo, histHi, ranges);
      resetHistogram(gradHist, gradLo, gradHi, gradRanges);
      if (options.inputs) x0.view.set(options.inputs);
      k.seed({ seed: options.seed, stream: options.stream ?? 0 });
      raw.forwardBackward(
        wb.ptr, L, batch, alpha, beta, biasStd, biasBeta, qStd, options.reluOnOutput ? 1 : 0, rowGram ? 1 : 0, tied ? 1 : 0,
        init, activation, group,
        options.inputs ? x0.ptr : 0,
        records.ptr, inputStats.ptr,
        ranges ? hist.ptr : 0, bins, histLo.ptr, histHi.ptr,
        gradRanges ? gradHist.ptr : 0, gradBins, gradLo.ptr, gradHi.ptr,
        keep ? keepW.ptr : 0, keep ? keepQ.ptr : 0, keep ? keepB.ptr : 0, keep ? keepX.ptr : 0,
        scratch.ptr,
      );
      const rec = records.view;
      const histView = ranges ? hist.view : undefined;
      const layers: LayerStatistics[] = layerShapes.map(({ d, n }, i) => {
        const r = rec.subarray(i * LAYER_RECORD, (i + 1) * LAYER_RECORD);
        const stats: LayerStatistics = {
          layer: i + 1, d, n,
          mean: r[0], variance: r[1], activationMeanSquare: r[2],
          gradOutputMeanSquare: r[3], gradInputMeanSquare: r[4], weightMeanSquare: r[5],
          unitVariance: r[6], meanCosine: r[7],
        };
        if (histView && ranges) stats.hist = readHistogram(histView.subarray(i * (bins + 2), (i + 1) * (bins + 2)), bins, ranges.lo[i], ranges.hi[i]);
        if (gradRanges) stats.gradHist = readHistogram(gradHist.view.subarray(i * (gradBins + 2), (i + 1) * (gradBins + 2)), gradBins, gradRanges.lo[i], gradRanges.hi[i]);
        return stats;
      });
      const s = inputStats.view;
      const result: ForwardBackwardResult = { input: { mean: s[0], meanSquare: s[1] }, layers };
      if (keep) {
        result.weights = {
          W: split(keepW.view, layerShapes.map((l) => l.d * l.n)),
          q: split(keepQ.view, layerShapes.map((l) => (rowGram ? l.d : l.n))),
          bias: split(keepB.view, layerShapes.map((l) => l.d)),
          inputs: keepX.view.slice(),
        };
      }
      return result;
    });
  });
}
