// Gram matrices G = WᵀW of the columns of a strided matrix, through the
// blocked multiply: only tiles touching the upper triangle are computed (half
// the work), and the lower triangle is mirrored from the upper one. G is
// exactly symmetric, as products commute in IEEE arithmetic anyway.
import { gemmStrided, gemmScratchDoubles } from "./gemm";

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
  gemmStrided(n, n, d, w, cs, rs, w, rs, cs, g, n, false, true, scratch);
  for (let i = 1; i < n; i++) {
    const row = g + (<usize>i * <usize>n << 3);
    for (let j = 0; j < i; j++) store<f64>(row + (<usize>j << 3), load<f64>(g + ((<usize>j * <usize>n + <usize>i) << 3)));
  }
}

/** G = WᵀW for row-major W (d×n); `scratch` holds gramScratchDoubles(d, n) doubles. */
export function gram(w: usize, d: i32, n: i32, g: usize, scratch: usize): void {
  gramStrided(w, d, n, n, 1, g, scratch);
}
