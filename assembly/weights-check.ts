// Kernels for `lipvar check --weights`: spectral checks and a forward pass
// through matrices the user's own code produced (not drawn here).
//
// spectralChecks — for one rescaled W̄ (d×n, row-major) and the Gram of its
// units (the n columns: Ḡ = W̄ᵀW̄, column convention; or the d rows: Ḡ = W̄W̄ᵀ,
// row convention):
//  * the operator norm ‖W̄‖₂ = √λ_max(Ḡ) by power iteration on Ḡ from a start
//    vector drawn from the active stream; the Rayleigh quotient vᵀḠv/vᵀv
//    rises towards λ_max and never exceeds it, so the estimate is a lower
//    bound (a value above 1 proves a violation). It stops when the quotient
//    changes by less than `tol` relative in `STABLE_STEPS` steps in a row,
//    or after `maxIter` steps.
//  * the Perron root ρ(|Ḡ|) of the entrywise absolute Gram, bracketed by the
//    Collatz–Wielandt bounds min_i (|Ḡ|x)_i/x_i ≤ ρ ≤ max_i (|Ḡ|x)_i/x_i for
//    any positive x, from x = 1 by power iteration until the bracket is
//    narrower than `tol` relative (units with Ḡ_ii = 0, zero units, are left
//    out: they form their own block with root 0). For a W̄ rescaled by that
//    Gram, t_i = Σ_j |G_ij| q_j/q_i gives Σ_j |Ḡ_ij| u_j = u_i with
//    u_i = q_i √t_i > 0, so ρ(|Ḡ|) = 1 exactly, whatever q (docs/ci.md).
//    Since ‖W̄‖₂² = ρ(Ḡ) ≤ ρ(|Ḡ|), the upper bound also certifies ‖W̄‖₂.
//  * the largest and the mean diagonal entry (the units' squared norms).
//
// givenForward — y_l = W̄_l x_{l−1} + b_l with the caller's W̄_l and b_l,
// x_l = ReLU(y_l) or y_l (per layer), for N inputs x_0 ~ N(0, 1) drawn from
// the active stream; records the mean of y_l² over batch and units per layer.
import { fillNormal } from "./gnd";
import { gemmStrided, gemmScratchDoubles } from "./gemm";
import { gramStrided, gramScratchDoubles } from "./gram";

/** Doubles written by spectralChecks. */
export const SPECTRAL_RECORD: i32 = 8;
const STABLE_STEPS: i32 = 3;

/** Doubles of scratch spectralChecks needs for a d×n matrix (f64: no overflow). */
export function spectralScratchDoubles(d: i32, n: i32, rowGram: bool): f64 {
  const m = rowGram ? d : n;
  const gramPack = rowGram ? gramScratchDoubles(n, d) : gramScratchDoubles(d, n);
  return Math.ceil(<f64>m * <f64>m / 2.0) * 2.0 + Math.ceil(<f64>m / 2.0) * 2.0 * 3.0 + <f64>gramPack;
}

// y = A·x for a symmetric m×m row-major A (absolute values when `absolute`).
// Four partial sums per row (two f64x2 lanes each in the SIMD builds), so the
// builds agree to rounding, not bit for bit; the checks need ~1e-7.
function symv(a: usize, m: i32, x: usize, y: usize, absolute: bool): void {
  const m4 = m & ~3;
  for (let i = 0; i < m; i++) {
    const row = a + (<usize>i * <usize>m << 3);
    let s = 0.0;
    if (ASC_FEATURE_SIMD) {
      let acc0 = f64x2.splat(0), acc1 = f64x2.splat(0);
      for (let j = 0; j < m4; j += 4) {
        const o = <usize>j << 3;
        let r0 = v128.load(row + o);
        let r1 = v128.load(row + o, 16);
        if (absolute) {
          r0 = f64x2.abs(r0);
          r1 = f64x2.abs(r1);
        }
        acc0 = f64x2.add(acc0, f64x2.mul(r0, v128.load(x + o)));
        acc1 = f64x2.add(acc1, f64x2.mul(r1, v128.load(x + o, 16)));
      }
      const acc = f64x2.add(acc0, acc1);
      s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
    } else {
      let s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
      for (let j = 0; j < m4; j += 4) {
        const o = <usize>j << 3;
        let r0 = load<f64>(row + o), r1 = load<f64>(row + o, 8), r2 = load<f64>(row + o, 16), r3 = load<f64>(row + o, 24);
        if (absolute) {
          r0 = abs<f64>(r0);
          r1 = abs<f64>(r1);
          r2 = abs<f64>(r2);
          r3 = abs<f64>(r3);
        }
        s0 += r0 * load<f64>(x + o);
        s1 += r1 * load<f64>(x + o, 8);
        s2 += r2 * load<f64>(x + o, 16);
        s3 += r3 * load<f64>(x + o, 24);
      }
      s = (s0 + s1) + (s2 + s3);
    }
    for (let j = m4; j < m; j++) {
      const r = load<f64>(row + (<usize>j << 3));
      s += (absolute ? abs<f64>(r) : r) * load<f64>(x + (<usize>j << 3));
    }
    store<f64>(y + (<usize>i << 3), s);
  }
}

