// One Monte Carlo chunk of the rescaled-weight variance (MATH.md §3, §5).
// The sampling unit is one matrix: for each of `count` independent matrices
// W ∈ R^{d×n} with iid SGND(α, β) entries (Var[w̄] is scale-invariant, so
// α does not matter), optionally SLL weights q_i = exp(θ_i), θ_i ~ N(0, s²),
// the kernel writes one record of per-matrix statistics:
//
//   Y = mean over the d·n entries of w̄²      = (1/(dn)) Σ_i G_ii / t_i
//   A = mean over columns of ‖w_i‖²           = (1/n) Σ_i G_ii           (raw W)
//   B = mean over ordered pairs i ≠ j of |⟨w_i, w_j⟩| = (2/(n(n−1))) Σ_{i<j} |G_ij|
//       (raw W; 0 when n = 1)
//
// with G = WᵀW. Y is computed from G_ii/t_i, the same quantity as Σ_k w̄_ki²:
// it is exactly 1/d per matrix when n = 1 (t_i = G_ii), and zero columns
// contribute 0. A and B have known means (d·Var(entry) and m(d)·Var(entry))
// and serve as control variates for Y (the per-entry variate w_ki²/‖w_i‖²
// of MATH.md §5 averages to exactly 1/d over every matrix, so it carries no
// information at this level).
//
// Draw order from the active stream, per matrix: the d·n entries of W in
// row-major order (fillSgnd), then, only when qStd > 0, θ_0..θ_{n−1}
// (normalNext, scaled by qStd).
import { fillSgnd, normalNext } from "./gnd";
import { gramStrided, gramScratchDoubles } from "./gram";
import { rescaleNormalizers, safeInverseSqrt } from "./aol";
import { histogramAdd } from "./histogram";

/** Doubles per record: Y, A, B. */
export const VARIANCE_RECORD: i32 = 3;

// @ts-ignore: decorator
@inline function even(x: i32): i32 {
  return (x + 1) & ~1;
}

/** Doubles of scratch varianceChunk needs for d×n matrices (f64: no overflow for any i32 sizes). */
export function varianceScratchDoubles(d: i32, n: i32): f64 {
  const dn = <f64>d * <f64>n;
  const nn = <f64>n * <f64>n;
  return Math.ceil(dn / 2.0) * 2.0 + <f64>even(n) * 3.0 + Math.ceil(nn / 2.0) * 2.0 + <f64>gramScratchDoubles(d, n);
}

/**
 * Run `count` matrices of d×n from the active stream (see the file comment),
 * entries SGND(α, β) (α scales every draw: the rescaled W̄ does not change).
 *  - records: count·VARIANCE_RECORD doubles, record m at records + 8·3m: [Y, A, B].
 *  - hist: 0, or bins + 2 doubles (histogram.ts layout) that the w̄ entries
 *    over [histLo, histHi) are added to (not reset: chunks accumulate).
 *  - keepW: 0, or count·d·n doubles receiving each raw W (row-major) — for
 *    checks on small sizes; keepQ: 0, or count·n doubles receiving q (1 for AOL).
 *  - scratch: varianceScratchDoubles(d, n) doubles, 16-byte aligned.
 */
export function varianceChunk(
  d: i32, n: i32, alpha: f64, beta: f64, qStd: f64, count: i32,
  records: usize,
  hist: usize, bins: i32, histLo: f64, histHi: f64,
  keepW: usize, keepQ: usize,
  scratch: usize,
): void {
  const entries = d * n;
  const w = scratch;
  const t = w + (<usize>even(entries) << 3);
  const q = t + (<usize>even(n) << 3);
  const scale = q + (<usize>even(n) << 3);
  const g = scale + (<usize>even(n) << 3);
  const pack = g + (<usize>even(n * n) << 3);
  const useQ = qStd > 0.0;
  const withHist = hist != 0 && bins > 0;
  const perUnit = withHist ? <f64>bins / (histHi - histLo) : 0.0;
  const invEntries = 1.0 / <f64>entries;
  const invPairs = n > 1 ? 2.0 / (<f64>n * <f64>(n - 1)) : 0.0;

  for (let m = 0; m < count; m++) {
    fillSgnd(w, entries, alpha, beta);
    if (useQ) {
      for (let i = 0; i < n; i++) store<f64>(q + (<usize>i << 3), Math.exp(qStd * normalNext()));
    }
    gramStrided(w, d, n, n, 1, g, pack);
    rescaleNormalizers(g, n, useQ ? q : 0, t);

    let ySum = 0.0;
    let aSum = 0.0;
    let bSum = 0.0;
    for (let i = 0; i < n; i++) {
      const row = g + (<usize>i * <usize>n << 3);
      const gii = load<f64>(row + (<usize>i << 3));
      const ti = load<f64>(t + (<usize>i << 3));
      aSum += gii;
      if (ti != 0.0) ySum += gii / ti;
      for (let j = i + 1; j < n; j++) bSum += abs<f64>(load<f64>(row + (<usize>j << 3)));
      store<f64>(scale + (<usize>i << 3), safeInverseSqrt(ti));
    }
    const rec = records + (<usize>(m * VARIANCE_RECORD) << 3);
    store<f64>(rec, ySum * invEntries);
    store<f64>(rec, aSum / <f64>n, 8);
    store<f64>(rec, bSum * invPairs, 16);

    if (withHist) {
      for (let k = 0; k < d; k++) {
        const rowW = w + (<usize>k * <usize>n << 3);
        for (let i = 0; i < n; i++) {
          histogramAdd(hist, bins, histLo, perUnit, load<f64>(rowW + (<usize>i << 3)) * load<f64>(scale + (<usize>i << 3)));
        }
      }
    }
    if (keepW != 0) memory.copy(keepW + (<usize>m * <usize>entries << 3), w, <usize>entries << 3);
    if (keepQ != 0) {
      const dst = keepQ + (<usize>m * <usize>n << 3);
      for (let i = 0; i < n; i++) store<f64>(dst + (<usize>i << 3), useQ ? load<f64>(q + (<usize>i << 3)) : 1.0);
    }
  }
}
