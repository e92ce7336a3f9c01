// Forward and backward passes through one random feed-forward AOL (or SLL)
// network, for the depth-decay measurements of MATH.md §4.
//
// Widths w_0..w_L; layer l = 1..L has W_l ∈ R^{d_l×n_l}, d_l = w_l, n_l = w_{l−1},
// iid SGND(α, β) entries (α any scale: W̄ does not depend on it), rescaled
// W̄_l = W_l diag(t)^{-1/2} with t from the column Gram W_lᵀW_l (AOL, Prach &
// Lampert; or SLL with q_i = exp(θ_i), θ_i ~ N(0, s²) when qStd = s > 0), or —
// with rowGram — W̄_l = diag(t)^{-1/2} W_l with t from the row Gram W_l W_lᵀ
// (the author's feed-forward SLL layer on a PyTorch out×in weight), and
//   y_l = W̄_l x_{l−1} + b_l,   x_l = ReLU(y_l),
// for a batch of N inputs x_0 ~ N(0, 1). The bias b_l is drawn once per unit
// and layer and shared by the whole batch — one real network, whose
// randomness over draws gives the σ_b² of MATH.md §4. It is SGND(β_b) with
// variance σ_b² (β_b = 2: N(0, σ_b²); 1: Laplace; Infinity: uniform on
// [−√3σ_b, √3σ_b]); the recursion of MATH.md §4 needs only σ_b².
//
// Backward: loss = Σ_{batch, units} y_L (or Σ x_L with reluOnOutput). The
// kernel propagates ∂loss/∂y_l and ∂loss/∂x_{l−1} = W̄_lᵀ ∂loss/∂y_l; the
// mean square of ∂loss/∂x_{l−1} shrinks by (d_l/2)·Var[w̄_l] per layer
// (src/analytic/decay.ts, G_{l−1} = (d_l/2) v_l G_l).
//
// One call is one network realisation with N inputs. A caller chunking a
// large batch over calls either lets each call draw its own network (more
// independent draws), or passes the inputs (x0) and re-seeds the same stream
// so every chunk regenerates the same weights.
//
// Draw order from the active stream: x_0 (N·w_0 values, sample-major, unless
// supplied), then for each layer l = 1..L: W_l (d_l·n_l, row-major, fillSgnd),
// θ (n_l values — d_l with rowGram — only when qStd > 0), b_l (d_l values, only when biasStd > 0).
//
// Remedies (docs/MATH.md "Remedies"): `init` 1 draws each W_l Haar
// (semi-)orthogonal instead (assembly/orthogonal.ts: d_l·n_l normals in place
// of the SGND draws, same position in the draw order); `init` 2 draws
// W_l = E + N with E the d_l×n_l identity (ones at (i, i), i < min(d_l, n_l))
// and N the SGND(α, β) draws of init 0 — α = 0 gives E itself, drawing
// nothing; and `activation`
// replaces the ReLU by abs (1) or GroupSort (2) with groups of `group`
// consecutive units sorted in decreasing order (group 2: MaxMin; a last group
// of d mod K units is sorted on its own). The backward pass routes each
// gradient through the activation's Jacobian (a 0/1 mask, a ±1 sign, or the
// sorting permutation), recorded per unit and sample in the forward pass.
//
// Layout: activations are sample-major (row b of an N×w buffer is sample b),
// so Y = X·W̄ᵀ and ∂X = ∂Y·W̄ are plain products with strides.
import { fillNormal, fillSgnd, normalNext } from "./gnd";
import { sgndScaleForStd } from "./sgnd-scale";
import { gemmStrided, gemmScratchDoubles } from "./gemm";
import { gramStrided, gramScratchDoubles } from "./gram";
import { rescaleNormalizers, safeInverseSqrt } from "./aol";
import { histogramAdd } from "./histogram";
import { fillOrthogonal, orthogonalScratchDoubles } from "./orthogonal";
import { addDirection, meanCosineFromSums, unitVarianceFromSums } from "./spread";

/** Activation codes (the host passes these). */
export const ACTIVATION_RELU: i32 = 0;
export const ACTIVATION_ABS: i32 = 1;
export const ACTIVATION_GROUPSORT: i32 = 2;
/** Initialisation codes. */
export const INIT_IID: i32 = 0;
export const INIT_ORTHOGONAL: i32 = 1;
export const INIT_IDENTITY: i32 = 2;
/** Largest GroupSort group (the sorting permutation is kept in one byte per unit). */
export const MAX_GROUP: i32 = 256;