function dot(x: usize, y: usize, m: i32): f64 {
  let s = 0.0;
  for (let i = 0; i < m; i++) s += load<f64>(x + (<usize>i << 3)) * load<f64>(y + (<usize>i << 3));
  return s;
}

/**
 * Spectral checks of one matrix (see the file comment). `out` receives
 * SPECTRAL_RECORD doubles:
 *  0 λ_max(Ḡ) estimate (‖W̄‖₂²; a lower bound), 1 its power-iteration steps,
 *  2 Collatz–Wielandt lower bound of ρ(|Ḡ|), 3 upper bound, 4 its steps,
 *  5 max_i Ḡ_ii, 6 mean_i Ḡ_ii, 7 units left out of the Perron bracket (Ḡ_ii = 0).
 */
export function spectralChecks(w: usize, d: i32, n: i32, rowGram: bool, tol: f64, maxIter: i32, out: usize, scratch: usize): void {
  const m = rowGram ? d : n;
  const g = scratch;
  const x = g + (<usize>((m * m + 1) & ~1) << 3);
  const y = x + (<usize>((m + 1) & ~1) << 3);
  const keep = y + (<usize>((m + 1) & ~1) << 3);
  const pack = keep + (<usize>((m + 1) & ~1) << 3);
  if (rowGram) gramStrided(w, n, d, 1, n, g, pack);
  else gramStrided(w, d, n, n, 1, g, pack);

  let maxDiag = 0.0, sumDiag = 0.0, zeros = 0;
  for (let i = 0; i < m; i++) {
    const gii = load<f64>(g + ((<usize>i * <usize>m + <usize>i) << 3));
    maxDiag = max(maxDiag, gii);
    sumDiag += gii;
    store<f64>(keep + (<usize>i << 3), gii > 0.0 ? 1.0 : 0.0);
    if (!(gii > 0.0)) zeros++;
  }

  // Operator norm: power iteration on Ḡ from a random start.
  fillNormal(x, m, 0.0, 1.0);
  let norm = Math.sqrt(dot(x, x, m));
  for (let i = 0; i < m; i++) store<f64>(x + (<usize>i << 3), load<f64>(x + (<usize>i << 3)) / norm);
  let lambda = 0.0;
  let steps = 0, stable = 0;
  while (steps < maxIter) {
    symv(g, m, x, y, false);
    steps++;
    const next = dot(x, y, m); // Rayleigh quotient, x a unit vector
    const yy = Math.sqrt(dot(y, y, m));
    const change = abs<f64>(next - lambda);
    lambda = max(lambda, next);
    if (yy == 0.0) break;
    for (let i = 0; i < m; i++) store<f64>(x + (<usize>i << 3), load<f64>(y + (<usize>i << 3)) / yy);
    stable = change <= tol * abs<f64>(lambda) ? stable + 1 : 0;
    if (stable >= STABLE_STEPS) break;
  }
  store<f64>(out, lambda);
  store<f64>(out, <f64>steps, 8);

  // Perron root of |Ḡ|: Collatz–Wielandt bracket from x = 1 (zero units excluded).
  for (let i = 0; i < m; i++) store<f64>(x + (<usize>i << 3), load<f64>(keep + (<usize>i << 3)));
  let lo = 0.0, hi = Infinity;
  steps = 0;
  if (zeros < m) {
    while (steps < maxIter) {
      symv(g, m, x, y, true);
      steps++;
      let l = Infinity, h = 0.0, top = 0.0;
      for (let i = 0; i < m; i++) {
        if (load<f64>(keep + (<usize>i << 3)) == 0.0) continue;
        const r = load<f64>(y + (<usize>i << 3)) / load<f64>(x + (<usize>i << 3));
        l = min(l, r);
        h = max(h, r);
        top = max(top, load<f64>(y + (<usize>i << 3)));
      }
      lo = max(lo, l);
      hi = min(hi, h);
      if (hi - lo <= tol * hi || !(top > 0.0)) break;
      for (let i = 0; i < m; i++) store<f64>(x + (<usize>i << 3), load<f64>(keep + (<usize>i << 3)) == 0.0 ? 0.0 : load<f64>(y + (<usize>i << 3)) / top);
    }
  } else hi = 0.0;
  store<f64>(out, lo, 16);
  store<f64>(out, hi, 24);
  store<f64>(out, <f64>steps, 32);
  store<f64>(out, maxDiag, 40);
  store<f64>(out, sumDiag / <f64>m, 48);
  store<f64>(out, <f64>zeros, 56);
}

