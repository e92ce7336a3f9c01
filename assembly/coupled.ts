// The Gaussian-coupled Monte Carlo chunk of the precise Var[w̄] estimator
// (docs/MATH.md, "Precise non-Gaussian Var[w̄]").
//
// Per matrix: Z ∈ R^{d×n} with iid N(0, 1) entries (the exact ziggurat of
// gnd.ts), W = T(Z) entrywise with T = F_β⁻¹∘Φ, the monotone map that turns
// a standard normal into an SGND(α = 1, β) value. Both matrices go through
// the same rescaling (AOL, or SLL with a fixed q), and the kernel writes one
// record of COUPLED_RECORD statistics:
//
//   [Yw, Aw, Bw, A2w, Cw,  Yz, Az, Bz, A2z, Cz,  E,  X(a, t) for 29 (a, t)]
//
//   Y  = (1/(dn)) Σ_i G_ii/t_i        (E Y_W is the target, E Y_Z the exact V)
//   A  = mean_i G_ii,   A2 = mean_i G_ii²
//   B  = mean_{i≠j} |G_ij|,   C = mean_{i≠j} G_ij²   (0 when n = 1)
//   E  = mean_i ⟨w_i, z_i⟩
//   X(a, t) = mean_i exp(−a·x_i − t·s_i),  x_i = κ‖w_i‖²  (κ = 1/(d·E W²), from the host),
//             s_i = Σ_{j≠i} |⟨w_i, z_j⟩| / (‖w_i‖ (n − 1))   (0 when n = 1),
//             a ∈ {0, ½, 1, 2, 4}, t ∈ {0, ½, 1, 2, 4, 8}, (a, t) ≠ (0, 0), a-major
//
// Given column i of W, the ⟨w_i, z_j⟩/‖w_i‖ (j ≠ i) are iid N(0, 1) and
// independent of w_i (the z_j are Gaussian and independent of z_i), so
// E X(a, t) = (E e^{−aκW²})^d · erfcx(t/((n − 1)√2))^{n−1}: a one-dimensional
// quadrature (docs/MATH.md §5b, "cross-projection controls").
//
// for G = WᵀW (suffix w) and G = ZᵀZ (suffix z). Every statistic but Yw has
// a mean known in closed form or by one-dimensional quadrature; the host
// uses them as control variates.
//
// T is evaluated from a table (built by the host, src/analytic/normal-coupling.ts):
// piecewise cubic Hermite on a mesh indexed by the bits of |z| — OCTAVE_STEPS
// sub-intervals per binary octave [2^e, 2^{e+1}), e from COUPLING_EMIN to
// COUPLING_EMAX − 1 — so every interval is short relative to its own z and
// the non-smooth terms of T at 0 (z^{1+β}) cost no accuracy. Below 2^EMIN
// T is linear (slope stored after the table); above 2^EMAX the last cubic
// is extended (P(|Z| > 16) ≈ 1e-57). With table = 0, T is the identity
// (β = 2: W = Z exactly).
import { normalNext } from "./gnd";
import { gramStrided, gramScratchDoubles, tile4x4 } from "./gram";
import { gemmStrided, KC } from "./gemm";
import { expSampler } from "./explog";
import { rescaleNormalizers } from "./aol";

/** Largest d·n for the direct cross product (as gram.ts: W and Z rows stay in L1). */
const SMALL_CROSS_DOUBLES: i32 = 4096;

/**
 * c (n×n, row-major) = WᵀZ for row-major W, Z (d×n). Small matrices with n a
 * multiple of 4 take 4×4 register tiles read straight from the rows (as
 * gramSmall in gram.ts, but every tile: WᵀZ is not symmetric); others the
 * blocked multiply. Either way every element is accumulated over k ascending.
 */
function crossProduct(w: usize, z: usize, d: i32, n: i32, c: usize, scratch: usize): void {
  if (ASC_FEATURE_SIMD) {
    if ((n & 3) == 0 && d <= KC && d * n <= SMALL_CROSS_DOUBLES) {
      crossSmall(w, z, d, n, c);
      return;
    }
  }
  gemmStrided(n, n, d, w, 1, n, z, n, 1, c, n, false, false, scratch);
}

