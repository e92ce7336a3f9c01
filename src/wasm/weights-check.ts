/**
 * Typed wrappers for the kernels of `lipvar check --weights`
 * (assembly/weights-check.ts): the spectral checks of one rescaled matrix
 * (operator norm by power iteration, Perron root of its absolute Gram
 * bracketed by Collatz–Wielandt bounds) and a forward pass of random inputs
 * through given matrices. Matrices are row-major Float64Arrays (d × n: d
 * outputs, n inputs); every Wasm buffer allocated here is freed here.
 */
import type { Kernels } from "./kernels.js";
import { checkDimension, checkLength, withBlocks } from "./check.js";

export type GramConventionName = "column" | "row";

export interface SpectralOptions {
  /** The start vector of the operator-norm power iteration comes from this stream. */
  seed: bigint | number;
  stream?: number;
  /** Relative convergence tolerance of both iterations (default 1e-13). */
  tol?: number;
  /** Most steps of each iteration (default 5000). */
  maxIter?: number;
}

export interface SpectralResult {
  /** ‖W̄‖₂ from power iteration on the Gram (a lower bound that converges from below). */
  operatorNorm: number;
  operatorNormSteps: number;
  /** Collatz–Wielandt bracket of the Perron root ρ(|Ḡ|) of the units' absolute Gram (1 exactly for a W̄ rescaled by that Gram). */
  perronLower: number;
  perronUpper: number;
  perronSteps: number;
  /** Largest and mean squared norm of the units (columns for "column", rows for "row"). */
  maxUnitSquaredNorm: number;
  meanUnitSquaredNorm: number;
  /** Units that are exactly zero (left out of the Perron bracket). */
  zeroUnits: number;
}

/** Operator norm, Perron root of |Gram| and unit norms of one d × n matrix under a Gram convention. */
export function spectralChecks(k: Kernels, w: Float64Array, d: number, n: number, gram: GramConventionName, options: SpectralOptions): SpectralResult {
  checkDimension("d", d);
  checkDimension("n", n);
  checkLength("w", w, d * n, "d·n");
  if (gram !== "column" && gram !== "row") throw new RangeError(`gram must be "column" or "row", got ${String(gram)}`);
  const tol = options.tol ?? 1e-13;
  const maxIter = options.maxIter ?? 5000;
  if (!(tol > 0 && tol < 1)) throw new RangeError(`tol must be a number in (0, 1), got ${tol}`);
  checkDimension("maxIter", maxIter);
  const raw = k.raw;
  const row = gram === "row";
  const record = raw.SPECTRAL_RECORD.value as number;
  return withBlocks(k, [d * n, record, raw.spectralScratchDoubles(d, n, row)], ([wb, out, scratch]) => {
    wb.view.set(w);
    k.seed({ seed: options.seed, stream: options.stream ?? 0 });
    raw.spectralChecks(wb.ptr, d, n, row, tol, maxIter, out.ptr, scratch.ptr);
    const o = out.view;
    return {
      operatorNorm: Math.sqrt(o[0]),
      operatorNormSteps: o[1],
      perronLower: o[2],
      perronUpper: o[3],
      perronSteps: o[4],
      maxUnitSquaredNorm: o[5],
      meanUnitSquaredNorm: o[6],
      zeroUnits: o[7],
    };
  });
}

export interface GivenForwardInput {
  /** widths[0] inputs, then each layer's outputs: layer l maps widths[l − 1] to widths[l]. */
  widths: readonly number[];
  /** W̄_l (widths[l] × widths[l − 1], row-major) per layer. */
  weights: readonly Float64Array[];
  /** b_l (widths[l] values) per layer; zeros for none. */
  biases: readonly Float64Array[];
  /** Whether x_l = ReLU(y_l) (else x_l = y_l), per layer. */
  relu: readonly boolean[];
  /** Inputs x_0 ~ N(0, 1) in the pass (rows of the batch). */
  batch: number;
  seed: bigint | number;
  stream?: number;
}

/** Mean of y_l² over the batch and the units, per layer, for random normal inputs through the given stack. */
export function givenForward(k: Kernels, input: GivenForwardInput): number[] {
  const { widths, weights, biases, relu, batch } = input;
  const layers = widths.length - 1;
  checkDimension("layers", layers);
  widths.forEach((w, i) => checkDimension(`widths[${i}]`, w));
  checkDimension("batch", batch);
  if (weights.length !== layers || biases.length !== layers || relu.length !== layers) throw new RangeError(`weights, biases and relu must have one entry per layer (${layers})`);
  let total = 0;
  let totalBias = 0;
  for (let l = 1; l <= layers; l++) {
    if (weights[l - 1].length !== widths[l] * widths[l - 1]) throw new RangeError(`weights[${l - 1}] must hold ${widths[l]}·${widths[l - 1]} values, got ${weights[l - 1].length}`);
    if (biases[l - 1].length !== widths[l]) throw new RangeError(`biases[${l - 1}] must hold ${widths[l]} values, got ${biases[l - 1].length}`);
    total += weights[l - 1].length;
    totalBias += widths[l];
  }
  const raw = k.raw;
  return withBlocks(k, [widths.length, total, totalBias, layers, layers], ([wd, wb, bb, rb, rec]) => {
    wd.view.set(widths);
    let at = 0;
    for (const w of weights) {
      wb.view.set(w, at);
      at += w.length;
    }
    at = 0;
    for (const b of biases) {
      bb.view.set(b, at);
      at += b.length;
    }
    rb.view.set(relu.map((r) => (r ? 1 : 0)));
    const scratchLength = raw.givenForwardScratchDoubles(wd.ptr, layers, batch);
    return k.withF64(scratchLength, (scratch) => {
      k.seed({ seed: input.seed, stream: input.stream ?? 0 });
      raw.givenForward(wd.ptr, layers, batch, wb.ptr, bb.ptr, rb.ptr, rec.ptr, scratch.ptr);
      return Array.from(rec.view);
    }, "forward-pass scratch");
  });
}
