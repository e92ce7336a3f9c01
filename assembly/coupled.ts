// The Gaussian-coupled Monte Carlo chunk of the precise Var[w̄] estimator
// (docs/MATH.md, "Precise non-Gaussian Var[w̄]").
//
// Per matrix: Z ∈ R^{d×n} with iid N(0, 1) entries (the exact ziggurat of
// gnd.ts), W = T(Z) entrywise with T = F_β⁻¹∘Φ, the monotone map that turns
// a standard normal into an SGND(α = 1, β) value. Both matrices go through
// the same rescaling (AOL, or SLL with a fixed q), and the kernel writes one
// record of COUPLED_RECORD statistics:
//
//   [Yw, Aw, Bw, A2w, Cw,  Yz, Az, Bz, A2z, Cz,  E]
//
//   Y  = (1/(dn)) Σ_i G_ii/t_i        (E Y_W is the target, E Y_Z the exact V)
//   A  = mean_i G_ii,   A2 = mean_i G_ii²
//   B  = mean_{i≠j} |G_ij|,   C = mean_{i≠j} G_ij²   (0 when n = 1)
//   E  = mean_i ⟨w_i, z_i⟩
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
import { gramStrided, gramScratchDoubles } from "./gram";
import { rescaleNormalizers } from "./aol";

/** Doubles per record (see the file comment). */
export const COUPLED_RECORD: i32 = 11;
/** Sub-intervals per binary octave of |z| (a power of two). */
export const OCTAVE_STEPS: i32 = 256;
const OCTAVE_BITS: u64 = 8;
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
  return 2.0 * dn + <f64>even(n) + nn + <f64>gramScratchDoubles(d, n);
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
 *  - records: count·COUPLED_RECORD doubles;
 *  - scratch: coupledScratchDoubles(d, n) doubles, 16-byte aligned.
 */
export function coupledVarianceChunk(d: i32, n: i32, q: usize, table: usize, count: i32, records: usize, scratch: usize): void {
  const entries = d * n;
  const z = scratch;
  const w = z + (<usize>even(entries) << 3);
  const t = w + (<usize>even(entries) << 3);
  const g = t + (<usize>even(n) << 3);
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
    gramStatistics(g, n, q, t, invEntries, rec);
    gramStrided(z, d, n, n, 1, g, pack);
    gramStatistics(g, n, q, t, invEntries, rec + 40);
    store<f64>(rec, cross * invN, 80);
  }
}