/** The direct path of crossProduct (SIMD builds only): every 4×4 tile, as gramSmall does the upper ones. */
function crossSmall(w: usize, z: usize, d: i32, n: i32, c: usize): void {
  const rowBytes = <usize>n << 3;
  for (let i0 = 0; i0 < n; i0 += 4) {
    for (let j0 = 0; j0 < n; j0 += 4) {
      tile4x4(w + (<usize>i0 << 3), z + (<usize>j0 << 3), d, rowBytes, c + ((<usize>i0 * <usize>n + <usize>j0) << 3));
    }
  }
}

/** Doubles per record (see the file comment). */
export const COUPLED_RECORD: i32 = 40;
/** Record index of the first cross-projection control X(a, t). */
export const COUPLED_CROSS_FIRST: i32 = 11;
/** Sub-intervals per binary octave of |z| (a power of two). */
export const OCTAVE_STEPS: i32 = 128;
const OCTAVE_BITS: u64 = 7;
/** The table covers 2^EMIN ≤ |z| < 2^EMAX. */
export const COUPLING_EMIN: i32 = -40;
export const COUPLING_EMAX: i32 = 4;
/** Intervals in the table: (EMAX − EMIN)·OCTAVE_STEPS, 4 coefficients each, then the slope at 0. */
export const COUPLING_INTERVALS: i32 = (COUPLING_EMAX - COUPLING_EMIN) * OCTAVE_STEPS;

const MANTISSA_LOW_BITS: u64 = 52 - OCTAVE_BITS;
const LOW_MASK: u64 = (<u64>1 << MANTISSA_LOW_BITS) - 1;
const LOW_SCALE: f64 = 1.0 / <f64>(<u64>1 << MANTISSA_LOW_BITS);
const ABS_MASK: u64 = 0x7fffffffffffffff;
const SIGN_MASK: u64 = 0x8000000000000000;

/** Doubles of the table the host passes: 4 per interval, then the slope T'(0). */
export function couplingTableDoubles(): i32 {
  return COUPLING_INTERVALS * 4 + 1;
}

/** T(z) from the table (see the file comment); odd in z. */
// @ts-ignore: decorator
@inline export function coupleValue(z: f64, table: usize): f64 {
  const bits = reinterpret<u64>(z);
  const mag = bits & ABS_MASK;
  const e = <i32>(mag >> 52) - 1023;
  let v: f64;
  if (e < COUPLING_EMIN) {
    v = reinterpret<f64>(mag) * load<f64>(table + (<usize>(COUPLING_INTERVALS * 4) << 3));
  } else {
    let index: i32;
    let u: f64;
    if (e >= COUPLING_EMAX) {
      // Extend the last cubic: u measured in its own interval width.
      index = COUPLING_INTERVALS - 1;
      const last = <f64>(1 << (COUPLING_EMAX - 1)) * (2.0 - 1.0 / <f64>OCTAVE_STEPS);
      u = (reinterpret<f64>(mag) - last) * (<f64>OCTAVE_STEPS / <f64>(1 << (COUPLING_EMAX - 1)));
    } else {
      index = (e - COUPLING_EMIN) * OCTAVE_STEPS + <i32>((mag >> MANTISSA_LOW_BITS) & <u64>(OCTAVE_STEPS - 1));
      u = <f64>(mag & LOW_MASK) * LOW_SCALE;
    }
    const c = table + (<usize>index << 5);
    v = load<f64>(c) + u * (load<f64>(c, 8) + u * (load<f64>(c, 16) + u * load<f64>(c, 24)));
  }
  return reinterpret<f64>(reinterpret<u64>(v) | (bits & SIGN_MASK));
}

/** out[i] = T(z[i]) for `count` values (accuracy tests and the host's checks). */
export function coupleValues(z: usize, count: i32, table: usize, out: usize): void {
  for (let i = 0; i < count; i++) store<f64>(out + (<usize>i << 3), coupleValue(load<f64>(z + (<usize>i << 3)), table));
}

// @ts-ignore: decorator
@inline function even(x: i32): i32 {
  return (x + 1) & ~1;
}

/** Doubles of scratch coupledVarianceChunk needs for d×n matrices. */
export function coupledScratchDoubles(d: i32, n: i32): f64 {
  const dn = <f64>even(d * n);
  const nn = <f64>even(n * n);
  return 2.0 * dn + 2.0 * <f64>even(n) + nn + <f64>gramScratchDoubles(d, n);
}

