// Haar-distributed orthogonal and semi-orthogonal matrices (MATH.md §8,
// docs/MATH.md "Remedies"), from the active RNG stream like every other draw,
// so chunk k gives the same matrix on any worker.
//
// W ∈ R^{d×n} (row-major, the layout of every weight in the kernels):
//   - draw a d×n matrix G with iid N(0, 1) entries (row-major, d·n normals:
//     exactly the draws fillNormal(out, d·n, 0, 1) makes);
//   - d ≥ n: W = Q from the thin QR G = QR, with column j of Q multiplied by
//     sign(R_jj), so WᵀW = I_n (orthonormal columns);
//   - d < n: W = Q'ᵀ from the thin QR Gᵀ = Q'R', sign-corrected the same way,
//     so WWᵀ = I_d (orthonormal rows).
// The sign correction makes the factorisation unique (R_jj > 0), so W is a
// function of G alone and Haar-distributed: for any fixed orthogonal U,
// UG has the law of G and its corrected Q is UQ (Mezzadri 2007). Without it
// the Householder Q below has R_jj = −sign(g_jj)‖·‖, and Q_11 < 0 always.
//
// Method: Householder QR on the "tall" matrix A (big × small, big = max(d, n),
// small = min(d, n); A = G or Gᵀ), held as its transpose At (row j = column j
// of A, contiguous), then Q formed by applying the reflectors in reverse
// order to the first `small` columns of the identity. Cost ≈ 4·big·small²
// flops. No allocation: the caller passes orthogonalScratchDoubles(d, n).
import { fillNormal } from "./gnd";

// @ts-ignore: decorator
@inline function even(x: i32): i32 {
  return (x + 1) & ~1;
}

/** x ← (I − τ v vᵀ) x on entries from..to−1 (v and x: rows of length ≥ to). */
// @ts-ignore: decorator
@inline function reflect(v: usize, tau: f64, x: usize, from: i32, to: i32): void {
  let dot = 0.0;
  for (let i = from; i < to; i++) dot += load<f64>(v + (<usize>i << 3)) * load<f64>(x + (<usize>i << 3));
  const f = tau * dot;
  for (let i = from; i < to; i++) {
    const p = x + (<usize>i << 3);
    store<f64>(p, load<f64>(p) - f * load<f64>(v + (<usize>i << 3)));
  }
}

/** Doubles of scratch orthogonalFromGaussian and fillOrthogonal need (as f64, so the host can check it fits). */
export function orthogonalScratchDoubles(d: i32, n: i32): f64 {
  const small = min(d, n);
  return 2.0 * (Math.ceil(<f64>d * <f64>n / 2.0) * 2.0) + 2.0 * <f64>even(small);
}

/**
 * The sign-corrected thin-QR factor of the Gaussian matrix `g` (d×n,
 * row-major), written to `out` (d×n, row-major; may equal `g`): orthonormal
 * columns when d ≥ n, orthonormal rows when d < n (see the file comment).
 * A zero column of the tall matrix (probability 0 for Gaussian input) gets
 * the identity reflector and sign +1.
 *  - scratch: orthogonalScratchDoubles(d, n) doubles, 16-byte aligned.
 */
export function orthogonalFromGaussian(g: usize, d: i32, n: i32, out: usize, scratch: usize): void {
  const tall = d >= n;
  const big = tall ? d : n;
  const small = tall ? n : d;
  const cells = d * n;
  const at = scratch; // small × big: reflectors
  const qt = at + (<usize>even(cells) << 3); // small × big: rows are Q's columns
  const tau = qt + (<usize>even(cells) << 3);
  const sign = tau + (<usize>even(small) << 3);
  const bigBytes = <usize>big << 3;

  // At: row j = column j of A (A = G when d ≥ n, so At = Gᵀ; A = Gᵀ otherwise, so At = G).
  if (tall) {
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < n; j++) {
        store<f64>(at + ((<usize>j * <usize>big + <usize>i) << 3), load<f64>(g + ((<usize>i * <usize>n + <usize>j) << 3)));
      }
    }
  } else memory.copy(at, g, <usize>cells << 3);

  // Householder: H_j = I − τ_j v vᵀ on entries j..big−1 maps column j's tail x to α e_j,
  // α = −sign(x_0)‖x‖ (no cancellation), v = x − α e_0, τ = 1/(α(α − x_0)) = 2/vᵀv.
  for (let j = 0; j < small; j++) {
    const vj = at + <usize>j * bigBytes;
    let norm2 = 0.0;
    for (let i = j; i < big; i++) {
      const x = load<f64>(vj + (<usize>i << 3));
      norm2 += x * x;
    }
    const x0 = load<f64>(vj + (<usize>j << 3));
    if (norm2 == 0.0) {
      store<f64>(tau + (<usize>j << 3), 0.0);
      store<f64>(sign + (<usize>j << 3), 1.0);
      continue;
    }
    const alpha = x0 < 0.0 ? Math.sqrt(norm2) : -Math.sqrt(norm2);
    const t = 1.0 / (alpha * (alpha - x0));
    store<f64>(vj + (<usize>j << 3), x0 - alpha);
    store<f64>(tau + (<usize>j << 3), t);
    // R_jj = α: the correction multiplies Q's column j by sign(α).
    store<f64>(sign + (<usize>j << 3), alpha > 0.0 ? 1.0 : -1.0);
    for (let k = j + 1; k < small; k++) reflect(vj, t, at + <usize>k * bigBytes, j, big);
  }

  // Q = H_0 H_1 … H_{small−1} [e_0 … e_{small−1}]; H_j touches entries ≥ j only,
  // so column k < j is still e_k when H_j is applied and can be skipped.
  memory.fill(qt, 0, <usize>small * bigBytes);
  for (let k = 0; k < small; k++) store<f64>(qt + <usize>k * bigBytes + (<usize>k << 3), 1.0);
  for (let j = small - 1; j >= 0; j--) {
    const t = load<f64>(tau + (<usize>j << 3));
    if (t == 0.0) continue;
    const vj = at + <usize>j * bigBytes;
    for (let k = j; k < small; k++) reflect(vj, t, qt + <usize>k * bigBytes, j, big);
  }

  // Sign correction and output: W = Q (d ≥ n) or Qᵀ (d < n).
  for (let k = 0; k < small; k++) {
    const s = load<f64>(sign + (<usize>k << 3));
    const qk = qt + <usize>k * bigBytes;
    for (let i = 0; i < big; i++) {
      const v = s * load<f64>(qk + (<usize>i << 3));
      if (tall) store<f64>(out + ((<usize>i * <usize>n + <usize>k) << 3), v);
      else store<f64>(out + ((<usize>k * <usize>n + <usize>i) << 3), v);
    }
  }
}

/**
 * A Haar (semi-)orthogonal d×n matrix at `out` (row-major) from the active
 * stream: d·n standard normal draws (as fillNormal), then orthogonalFromGaussian.
 *  - scratch: orthogonalScratchDoubles(d, n) doubles, 16-byte aligned.
 */
export function fillOrthogonal(out: usize, d: i32, n: i32, scratch: usize): void {
  fillNormal(out, d * n, 0.0, 1.0);
  orthogonalFromGaussian(out, d, n, out, scratch);
}
