// Gram matrices G = WᵀW of the columns of a strided matrix, through the
// blocked multiply: only tiles touching the upper triangle are computed (half
// the work), and the lower triangle is mirrored from the upper one. G is
// exactly symmetric, as products commute in IEEE arithmetic anyway.
//
// Small row-major W (the Monte Carlo's matrices, e.g. 64×16) take a direct
// path instead (gramSmall): no packing, 4×4 register tiles read straight
// from W's rows, which stay in L1. Every element is still accumulated as
// acc = 0; acc = acc + w_ki·w_kj for k ascending (fused in the relaxed
// build), the order the packed multiply uses within its one K block, so
// both paths give the same bits.
import { gemmStrided, gemmScratchDoubles, KC, madd2 } from "./gemm";

/** Largest d·n (doubles of W) for the direct path: W stays in a 32 KiB L1. */
const SMALL_GRAM_DOUBLES: i32 = 4096;

// @ts-ignore: decorator
@inline function madd(a: f64, b: f64, c: f64): f64 {
  return c + a * b;
}

/**
 * One 4×4 tile out(4×4, row stride rowBytes) = Σ_k a_kᵀ b_k over d rows, where
 * a_k and b_k are the 4 doubles at a and b in row k (rows rowBytes apart):
 * a tile of WᵀW (a, b in W) or of WᵀZ (a in W, b in Z). Accumulates over k
 * ascending (SIMD builds only; shared with coupled.ts).
 */
// @ts-ignore: decorator
@inline export function tile4x4(a: usize, b: usize, d: i32, rowBytes: usize, out: usize): void {
  let c00 = f64x2.splat(0), c01 = f64x2.splat(0);
  let c10 = f64x2.splat(0), c11 = f64x2.splat(0);
  let c20 = f64x2.splat(0), c21 = f64x2.splat(0);
  let c30 = f64x2.splat(0), c31 = f64x2.splat(0);
  for (let k = 0; k < d; k++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let x = v128.load64_splat(a);
    c00 = madd2(x, b0, c00);
    c01 = madd2(x, b1, c01);
    x = v128.load64_splat(a, 8);
    c10 = madd2(x, b0, c10);
    c11 = madd2(x, b1, c11);
    x = v128.load64_splat(a, 16);
    c20 = madd2(x, b0, c20);
    c21 = madd2(x, b1, c21);
    x = v128.load64_splat(a, 24);
    c30 = madd2(x, b0, c30);
    c31 = madd2(x, b1, c31);
    a += rowBytes;
    b += rowBytes;
  }
  v128.store(out, c00);
  v128.store(out, c01, 16);
  v128.store(out + rowBytes, c10);
  v128.store(out + rowBytes, c11, 16);
  v128.store(out + 2 * rowBytes, c20);
  v128.store(out + 2 * rowBytes, c21, 16);
  v128.store(out + 3 * rowBytes, c30);
  v128.store(out + 3 * rowBytes, c31, 16);
}

/**
 * Upper 4×4 tiles (and the diagonal tiles whole) of G = WᵀW for row-major W
 * (d×n), n a multiple of 4, d ≤ KC. The strictly lower part outside the
 * diagonal tiles is left for the caller to mirror.
 */
function gramSmall(w: usize, d: i32, n: i32, g: usize): void {
  const rowBytes = <usize>n << 3;
  for (let i0 = 0; i0 < n; i0 += 4) {
    for (let j0 = i0; j0 < n; j0 += 4) {
      const gi = g + ((<usize>i0 * <usize>n + <usize>j0) << 3);
      let row = w;
      if (ASC_FEATURE_SIMD) {
        tile4x4(w + (<usize>i0 << 3), w + (<usize>j0 << 3), d, rowBytes, gi);
      } else {
        // Scalar: two 2×4 strips (8 accumulators fit the registers).
        for (let strip = 0; strip < 4; strip += 2) {
          let c00 = 0.0, c01 = 0.0, c02 = 0.0, c03 = 0.0;
          let c10 = 0.0, c11 = 0.0, c12 = 0.0, c13 = 0.0;
          const ai = <usize>(i0 + strip) << 3;
          const bj = <usize>j0 << 3;
          row = w;
          for (let k = 0; k < d; k++) {
            const b0 = load<f64>(row + bj);
            const b1 = load<f64>(row + bj, 8);
            const b2 = load<f64>(row + bj, 16);
            const b3 = load<f64>(row + bj, 24);
            let a = load<f64>(row + ai);
            c00 = madd(a, b0, c00);
            c01 = madd(a, b1, c01);
            c02 = madd(a, b2, c02);
            c03 = madd(a, b3, c03);
            a = load<f64>(row + ai, 8);
            c10 = madd(a, b0, c10);
            c11 = madd(a, b1, c11);
            c12 = madd(a, b2, c12);
            c13 = madd(a, b3, c13);
            row += rowBytes;
          }
          const out = gi + <usize>strip * rowBytes;
          store<f64>(out, c00);
          store<f64>(out, c01, 8);
          store<f64>(out, c02, 16);
          store<f64>(out, c03, 24);
          store<f64>(out + rowBytes, c10);
          store<f64>(out + rowBytes, c11, 8);
          store<f64>(out + rowBytes, c12, 16);
          store<f64>(out + rowBytes, c13, 24);
        }
      }
    }
  }
}

/** Doubles of scratch gramStrided needs for a d×n matrix. */
export function gramScratchDoubles(d: i32, n: i32): i32 {
  return gemmScratchDoubles(n, n, d);
}

/**
 * G (n×n, row-major) = WᵀW, where W is d×n with W(k, i) at w + 8·(k·rs + i·cs).
 * Row-major W is (rs, cs) = (n, 1); the Gram of the rows of a row-major
 * P (k×m), PPᵀ, is the Gram of Pᵀ: d = m, n = k, (rs, cs) = (1, m).
 */
export function gramStrided(w: usize, d: i32, n: i32, rs: i32, cs: i32, g: usize, scratch: usize): void {
  if (rs == n && cs == 1 && (n & 3) == 0 && d >= 1 && d <= KC && d * n <= SMALL_GRAM_DOUBLES) gramSmall(w, d, n, g);
  else gemmStrided(n, n, d, w, cs, rs, w, rs, cs, g, n, false, true, scratch);
  for (let i = 1; i < n; i++) {
    const row = g + (<usize>i * <usize>n << 3);
    for (let j = 0; j < i; j++) store<f64>(row + (<usize>j << 3), load<f64>(g + ((<usize>j * <usize>n + <usize>i) << 3)));
  }
}

/** G = WᵀW for row-major W (d×n); `scratch` holds gramScratchDoubles(d, n) doubles. */
export function gram(w: usize, d: i32, n: i32, g: usize, scratch: usize): void {
  gramStrided(w, d, n, n, 1, g, scratch);
}