/**
 * Doubles per layer record:
 *  0 yMean                mean of y_l over batch and units
 *  1 yMeanSquare          mean of y_l²  (Var[y_l] of MATH.md §4)
 *  2 xMeanSquare          mean of x_l² = ReLU(y_l)²
 *  3 gradOutputMeanSquare mean of (∂loss/∂y_l)²
 *  4 gradInputMeanSquare  mean of (∂loss/∂x_{l−1})², the gradient reaching the layer's input
 *  5 weightMeanSquare     mean of w̄² over W̄_l's entries (this draw's Var[w̄])
 *  6 unitVariance         mean over units of the variance of y_l across the batch (divisor N; 0 when N = 1)
 *  7 meanCosine           mean over pairs b ≠ b′ of cos(y_l,b, y_l,b′) (a zero row counts as cosine 0; 0 when N = 1)
 */
export const LAYER_RECORD: i32 = 8;

// @ts-ignore: decorator
@inline function even(x: f64): f64 {
  return Math.ceil(x / 2.0) * 2.0;
}

// @ts-ignore: decorator
@inline function widthAt(widths: usize, l: i32): i32 {
  return <i32>load<f64>(widths + (<usize>l << 3));
}

/**
 * Applies the activation to one sample's row y (d units) in place and records
 * its Jacobian per unit in `mask`: ReLU 1 where y > 0; abs 1 (y > 0), 2 (y < 0)
 * or 0; GroupSort the position within its group of the unit each output
 * came from. Returns Σ x² over the row.
 */
// @ts-ignore: decorator
@inline function activateRow(row: usize, mask: usize, d: i32, activation: i32, group: i32): f64 {
  let sq = 0.0;
  if (activation == ACTIVATION_RELU) {
    for (let k = 0; k < d; k++) {
      const p = row + (<usize>k << 3);
      const y = load<f64>(p);
      const active = y > 0.0;
      store<u8>(mask + <usize>k, <u8>active);
      const x = active ? y : 0.0;
      sq += x * x;
      store<f64>(p, x);
    }
    return sq;
  }
  if (activation == ACTIVATION_ABS) {
    for (let k = 0; k < d; k++) {
      const p = row + (<usize>k << 3);
      const y = load<f64>(p);
      store<u8>(mask + <usize>k, y > 0.0 ? 1 : y < 0.0 ? 2 : 0);
      sq += y * y;
      store<f64>(p, abs<f64>(y));
    }
    return sq;
  }
  // GroupSort: insertion sort (decreasing) of each group, carrying the source positions.
  for (let g = 0; g < d; g += group) {
    const size = min(group, d - g);
    const base = row + (<usize>g << 3);
    const m = mask + <usize>g;
    for (let j = 0; j < size; j++) {
      const v = load<f64>(base + (<usize>j << 3));
      sq += v * v;
      let i = j;
      while (i > 0 && load<f64>(base + (<usize>(i - 1) << 3)) < v) {
        store<f64>(base + (<usize>i << 3), load<f64>(base + (<usize>(i - 1) << 3)));
        store<u8>(m + <usize>i, load<u8>(m + <usize>(i - 1)));
        i--;
      }
      store<f64>(base + (<usize>i << 3), v);
      store<u8>(m + <usize>i, <u8>j);
    }
  }
  return sq;
}

/**
 * ∂y from ∂x for one sample's row (d units), in place, through the Jacobian
 * activateRow recorded: ReLU masks, abs multiplies by the sign, GroupSort
 * sends output j's gradient back to the unit it came from (`temp`: group doubles).
 */
// @ts-ignore: decorator
@inline function backRow(row: usize, mask: usize, d: i32, activation: i32, group: i32, temp: usize): void {
  if (activation == ACTIVATION_RELU) {
    for (let k = 0; k < d; k++) {
      const p = row + (<usize>k << 3);
      store<f64>(p, load<u8>(mask + <usize>k) ? load<f64>(p) : 0.0);
    }
    return;
  }
  if (activation == ACTIVATION_ABS) {
    for (let k = 0; k < d; k++) {
      const p = row + (<usize>k << 3);
      const code = load<u8>(mask + <usize>k);
      store<f64>(p, code == 1 ? load<f64>(p) : code == 2 ? -load<f64>(p) : 0.0);
    }
    return;
  }
  for (let g = 0; g < d; g += group) {
    const size = min(group, d - g);
    const base = row + (<usize>g << 3);
    memory.copy(temp, base, <usize>size << 3);
    for (let j = 0; j < size; j++) {
      store<f64>(base + (<usize>load<u8>(mask + <usize>(g + j)) << 3), load<f64>(temp + (<usize>j << 3)));
    }
  }
}

