/**
 * Typed wrapper for the SLL residual-stack kernel (assembly/residual.ts).
 */
import type { Kernels } from "./kernels.js";
import { requireConfig } from "../require-config.js";
import { MAX_DOUBLES, checkDimension, checkFitsFor, checkInputs, resetHistogram, split, stackParameters, withBlocks } from "./check.js";
import { layerRanges, readHistogram, type HistogramCounts, type LayerHistogramSpec } from "./histogram.js";
import { checkInit, type Initialisation, type StackWeights } from "./decay.js";

/** Doubles per residual block record (assembly/residual.ts). */
export const RESIDUAL_RECORD = 6;

export interface ResidualStackOptions {
  /** Width m of the residual stream (≥ 1). */
  width: number;
  /** Inner width k: rows of P ∈ R^{k×m} (≥ 1). */
  inner: number;
  /** Number of blocks (≥ 1). */
  blocks: number;
  batch: number;
  beta: number;
  /** Standard deviation of the entries of P (finite > 0); default: the scale α = 1. The block does not depend on it. */
  weightStd?: number;
  /** Bias b per inner unit with variance biasStd², shared by the batch; default 0. */
  biasStd?: number;
  /** SGND shape of the bias, > 0 or Infinity (default 2: normal; 1: Laplace; Infinity: uniform); Var[b] = biasStd². */
  biasBeta?: number;
  /** SLL weights θ_i ~ N(0, qStd²) per inner unit; default 0 (q ≡ 1). */
  qStd?: number;
  /**
   * How P is drawn: "iid" (default; SGND(β) entries) or "orthogonal" (Haar:
   * orthonormal rows when inner ≤ width; β and weightStd unused).
   */
  init?: Initialisation;
  /** x_0 (batch·width, sample-major); default: drawn N(0, 1) first. */
  inputs?: Float64Array;
  seed: bigint | number;
  stream?: number;
  /** Histogram of each block's output (per-block or shared ranges). */
  histogram?: LayerHistogramSpec;
  /** Also return the inputs and every block's P, q and b. */
  keepWeights?: boolean;
}

export interface BlockStatistics {
  /** 1-based block index. */
  block: number;
  /** Mean of the block output over batch and units. */
  mean: number;
  /** Mean of the output squared (its variance for zero-mean outputs). */
  meanSquare: number;
  /** Mean of (P x + b)² over batch and inner units. */
  preactivationMeanSquare: number;
  /** Mean of (2 Pᵀ diag(s)^{-1} ReLU(P x + b))²: what the block subtracts. */
  branchMeanSquare: number;
  /** Mean over units of the output's variance across the batch (0 when batch = 1). */
  unitVariance: number;
  /** Mean over pairs of inputs of the cosine between their outputs (0 when batch = 1). */
  meanCosine: number;
  hist?: HistogramCounts;
}

export interface ResidualStackResult {
  input: { mean: number; meanSquare: number };
  blocks: BlockStatistics[];
  /** W holds each block's P (inner×width). */
  weights?: StackWeights;
}

/**
 * A stack of SLL residual blocks h(x) = x − 2 Pᵀ diag(s)^{-1} ReLU(P x + b)
 * with iid SGND(β) P, forward statistics per block. Draw order: inputs
 * (unless given), then per block P, θ, b (assembly/residual.ts). Domain:
 * width, inner, blocks, batch integers ≥ 1; β and biasBeta > 0 or
 * Infinity; biasStd, qStd finite ≥ 0.
 * @param k - The kernels, from `await loadKernels()`.
 * @param options - width, inner, blocks, batch, β and the optional bias, SLL and histogram settings, seed, stream.
 * @returns Per block: mean, mean square, pre-activation and branch mean squares; optionally histograms and the weights.
 * @throws TypeError for missing options; RangeError naming the field that is out of range.
 * @example
 * ```ts
 * import { loadKernels, residualStack } from "lipvar";
 * const r = residualStack(await loadKernels(), { width: 8, inner: 8, blocks: 3, batch: 16, beta: 2, seed: 1 });
 * r.blocks.length; // returns 3
 * ```
 */
