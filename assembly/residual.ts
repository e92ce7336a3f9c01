// Forward pass through a stack of SLL residual blocks (MATH.md §1) on width m:
//
//   h(x) = x − 2 Pᵀ diag(s)^{-1} ReLU(P x + b),   P ∈ R^{k×m},
//   s_i = Σ_j |(PPᵀ)_ij| q_j / q_i   (q ≡ 1, or q_i = exp(θ_i), θ_i ~ N(0, s²)),
//
// with iid SGND(α, β) entries of P (the block is invariant to the scale α
// of P: the report measures it), bias b per inner unit shared by the batch — SGND(β_b) with variance
// σ_b² (β_b = 2: N(0, σ_b²); 1: Laplace; Infinity: uniform) — and s_i = 0
// giving a zero inner unit (never NaN). A batch of N inputs x_0 ~ N(0, 1).
//
// With `orthogonal`, P is Haar (semi-)orthogonal instead (assembly/orthogonal.ts:
// k·m normals in P's place in the draw order): orthonormal rows when k ≤ m,
// so PPᵀ = I, s ≡ 1 and, without bias, ‖h(x)‖ = ‖x‖ exactly (docs/MATH.md
// "Remedies"). The block keeps its ReLU: SLL's certificate needs an
// elementwise activation with slope in [0, 1].
//
// Draw order from the active stream: x_0 (N·m values, sample-major, unless
// supplied), then per block: P (k·m, row-major, fillSgnd or fillOrthogonal), θ (k values, only
// when qStd > 0), b (k values, only when biasStd > 0).
import { fillNormal, fillSgnd, normalNext } from "./gnd";
import { sgndScaleForStd } from "./sgnd-scale";
import { gemmStrided, gemmScratchDoubles } from "./gemm";
import { gramStrided, gramScratchDoubles } from "./gram";
import { rescaleNormalizers } from "./aol";
import { histogramAdd } from "./histogram";
import { fillOrthogonal, orthogonalScratchDoubles } from "./orthogonal";
import { addDirection, meanCosineFromSums, unitVarianceFromSums } from "./spread";

/**
 * Doubles per block record:
 *  0 xMean                   mean of the block output over batch and units
 *  1 xMeanSquare             mean of the output squared
 *  2 preactivationMeanSquare mean of (P x + b)² over batch and inner units
 *  3 branchMeanSquare        mean of (2 Pᵀ diag(s)^{-1} ReLU(P x + b))² over batch and units
 *  4 unitVariance            mean over units of the output's variance across the batch (0 when N = 1)
 *  5 meanCosine              mean over pairs b ≠ b′ of the cosine of their outputs (0 when N = 1)
 */
export const RESIDUAL_RECORD: i32 = 6;

// @ts-ignore: decorator
@inline function even(x: i32): i32 {
  return (x + 1) & ~1;
}

// @ts-ignore: decorator
@inline function evenF(x: f64): f64 {
  return Math.ceil(x / 2.0) * 2.0;
}

function packDoubles(m: i32, k: i32, batch: i32): i32 {
  // The orthogonal draw runs before the Gram and the products: it shares their scratch.
  return max(max(gramScratchDoubles(m, k), <i32>orthogonalScratchDoubles(k, m)), max(gemmScratchDoubles(batch, k, m), gemmScratchDoubles(batch, m, k)));
}

/** Doubles of scratch residualStack needs (f64, so the host can check it fits first). */
export function residualScratchDoubles(m: i32, k: i32, batch: i32): f64 {
  return evenF(<f64>k * <f64>m) + 3.0 * <f64>even(k) + evenF(<f64>k * <f64>k) + <f64>packDoubles(m, k, batch) +
    2.0 * evenF(<f64>batch * <f64>m) + evenF(<f64>batch * <f64>k);
}

/**
 * Run `blocks` residual blocks (see the file comment).
 *  - x0: 0 to draw the inputs, or N·m doubles (sample-major).
 *  - records: blocks·RESIDUAL_RECORD doubles; inputStats: 2 doubles [mean, mean square] of x_0.
 *  - hist: 0, or blocks·(bins + 2) doubles; block j's histogram of its output
 *    over [histLo[j], histHi[j]) is added at hist + 8·j·(bins + 2).
 *  - keepP / keepQ / keepBias: 0, or blocks·k·m / blocks·k / blocks·k doubles
 *    receiving each block's P, q (1 without SLL weights) and b (0 without bias);
 *    keepX0: 0, or N·m doubles receiving the inputs.
 *  - biasStd ≥ 0 (0: no bias), biasBeta > 0 or Infinity: the bias's SGND shape
 *    (2 draws with fillNormal exactly as before the shape existed).
 *  - orthogonal: Haar P (α and β unused).
 *  - scratch: residualScratchDoubles(m, k, batch) doubles, 16-byte aligned.
 */