/** Doubles of packing scratch the largest product or Gram of the stack needs. */
function packDoubles(widths: usize, layers: i32, batch: i32, rowGram: bool, orthogonal: bool): i32 {
  let most = 0;
  for (let l = 1; l <= layers; l++) {
    const n = widthAt(widths, l - 1);
    const d = widthAt(widths, l);
    most = max(most, rowGram ? gramScratchDoubles(n, d) : gramScratchDoubles(d, n));
    // The orthogonal draw runs before the layer's Gram and products: it can share their scratch.
    if (orthogonal) most = max(most, <i32>orthogonalScratchDoubles(d, n));
    most = max(most, gemmScratchDoubles(batch, d, n));
    most = max(most, gemmScratchDoubles(batch, n, d));
  }
  return most;
}

/**
 * Doubles of scratch forwardBackward needs (as f64: the host checks it fits
 * before allocating). `widths` holds layers + 1 widths as doubles; rowGram as for forwardBackward.
 */
export function forwardBackwardScratchDoubles(widths: usize, layers: i32, batch: i32, rowGram: bool, tied: bool, init: i32): f64 {
  let weights = 0.0;
  let biases = 0.0;
  let masks = 0.0;
  let widest = 0;
  let gramSize = 0.0;
  for (let l = 0; l <= layers; l++) widest = max(widest, widthAt(widths, l));
  for (let l = 1; l <= layers; l++) {
    const n = <f64>widthAt(widths, l - 1);
    const d = <f64>widthAt(widths, l);
    // Tied: every layer uses layer 1's weights and bias, stored once.
    if (!tied || l == 1) {
      weights += even(d * n);
      biases += even(d);
    }
    masks += <f64>batch * d;
    const units = rowGram ? d : n;
    gramSize = Math.max(gramSize, even(units * units));
  }
  const perUnit = even(<f64>widest) * 3.0; // t, q, scales
  const activations = even(<f64>batch * <f64>widest) * 2.0;
  return weights + biases + perUnit + gramSize + <f64>packDoubles(widths, layers, batch, rowGram, init == INIT_ORTHOGONAL) + activations + even(Math.ceil(masks / 8.0));
}

/**
 * Run the stack (see the file comment).
 *  - widths: layers + 1 doubles w_0..w_L (integers ≥ 1).
 *  - x0: 0 to draw the inputs, or N·w_0 doubles (sample-major).
 *  - records: layers·LAYER_RECORD doubles, layer l (1-based) at index l − 1.
 *  - inputStats: 2 doubles, [mean, mean square] of x_0.
 *  - hist: 0, or layers·(bins + 2) doubles; layer l's histogram of y_l over
 *    [histLo[l−1], histHi[l−1]) is added at hist + 8·(l−1)(bins + 2).
 *  - gradHist: 0, or layers·(gradBins + 2) doubles; layer l's histogram of
 *    ∂loss/∂y_l over [gradLo[l−1], gradHi[l−1]), same layout as hist.
 *  - keepW / keepQ / keepBias: 0, or Σ d_l n_l / Σ n_l / Σ d_l doubles that
 *    receive each layer's raw W_l, q (1 for AOL) and b_l (0 without bias),
 *    layer after layer — for checks against an independent implementation;
 *    keepX0: 0, or N·w_0 doubles receiving the inputs.
 *  - alpha > 0: the weights' SGND scale (W̄ does not depend on it).
 *  - rowGram: rescale the rows of W_l by its row Gram (keepQ then receives
 *    d_l values per layer) instead of the columns by its column Gram.
 *  - biasStd ≥ 0 (0: no bias), biasBeta > 0 or Infinity: the bias's SGND shape
 *    (2 draws with fillNormal exactly as before the shape existed).
 *  - tied: every layer uses layer 1's W and b (square widths only; the
 *    author's gradient experiment repeats one layer module L times); only
 *    layer 1's W, θ, b are drawn, and keepW/keepQ/keepBias repeat them per layer.
 *  - init: INIT_IID (SGND(α, β) entries), INIT_ORTHOGONAL (Haar, α and β unused) or
 *    INIT_IDENTITY (the d×n identity plus SGND(α, β) entries; α = 0: the identity alone).
 *  - activation: ACTIVATION_RELU, ACTIVATION_ABS or ACTIVATION_GROUPSORT with
 *    groups of `group` units (2 ≤ group ≤ MAX_GROUP; ignored otherwise).
 *    reluOnOutput then means loss = Σ activation(y_L).
 *  - scratch: forwardBackwardScratchDoubles(widths, layers, batch, rowGram, tied, init) doubles, 16-byte aligned.
 */