export function residualStack(k: Kernels, options: ResidualStackOptions): ResidualStackResult {
  const { width, inner, blocks, batch, beta } = requireConfig(options, "options");
  const orthogonal = checkInit(options.init) === "orthogonal";
  checkDimension("width", width);
  checkDimension("inner", inner);
  checkDimension("blocks", blocks);
  checkDimension("batch", batch);
  const { alpha, biasStd, biasBeta, qStd } = stackParameters(k, options);
  checkInputs(options.inputs, batch * width, "batch·width");
  const ranges = options.histogram ? layerRanges(options.histogram, blocks) : undefined;
  const bins = options.histogram?.bins ?? 0;
  const keep = options.keepWeights === true;
  const raw = k.raw;
  if (raw.RESIDUAL_RECORD.value !== RESIDUAL_RECORD) throw new Error("lipvar: Wasm record layout differs from the wrapper (rebuild the Wasm module)");

  // The blocks the call allocates (the `lengths` below).
  const sizeOf = (m: number, kk: number, nb: number, n: number): number[] =>
    m > MAX_DOUBLES || kk > MAX_DOUBLES || n > MAX_DOUBLES || nb > MAX_DOUBLES
      ? [Infinity]
      : [raw.residualScratchDoubles(m, kk, n), nb * (RESIDUAL_RECORD + bins + 4), n * m, keep ? nb * kk * m : 0, keep ? nb * kk : 0, keep ? nb * kk : 0, keep ? n * m : 0];
  checkFitsFor("width", width, (v) => sizeOf(v, 1, 1, 1));
  checkFitsFor("inner", inner, (v) => sizeOf(width, v, 1, 1));
  checkFitsFor("blocks", blocks, (v) => sizeOf(width, inner, v, 1));
  checkFitsFor("batch", batch, (v) => sizeOf(width, inner, blocks, v));

  const lengths = [
    raw.residualScratchDoubles(width, inner, batch), blocks * RESIDUAL_RECORD, 2,
    ranges ? blocks * (bins + 2) : 0, blocks, blocks,
    options.inputs ? options.inputs.length : 0,
    keep ? blocks * inner * width : 0, keep ? blocks * inner : 0, keep ? blocks * inner : 0, keep ? batch * width : 0,
  ];
  return withBlocks(k, lengths, ([scratch, records, inputStats, hist, histLo, histHi, x0, keepP, keepQ, keepB, keepX]) => {
    resetHistogram(hist, histLo, histHi, ranges);
    if (options.inputs) x0.view.set(options.inputs);
    k.seed({ seed: options.seed, stream: options.stream ?? 0 });
    raw.residualStack(
      width, inner, blocks, batch, alpha, beta, biasStd, biasBeta, qStd, orthogonal ? 1 : 0,
      options.inputs ? x0.ptr : 0,
      records.ptr, inputStats.ptr,
      ranges ? hist.ptr : 0, bins, histLo.ptr, histHi.ptr,
      keep ? keepP.ptr : 0, keep ? keepQ.ptr : 0, keep ? keepB.ptr : 0, keep ? keepX.ptr : 0,
      scratch.ptr,
    );
    const rec = records.view;
    const histView = ranges ? hist.view : undefined;
    const out: BlockStatistics[] = [];
    for (let i = 0; i < blocks; i++) {
      const r = rec.subarray(i * RESIDUAL_RECORD, (i + 1) * RESIDUAL_RECORD);
      const stats: BlockStatistics = { block: i + 1, mean: r[0], meanSquare: r[1], preactivationMeanSquare: r[2], branchMeanSquare: r[3], unitVariance: r[4], meanCosine: r[5] };
      if (histView && ranges) stats.hist = readHistogram(histView.subarray(i * (bins + 2), (i + 1) * (bins + 2)), bins, ranges.lo[i], ranges.hi[i]);
      out.push(stats);
    }
    const s = inputStats.view;
    const result: ResidualStackResult = { input: { mean: s[0], meanSquare: s[1] }, blocks: out };
    if (keep) {
      const lens = (len: number) => new Array<number>(blocks).fill(len);
      result.weights = {
        W: split(keepP.view, lens(inner * width)),
        q: split(keepQ.view, lens(inner)),
        bias: split(keepB.view, lens(inner)),
        inputs: keepX.view.slice(),
      };
    }
    return result;
  });
}