export function residualStack(
  m: i32, k: i32, blocks: i32, batch: i32,
  alpha: f64, beta: f64, biasStd: f64, biasBeta: f64, qStd: f64, orthogonal: bool,
  x0: usize,
  records: usize, inputStats: usize,
  hist: usize, bins: i32, histLo: usize, histHi: usize,
  keepP: usize, keepQ: usize, keepBias: usize, keepX0: usize,
  scratch: usize,
): void {
  const p = scratch;
  const b = p + (<usize>even(k * m) << 3);
  const s = b + (<usize>even(k) << 3);
  const q = s + (<usize>even(k) << 3);
  const g = q + (<usize>even(k) << 3);
  const pack = g + (<usize>even(k * k) << 3);
  const x = pack + (<usize>packDoubles(m, k, batch) << 3);
  const z = x + (<usize>even(batch * m) << 3);
  const delta = z + (<usize>even(batch * k) << 3);
  const useQ = qStd > 0.0;
  const useBias = biasStd > 0.0;
  const normalBias = biasBeta == 2.0;
  const biasAlpha = normalBias ? 0.0 : sgndScaleForStd(biasStd, biasBeta);
  const withHist = hist != 0 && bins > 0;
  const outCount = batch * m;

  if (x0 != 0) memory.copy(x, x0, <usize>outCount << 3);
  else fillNormal(x, outCount, 0.0, 1.0);
  if (keepX0 != 0) memory.copy(keepX0, x, <usize>outCount << 3);
  let s1 = 0.0, s2 = 0.0;
  for (let i = 0; i < outCount; i++) {
    const v = load<f64>(x + (<usize>i << 3));
    s1 += v;
    s2 += v * v;
  }
  store<f64>(inputStats, s1 / <f64>outCount);
  store<f64>(inputStats, s2 / <f64>outCount, 8);

  for (let blk = 0; blk < blocks; blk++) {
    if (orthogonal) fillOrthogonal(p, k, m, pack);
    else fillSgnd(p, k * m, alpha, beta);
    if (useQ) for (let i = 0; i < k; i++) store<f64>(q + (<usize>i << 3), Math.exp(qStd * normalNext()));
    if (useBias) {
      if (normalBias) fillNormal(b, k, 0.0, biasStd);
      else fillSgnd(b, k, biasAlpha, biasBeta);
    } else memory.fill(b, 0, <usize>k << 3);
    if (keepP != 0) memory.copy(keepP + (<usize>blk * <usize>(k * m) << 3), p, <usize>(k * m) << 3);
    if (keepQ != 0) {
      for (let i = 0; i < k; i++) {
        store<f64>(keepQ + ((<usize>blk * <usize>k + <usize>i) << 3), useQ ? load<f64>(q + (<usize>i << 3)) : 1.0);
      }
    }
    if (keepBias != 0) memory.copy(keepBias + (<usize>blk * <usize>k << 3), b, <usize>k << 3);

    // s from the Gram of P's rows: PPᵀ is the Gram of Pᵀ (m×k, strides (1, m)).
    gramStrided(p, m, k, 1, m, g, pack);
    rescaleNormalizers(g, k, useQ ? q : 0, s);

    // z = x·Pᵀ + b (N×k); then r = −2·ReLU(z)/s in place (0 where s = 0).
    gemmStrided(batch, k, m, x, m, 1, p, 1, m, z, k, false, false, pack);
    let zSq = 0.0;
    for (let r = 0; r < batch; r++) {
      const row = z + (<usize>r * <usize>k << 3);
      for (let i = 0; i < k; i++) {
        const at = row + (<usize>i << 3);
        const v = load<f64>(at) + load<f64>(b + (<usize>i << 3));
        zSq += v * v;
        const si = load<f64>(s + (<usize>i << 3));
        store<f64>(at, v > 0.0 && si != 0.0 ? -2.0 * v / si : 0.0);
      }
    }

    // delta = r·P (N×m); x ← x + delta.
    gemmStrided(batch, m, k, z, k, 1, p, m, 1, delta, m, false, false, pack);
    const counts = withHist ? hist + (<usize>(blk * (bins + 2)) << 3) : 0;
    const lo = withHist ? load<f64>(histLo + (<usize>blk << 3)) : 0.0;
    const perUnit = withHist ? <f64>bins / (load<f64>(histHi + (<usize>blk << 3)) - lo) : 0.0;
    let xSum = 0.0, xSq = 0.0, dSq = 0.0;
    for (let i = 0; i < outCount; i++) {
      const at = x + (<usize>i << 3);
      const dv = load<f64>(delta + (<usize>i << 3));
      const v = load<f64>(at) + dv;
      store<f64>(at, v);
      xSum += v;
      xSq += v * v;
      dSq += dv * dv;
      if (withHist) histogramAdd(counts, bins, lo, perUnit, v);
    }
    const rec = records + (<usize>(blk * RESIDUAL_RECORD) << 3);
    store<f64>(rec, xSum / <f64>outCount);
    store<f64>(rec, xSq / <f64>outCount, 8);
    store<f64>(rec, zSq / (<f64>batch * <f64>k), 16);
    store<f64>(rec, dSq / <f64>outCount, 24);
    // Spread across the batch (delta is free now and holds ≥ 2m doubles when N ≥ 2).
    let unitVar = 0.0, meanCos = 0.0;
    if (batch > 1) {
      const unitSum = delta;
      const dirSum = delta + (<usize>m << 3);
      memory.fill(unitSum, 0, <usize>(2 * m) << 3);
      let norms = 0.0;
      for (let r = 0; r < batch; r++) {
        const row = x + (<usize>r * <usize>m << 3);
        let sq = 0.0;
        for (let i = 0; i < m; i++) {
          const v = load<f64>(row + (<usize>i << 3));
          sq += v * v;
          const u = unitSum + (<usize>i << 3);
          store<f64>(u, load<f64>(u) + v);
        }
        norms += addDirection(dirSum, row, m, sq);
      }
      unitVar = unitVarianceFromSums(unitSum, m, batch, xSq / <f64>outCount);
      meanCos = meanCosineFromSums(dirSum, m, batch, norms);
    }
    store<f64>(rec, unitVar, 32);
    store<f64>(rec, meanCos, 40);
  }
}