export function forwardBackward(
  widths: usize, layers: i32, batch: i32,
  alpha: f64, beta: f64, biasStd: f64, biasBeta: f64, qStd: f64, reluOnOutput: bool, rowGram: bool, tied: bool,
  init: i32, activation: i32, group: i32,
  x0: usize,
  records: usize, inputStats: usize,
  hist: usize, bins: i32, histLo: usize, histHi: usize,
  gradHist: usize, gradBins: i32, gradLo: usize, gradHi: usize,
  keepW: usize, keepQ: usize, keepBias: usize, keepX0: usize,
  scratch: usize,
): void {
  let widest = 0;
  let gramSize = 0;
  let weightTotal = 0;
  let biasTotal = 0;
  for (let l = 0; l <= layers; l++) widest = max(widest, widthAt(widths, l));
  for (let l = 1; l <= layers; l++) {
    const n = widthAt(widths, l - 1);
    const d = widthAt(widths, l);
    if (!tied || l == 1) {
      weightTotal += (d * n + 1) & ~1;
      biasTotal += (d + 1) & ~1;
    }
    const units = rowGram ? d : n;
    gramSize = max(gramSize, (units * units + 1) & ~1);
  }
  const wideEven = (widest + 1) & ~1;
  const actSize = (batch * widest + 1) & ~1;
  // Carve the scratch (every section a multiple of 2 doubles: 16-byte aligned).
  const weights = scratch;
  const biases = weights + (<usize>weightTotal << 3);
  const t = biases + (<usize>biasTotal << 3);
  const q = t + (<usize>wideEven << 3);
  const scale = q + (<usize>wideEven << 3);
  const g = scale + (<usize>wideEven << 3);
  const pack = g + (<usize>gramSize << 3);
  const orthogonal = init == INIT_ORTHOGONAL;
  let bufA = pack + (<usize>packDoubles(widths, layers, batch, rowGram, orthogonal) << 3);
  let wSum = 0.0;
  let bufB = bufA + (<usize>actSize << 3);
  const masks = bufB + (<usize>actSize << 3); // one byte per unit and sample, layer after layer
  const useQ = qStd > 0.0;
  const useBias = biasStd > 0.0;
  const normalBias = biasBeta == 2.0;
  const biasAlpha = normalBias ? 0.0 : sgndScaleForStd(biasStd, biasBeta);
  const withHist = hist != 0 && bins > 0;
  const withGradHist = gradHist != 0 && gradBins > 0;

  // Inputs.
  const w0 = widthAt(widths, 0);
  const inputCount = batch * w0;
  if (x0 != 0) memory.copy(bufA, x0, <usize>inputCount << 3);
  else fillNormal(bufA, inputCount, 0.0, 1.0);
  if (keepX0 != 0) memory.copy(keepX0, bufA, <usize>inputCount << 3);
  let s1 = 0.0, s2 = 0.0;
  for (let i = 0; i < inputCount; i++) {
    const x = load<f64>(bufA + (<usize>i << 3));
    s1 += x;
    s2 += x * x;
  }
  store<f64>(inputStats, s1 / <f64>inputCount);
  store<f64>(inputStats, s2 / <f64>inputCount, 8);

  // Forward: x (bufA) → y, x_l (bufB), then swap.
  let wl = weights;
  let bl = biases;
  let ml = masks;
  let keepWl = keepW, keepQl = keepQ, keepBl = keepBias;
  for (let l = 1; l <= layers; l++) {
    const n = widthAt(widths, l - 1);
    const d = widthAt(widths, l);
    const size = d * n;
    // The rescaled units: the n columns (column Gram) or the d rows (row Gram).
    const units = rowGram ? d : n;
    // Tied layers after the first reuse layer 1's rescaled W̄ and b (and its q, still in place).
    const fresh = !tied || l == 1;
    if (fresh) {
      if (orthogonal) fillOrthogonal(wl, d, n, pack);
      else if (init == INIT_IDENTITY && alpha == 0.0) memory.fill(wl, 0, <usize>size << 3);
      else fillSgnd(wl, size, alpha, beta);
      if (init == INIT_IDENTITY) {
        for (let i = 0, m = min(d, n); i < m; i++) {
          const at = wl + (<usize>(i * n + i) << 3);
          store<f64>(at, load<f64>(at) + 1.0);
        }
      }
      if (useQ) for (let i = 0; i < units; i++) store<f64>(q + (<usize>i << 3), Math.exp(qStd * normalNext()));
      if (useBias) {
        if (normalBias) fillNormal(bl, d, 0.0, biasStd);
        else fillSgnd(bl, d, biasAlpha, biasBeta);
      } else memory.fill(bl, 0, <usize>d << 3);
    }
    // Kept raw values: the fresh draws, or (tied) a copy of layer 1's kept ones.
    if (keepW != 0) {
      memory.copy(keepWl, fresh ? wl : keepW, <usize>size << 3);
      keepWl += <usize>size << 3;
    }
    if (keepQ != 0) {
      for (let i = 0; i < units; i++) store<f64>(keepQl + (<usize>i << 3), useQ ? load<f64>(q + (<usize>i << 3)) : 1.0);
      keepQl += <usize>units << 3;
    }
    if (keepBias != 0) {
      memory.copy(keepBl, fresh ? bl : keepBias, <usize>d << 3);
      keepBl += <usize>d << 3;
    }

    if (fresh) {
      // Rescale in place: W̄ = W diag(t)^{-1/2} (columns, G = WᵀW) or
      // diag(t)^{-1/2} W (rows, G = WWᵀ, the Gram of Wᵀ: strides (1, n));
      // mean of w̄² = Σ_i G_ii/t_i / (dn) either way.
      if (rowGram) gramStrided(wl, n, d, 1, n, g, pack);
      else gramStrided(wl, d, n, n, 1, g, pack);
      rescaleNormalizers(g, units, useQ ? q : 0, t);
      wSum = 0.0;
      for (let i = 0; i < units; i++) {
        const ti = load<f64>(t + (<usize>i << 3));
        if (ti != 0.0) wSum += load<f64>(g + ((<usize>i * <usize>units + <usize>i) << 3)) / ti;
        store<f64>(scale + (<usize>i << 3), safeInverseSqrt(ti));
      }
      for (let k = 0; k < d; k++) {
        const row = wl + (<usize>k * <usize>n << 3);
        const rowScale = rowGram ? load<f64>(scale + (<usize>k << 3)) : 1.0;
        for (let i = 0; i < n; i++) {
          const p = row + (<usize>i << 3);
          store<f64>(p, load<f64>(p) * (rowGram ? rowScale : load<f64>(scale + (<usize>i << 3))));
        }
      }
    }

    // y = x·W̄ᵀ + b (N×d), statistics, histogram, then x_l = activation(y) in place.
    gemmStrided(batch, d, n, bufA, n, 1, wl, 1, n, bufB, d, false, false, pack);
    const counts = withHist ? hist + (<usize>((l - 1) * (bins + 2)) << 3) : 0;
    const lo = withHist ? load<f64>(histLo + (<usize>(l - 1) << 3)) : 0.0;
    const perUnit = withHist ? <f64>bins / (load<f64>(histHi + (<usize>(l - 1) << 3)) - lo) : 0.0;
    // Spread across the batch, in the per-unit buffers the rescaling is done with:
    // per-unit sums of y and the sum of the rows scaled to unit length.
    const unitSum = t; // d doubles: Σ_b y_bk
    const dirSum = scale; // d doubles: Σ_b y_b/‖y_b‖
    memory.fill(unitSum, 0, <usize>d << 3);
    memory.fill(dirSum, 0, <usize>d << 3);
    let ySum = 0.0, ySq = 0.0, xSq = 0.0, unitNorms = 0.0;
    for (let b = 0; b < batch; b++) {
      const row = bufB + (<usize>b * <usize>d << 3);
      let rowSq = 0.0;
      for (let k = 0; k < d; k++) {
        const p = row + (<usize>k << 3);
        const y = load<f64>(p) + load<f64>(bl + (<usize>k << 3));
        store<f64>(p, y);
        ySum += y;
        rowSq += y * y;
        const u = unitSum + (<usize>k << 3);
        store<f64>(u, load<f64>(u) + y);
        if (withHist) histogramAdd(counts, bins, lo, perUnit, y);
      }
      ySq += rowSq;
      unitNorms += addDirection(dirSum, row, d, rowSq);
      xSq += activateRow(row, ml + <usize>b * <usize>d, d, activation, group);
    }
    const cells = <f64>batch * <f64>d;
    const rec = records + (<usize>((l - 1) * LAYER_RECORD) << 3);
    store<f64>(rec, ySum / cells);
    store<f64>(rec, ySq / cells, 8);
    store<f64>(rec, xSq / cells, 16);
    store<f64>(rec, wSum / <f64>size, 40);
    // Per-unit variance across the batch, averaged over units: E_b y² − (E_b y)².
    store<f64>(rec, batch > 1 ? unitVarianceFromSums(unitSum, d, batch, ySq / cells) : 0.0, 48);
    // Mean pairwise cosine: (‖Σ_b u_b‖² − Σ_b ‖u_b‖²) / (N(N − 1)), u_b the unit rows.
    store<f64>(rec, batch > 1 ? meanCosineFromSums(dirSum, d, batch, unitNorms) : 0.0, 56);

    const swap = bufA;
    bufA = bufB;
    bufB = swap;
    if (!tied) {
      wl += <usize>((size + 1) & ~1) << 3;
      bl += <usize>((d + 1) & ~1) << 3;
    }
    ml += <usize>batch * <usize>d;
  }

  // Backward. ∂loss/∂y_L = 1 (or, with reluOnOutput, 1 through the activation's Jacobian);
  // bufA holds ∂y, bufB receives ∂x; `t` is the GroupSort scatter's temporary.
  const dL = widthAt(widths, layers);
  ml -= <usize>batch * <usize>dL;
  for (let i = 0; i < batch * dL; i++) store<f64>(bufA + (<usize>i << 3), 1.0);
  if (reluOnOutput) {
    for (let b = 0; b < batch; b++) backRow(bufA + (<usize>b * <usize>dL << 3), ml + <usize>b * <usize>dL, dL, activation, group, t);
  }
  for (let l = layers; l >= 1; l--) {
    const n = widthAt(widths, l - 1);
    const d = widthAt(widths, l);
    if (!tied) wl -= <usize>((d * n + 1) & ~1) << 3;
    const gradCounts = withGradHist ? gradHist + (<usize>((l - 1) * (gradBins + 2)) << 3) : 0;
    const gLo = withGradHist ? load<f64>(gradLo + (<usize>(l - 1) << 3)) : 0.0;
    const gPerUnit = withGradHist ? <f64>gradBins / (load<f64>(gradHi + (<usize>(l - 1) << 3)) - gLo) : 0.0;
    let gSq = 0.0;
    for (let i = 0; i < batch * d; i++) {
      const v = load<f64>(bufA + (<usize>i << 3));
      gSq += v * v;
      if (withGradHist) histogramAdd(gradCounts, gradBins, gLo, gPerUnit, v);
    }
    // ∂x_{l−1} (N×n) = ∂y_l (N×d) · W̄_l (d×n).
    gemmStrided(batch, n, d, bufA, d, 1, wl, n, 1, bufB, n, false, false, pack);
    let xSq = 0.0;
    const count = batch * n;
    for (let i = 0; i < count; i++) {
      const v = load<f64>(bufB + (<usize>i << 3));
      xSq += v * v;
    }
    const maskPrev = l > 1 ? ml - <usize>batch * <usize>n : 0;
    // ∂y_{l−1} = Jᵀ ∂x_{l−1} through layer l−1's activation, in place for the next step.
    if (l > 1) {
      for (let b = 0; b < batch; b++) backRow(bufB + (<usize>b * <usize>n << 3), maskPrev + <usize>b * <usize>n, n, activation, group, t);
    }
    const rec = records + (<usize>((l - 1) * LAYER_RECORD) << 3);
    store<f64>(rec, gSq / (<f64>batch * <f64>d), 24);
    store<f64>(rec, xSq / <f64>count, 32);
    ml = maskPrev;
    const swap = bufA;
    bufA = bufB;
    bufB = swap;
  }
}