// @ts-ignore: decorator
@inline function widthOf(widths: usize, l: i32): i32 {
  return <i32>load<f64>(widths + (<usize>l << 3));
}

/** Doubles of scratch givenForward needs (as f64). `widths` holds layers + 1 widths as doubles. */
export function givenForwardScratchDoubles(widths: usize, layers: i32, batch: i32): f64 {
  let widest = 0;
  let pack = 0;
  for (let l = 0; l <= layers; l++) widest = max(widest, widthOf(widths, l));
  for (let l = 1; l <= layers; l++) pack = max(pack, gemmScratchDoubles(batch, widthOf(widths, l), widthOf(widths, l - 1)));
  return Math.ceil(<f64>batch * <f64>widest / 2.0) * 2.0 * 2.0 + <f64>pack;
}

/**
 * The forward pass (see the file comment).
 *  - widths: layers + 1 doubles w_0..w_L; layer l maps w_{l−1} inputs to w_l outputs.
 *  - weights: the W̄_l (w_l × w_{l−1}, row-major) one after another, no padding.
 *  - biases: the b_l (w_l values each) one after another.
 *  - relu: layers doubles, 1 for x_l = ReLU(y_l), 0 for x_l = y_l.
 *  - records: layers doubles, the mean of y_l² over the batch and the units.
 *  - scratch: givenForwardScratchDoubles(widths, layers, batch) doubles, 16-byte aligned.
 */
export function givenForward(widths: usize, layers: i32, batch: i32, weights: usize, biases: usize, relu: usize, records: usize, scratch: usize): void {
  let widest = 0;
  for (let l = 0; l <= layers; l++) widest = max(widest, widthOf(widths, l));
  const act = (batch * widest + 1) & ~1;
  let bufA = scratch;
  let bufB = scratch + (<usize>act << 3);
  const pack = bufB + (<usize>act << 3);
  fillNormal(bufA, batch * widthOf(widths, 0), 0.0, 1.0);
  let wl = weights;
  let bl = biases;
  for (let l = 1; l <= layers; l++) {
    const n = widthOf(widths, l - 1);
    const d = widthOf(widths, l);
    // Y (N×d) = X (N×n) · W̄ᵀ (n×d, W̄ row-major d×n read with strides (1, n)).
    gemmStrided(batch, d, n, bufA, n, 1, wl, 1, n, bufB, d, false, false, pack);
    const isRelu = load<f64>(relu + (<usize>(l - 1) << 3)) != 0.0;
    let ySq = 0.0;
    for (let b = 0; b < batch; b++) {
      const row = bufB + (<usize>b * <usize>d << 3);
      for (let k = 0; k < d; k++) {
        const p = row + (<usize>k << 3);
        const y = load<f64>(p) + load<f64>(bl + (<usize>k << 3));
        ySq += y * y;
        store<f64>(p, isRelu && !(y > 0.0) ? 0.0 : y);
      }
    }
    store<f64>(records + (<usize>(l - 1) << 3), ySq / (<f64>batch * <f64>d));
    const swap = bufA;
    bufA = bufB;
    bufB = swap;
    wl += <usize>(d * n) << 3;
    bl += <usize>d << 3;
  }
}
