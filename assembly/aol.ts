// AOL and SLL rescaling (MATH.md §1): from the Gram matrix G = WᵀW,
//   t_i = Σ_j |G_ij| q_j / q_i        (AOL: q ≡ 1),
//   scale_i = 1/√t_i, with scale_i = 0 when t_i = 0 (a zero column stays zero),
//   W̄ = W · diag(scale).
// The loops are scalar and run in the same order in every build, so t and
// the scales are bit-identical across builds given the same G.
import { gramStrided, gramScratchDoubles } from "./gram";

/**
 * t (n values) from the Gram matrix g (n×n, row-major). `q` is the address
 * of n positive weights, or 0 for AOL (q ≡ 1).
 */
export function rescaleNormalizers(g: usize, n: i32, q: usize, t: usize): void {
  for (let i = 0; i < n; i++) {
    const row = g + (<usize>i * <usize>n << 3);
    let sum = 0.0;
    if (q == 0) {
      for (let j = 0; j < n; j++) sum += abs<f64>(load<f64>(row + (<usize>j << 3)));
      store<f64>(t + (<usize>i << 3), sum);
    } else {
      // q_j/q_i per term makes the diagonal term exactly |G_ii| (q_i/q_i = 1),
      // so t_i ≥ G_ii holds exactly and n = 1 gives ‖w‖²/t = 1 exactly.
      const qi = load<f64>(q + (<usize>i << 3));
      for (let j = 0; j < n; j++) sum += abs<f64>(load<f64>(row + (<usize>j << 3))) * (load<f64>(q + (<usize>j << 3)) / qi);
      store<f64>(t + (<usize>i << 3), sum);
    }
  }
}

/** The column scale 1/√t, defined as 0 at t = 0 (NaN stays NaN, +∞ gives 0). */
// @ts-ignore: decorator
@inline export function safeInverseSqrt(t: f64): f64 {
  return t == 0.0 ? 0.0 : 1.0 / Math.sqrt(t);
}

/** scale_i = safeInverseSqrt(t_i) for n values; `scale` may equal `t`. */
export function rescaleScales(t: usize, n: i32, scale: usize): void {
  for (let i = 0; i < n; i++) store<f64>(scale + (<usize>i << 3), safeInverseSqrt(load<f64>(t + (<usize>i << 3))));
}

/**
 * out (d×n row-major) = W · diag(scale) for W with strides (rs, cs); out may
 * be W itself when W is row-major.
 */
export function scaleColumnsStrided(w: usize, d: i32, n: i32, rs: i32, cs: i32, scale: usize, out: usize): void {
  for (let k = 0; k < d; k++) {
    const src = w + (<usize>k * <usize>rs << 3);
    const dst = out + (<usize>k * <usize>n << 3);
    for (let i = 0; i < n; i++) {
      store<f64>(dst + (<usize>i << 3), load<f64>(src + (<usize>i * <usize>cs << 3)) * load<f64>(scale + (<usize>i << 3)));
    }
  }
}

/** Doubles of scratch `rescale` needs: the Gram matrix and its packing (f64: no overflow). */
export function rescaleScratchDoubles(d: i32, n: i32): f64 {
  return Math.ceil(<f64>n * <f64>n / 2.0) * 2.0 + <f64>gramScratchDoubles(d, n);
}

/**
 * W̄ = W · diag(t)^{-1/2} for row-major W (d×n): writes t (n values) and W̄
 * to `out` (d×n; may equal w). `q`: n positive SLL weights, or 0 for AOL.
 * `scratch` holds rescaleScratchDoubles(d, n) doubles (16-byte aligned).
 */
export function rescale(w: usize, d: i32, n: i32, q: usize, out: usize, t: usize, scratch: usize): void {
  const g = scratch;
  // n·n rounded up to even keeps the packing area 16-byte aligned.
  const pack = scratch + (<usize>((n * n + 1) & ~1) << 3);
  gramStrided(w, d, n, n, 1, g, pack);
  rescaleNormalizers(g, n, q, t);
  // The scales go to the Gram area, which is no longer needed.
  rescaleScales(t, n, g);
  scaleColumnsStrided(w, d, n, n, 1, g, out);
}