/**
 * The 29 cross-projection controls X(a, t) (file comment) into out[0..28],
 * from wii (the n values ‖w_i‖²) and the cross products c = WᵀZ (n×n).
 * Two exponentials per column: u = e^{−κ‖w_i‖²/2} gives a = ½, 1, 2, 4 as
 * u, u², u⁴, u⁸, and v = e^{−s_i/2} gives t = ½ … 8 as v, v², …, v¹⁶
 * (s_i: the off-diagonal |c_ij| of row i summed, over ‖w_i‖(n − 1)).
 */
function crossControls(c: usize, wii: usize, n: i32, kappa: f64, out: usize): void {
  const invOthers = n > 1 ? 1.0 / <f64>(n - 1) : 0.0;
  let x01 = 0.0;
  let x02 = 0.0;
  let x03 = 0.0;
  let x04 = 0.0;
  let x05 = 0.0;
  let x10 = 0.0;
  let x11 = 0.0;
  let x12 = 0.0;
  let x13 = 0.0;
  let x14 = 0.0;
  let x15 = 0.0;
  let x20 = 0.0;
  let x21 = 0.0;
  let x22 = 0.0;
  let x23 = 0.0;
  let x24 = 0.0;
  let x25 = 0.0;
  let x30 = 0.0;
  let x31 = 0.0;
  let x32 = 0.0;
  let x33 = 0.0;
  let x34 = 0.0;
  let x35 = 0.0;
  let x40 = 0.0;
  let x41 = 0.0;
  let x42 = 0.0;
  let x43 = 0.0;
  let x44 = 0.0;
  let x45 = 0.0;
  for (let i = 0; i < n; i++) {
    const gii = load<f64>(wii + (<usize>i << 3));
    const row = c + (<usize>i * <usize>n << 3);
    let sum = 0.0;
    for (let j = 0; j < n; j++) sum += abs<f64>(load<f64>(row + (<usize>j << 3)));
    sum -= abs<f64>(load<f64>(row + (<usize>i << 3)));
    const norm = Math.sqrt(gii);
    const s = norm > 0.0 ? max<f64>(0.0, sum) / norm * invOthers : 0.0;
    const u1 = expSampler(-0.5 * kappa * gii);
    const u2 = u1 * u1;
    const u4 = u2 * u2;
    const u8 = u4 * u4;
    const v1 = expSampler(-0.5 * s);
    const v2 = v1 * v1;
    const v4 = v2 * v2;
    const v8 = v4 * v4;
    const v16 = v8 * v8;
    x01 += v1;
    x02 += v2;
    x03 += v4;
    x04 += v8;
    x05 += v16;
    x10 += u1;
    x11 += u1 * v1;
    x12 += u1 * v2;
    x13 += u1 * v4;
    x14 += u1 * v8;
    x15 += u1 * v16;
    x20 += u2;
    x21 += u2 * v1;
    x22 += u2 * v2;
    x23 += u2 * v4;
    x24 += u2 * v8;
    x25 += u2 * v16;
    x30 += u4;
    x31 += u4 * v1;
    x32 += u4 * v2;
    x33 += u4 * v4;
    x34 += u4 * v8;
    x35 += u4 * v16;
    x40 += u8;
    x41 += u8 * v1;
    x42 += u8 * v2;
    x43 += u8 * v4;
    x44 += u8 * v8;
    x45 += u8 * v16;
  }
  const invN = 1.0 / <f64>n;
  store<f64>(out, x01 * invN, 0);
  store<f64>(out, x02 * invN, 8);
  store<f64>(out, x03 * invN, 16);
  store<f64>(out, x04 * invN, 24);
  store<f64>(out, x05 * invN, 32);
  store<f64>(out, x10 * invN, 40);
  store<f64>(out, x11 * invN, 48);
  store<f64>(out, x12 * invN, 56);
  store<f64>(out, x13 * invN, 64);
  store<f64>(out, x14 * invN, 72);
  store<f64>(out, x15 * invN, 80);
  store<f64>(out, x20 * invN, 88);
  store<f64>(out, x21 * invN, 96);
  store<f64>(out, x22 * invN, 104);
  store<f64>(out, x23 * invN, 112);
  store<f64>(out, x24 * invN, 120);
  store<f64>(out, x25 * invN, 128);
  store<f64>(out, x30 * invN, 136);
  store<f64>(out, x31 * invN, 144);
  store<f64>(out, x32 * invN, 152);
  store<f64>(out, x33 * invN, 160);
  store<f64>(out, x34 * invN, 168);
  store<f64>(out, x35 * invN, 176);
  store<f64>(out, x40 * invN, 184);
  store<f64>(out, x41 * invN, 192);
  store<f64>(out, x42 * invN, 200);
  store<f64>(out, x43 * invN, 208);
  store<f64>(out, x44 * invN, 216);
  store<f64>(out, x45 * invN, 224);
}

/**
 * Y, A, B, A2, C of one Gram matrix g (n×n) into out[0..4]; t (n doubles)
 * receives the normalizers. q: n SLL weights, or 0 for AOL.
 */
function gramStatistics(g: usize, n: i32, q: usize, t: usize, invEntries: f64, out: usize): void {
  rescaleNormalizers(g, n, q, t);
  let y = 0.0;
  let a = 0.0;
  let a2 = 0.0;
  let b = 0.0;
  let c = 0.0;
  for (let i = 0; i < n; i++) {
    const row = g + (<usize>i * <usize>n << 3);
    const gii = load<f64>(row + (<usize>i << 3));
    const ti = load<f64>(t + (<usize>i << 3));
    if (ti != 0.0) y += gii / ti;
    a += gii;
    a2 += gii * gii;
    for (let j = i + 1; j < n; j++) {
      const gij = load<f64>(row + (<usize>j << 3));
      b += abs<f64>(gij);
      c += gij * gij;
    }
  }
  const invN = 1.0 / <f64>n;
  const invPairs = n > 1 ? 2.0 / (<f64>n * <f64>(n - 1)) : 0.0;
  store<f64>(out, y * invEntries);
  store<f64>(out, a * invN, 8);
  store<f64>(out, b * invPairs, 16);
  store<f64>(out, a2 * invN, 24);
  store<f64>(out, c * invPairs, 32);
}

/**
 * Run `count` coupled matrices of d×n from the active stream (draw order:
 * the d·n normals of Z, row-major, per matrix).
 *  - q: n positive SLL weights (fixed for the run), or 0 for AOL;
 *  - table: couplingTableDoubles() doubles from the host, or 0 for T = identity;
 *  - kappa: 1/(d·E W²), the scale of x_i in the cross-projection controls;
 *  - records: count·COUPLED_RECORD doubles;
 *  - scratch: coupledScratchDoubles(d, n) doubles, 16-byte aligned.
 */
export function coupledVarianceChunk(d: i32, n: i32, q: usize, table: usize, kappa: f64, count: i32, records: usize, scratch: usize): void {
  const entries = d * n;
  const z = scratch;
  const w = z + (<usize>even(entries) << 3);
  const t = w + (<usize>even(entries) << 3);
  const wii = t + (<usize>even(n) << 3);
  const g = wii + (<usize>even(n) << 3);
  const pack = g + (<usize>even(n * n) << 3);
  const invEntries = 1.0 / <f64>entries;
  const invN = 1.0 / <f64>n;
  for (let m = 0; m < count; m++) {
    const rec = records + (<usize>(m * COUPLED_RECORD) << 3);
    let cross = 0.0;
    for (let k = 0; k < entries; k++) {
      const zk = normalNext();
      const wk = table == 0 ? zk : coupleValue(zk, table);
      store<f64>(z + (<usize>k << 3), zk);
      store<f64>(w + (<usize>k << 3), wk);
      cross += wk * zk;
    }
    gramStrided(w, d, n, n, 1, g, pack);
    for (let i = 0; i < n; i++) store<f64>(wii + (<usize>i << 3), load<f64>(g + (<usize>(i * n + i) << 3)));
    gramStatistics(g, n, q, t, invEntries, rec);
    gramStrided(z, d, n, n, 1, g, pack);
    gramStatistics(g, n, q, t, invEntries, rec + 40);
    store<f64>(rec, cross * invN, 80);
    // c = WᵀZ (all n² entries): A = Wᵀ is n×d with strides (1, n), B = Z is d×n row-major.
    crossProduct(w, z, d, n, g, pack);
    crossControls(g, wii, n, kappa, rec + (<usize>COUPLED_CROSS_FIRST << 3));
  }
}
