// Blocked double-precision matrix multiply C = A·B (or C += A·B) over
// strided operands, in the style of Goto/BLIS: B is packed in KC×NC blocks
// into NR-column panels, A in MC×KC blocks into MR-row panels, and a 6×4
// register-blocked micro-kernel runs over the packed panels.
//
// An operand X with r rows and c columns is addressed by element strides:
// X(i, j) = load<f64>(x + 8·(i·rs + j·cs)). Row-major is (rs, cs) = (cols, 1);
// a transpose is the same memory with the strides swapped, so Wᵀ·W and
// X·Wᵀ need no copy.
//
// Every element of C is accumulated in the same order in every build: within
// each KC block, acc = 0; acc = acc + a·b for k ascending; then C = acc (first
// block) or C = C + acc. The scalar (baseline) and SIMD builds therefore give
// bit-identical results; the relaxed build fuses a·b + acc (one rounding
// instead of two). Each result is within K·2⁻⁵²·Σ_k|a_ik||b_kj| (to first
// order) of the exact product, so the relaxed and plain builds differ by at
// most 2·K·2⁻⁵²·Σ_k|a_ik||b_kj| per element: the tolerance the tests state.
//
// Packing buffers are carved from a scratch block the caller passes
// (gemmScratchDoubles(m, n, k) doubles); kernels never allocate in their loops.

/** Micro-tile rows (panel height of packed A). */
export const MR: i32 = 6;
/** Micro-tile columns (panel width of packed B). */
export const NR: i32 = 4;
/** Depth of one packed block: the A micro-panel (MR·KC·8 = 12 KiB) stays in L1. */
export const KC: i32 = 256;
/** Rows of A packed at once (a multiple of MR): MC·KC·8 = 240 KiB, sized for L2. */
export const MC: i32 = 120;
/** Columns of B packed at once: KC·NC·8 = 2 MiB, sized for L3. */
export const NC: i32 = 1024;

// A 6×4 tile for partial tiles at the right and bottom edges.
const edgeTile: usize = memory.data(MR * NR * 8, 16);

/**
 * Doubles of scratch gemmStrided needs for an (m×k)·(k×n) product: one packed
 * A block and one packed B block. The A block comes first and is a multiple
 * of 2 doubles, so a 16-byte-aligned scratch keeps both blocks aligned.
 */
export function gemmScratchDoubles(m: i32, n: i32, k: i32): i32 {
  const kc = min(max(k, 1), KC);
  return roundUp(min(max(m, 1), MC), MR) * kc + kc * roundUp(min(max(n, 1), NC), NR);
}

// @ts-ignore: decorator
@inline function roundUp(x: i32, m: i32): i32 {
  return ((x + m - 1) / m) * m;
}

/** Pack A(i0..i0+mc, p0..p0+kc) into MR-row panels, k-major, zero-padded to MR. */
function packA(a: usize, rs: i32, cs: i32, i0: i32, p0: i32, mc: i32, kc: i32, out: usize): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    const panel = out + (<usize>ir * <usize>kc << 3);
    if (rows == MR && rs == 1) {
      // Column-major A (e.g. Wᵀ for a Gram matrix): each k gives MR contiguous values.
      let src = a + ((<usize>(i0 + ir) + <usize>p0 * <usize>cs) << 3);
      const step = <usize>cs << 3;
      let dst = panel;
      for (let k = 0; k < kc; k++) {
        store<f64>(dst, load<f64>(src));
        store<f64>(dst, load<f64>(src, 8), 8);
        store<f64>(dst, load<f64>(src, 16), 16);
        store<f64>(dst, load<f64>(src, 24), 24);
        store<f64>(dst, load<f64>(src, 32), 32);
        store<f64>(dst, load<f64>(src, 40), 40);
        src += step;
        dst += MR << 3;
      }
      continue;
    }
    for (let r = 0; r < MR; r++) {
      if (r < rows) {
        let src = a + ((<usize>(i0 + ir + r) * <usize>rs + <usize>p0 * <usize>cs) << 3);
        const step = <usize>cs << 3;
        let dst = panel + (<usize>r << 3);
        for (let k = 0; k < kc; k++) {
          store<f64>(dst, load<f64>(src));
          src += step;
          dst += MR << 3;
        }
      } else {
        let dst = panel + (<usize>r << 3);
        for (let k = 0; k < kc; k++) {
          store<f64>(dst, 0.0);
          dst += MR << 3;
        }
      }
    }
  }
}

/** Pack B(p0..p0+kc, j0..j0+nc) into NR-column panels, k-major, zero-padded to NR. */
function packB(b: usize, rs: i32, cs: i32, p0: i32, j0: i32, kc: i32, nc: i32, out: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    let dst = out + (<usize>jr * <usize>kc << 3);
    if (cols == NR && cs == 1) {
      // Row-major B: each k contributes NR contiguous values.
      let src = b + ((<usize>p0 * <usize>rs + <usize>(j0 + jr)) << 3);
      const step = <usize>rs << 3;
      for (let k = 0; k < kc; k++) {
        store<f64>(dst, load<f64>(src));
        store<f64>(dst, load<f64>(src, 8), 8);
        store<f64>(dst, load<f64>(src, 16), 16);
        store<f64>(dst, load<f64>(src, 24), 24);
        src += step;
        dst += NR << 3;
      }
    } else if (cols == NR && rs == 1) {
      // Column-major B (e.g. W̄ᵀ in a forward pass): read each column contiguously.
      for (let c = 0; c < NR; c++) {
        let src = b + ((<usize>p0 + <usize>(j0 + jr + c) * <usize>cs) << 3);
        let at = dst + (<usize>c << 3);
        for (let k = 0; k < kc; k++) {
          store<f64>(at, load<f64>(src));
          src += 8;
          at += NR << 3;
        }
      }
    } else {
      for (let k = 0; k < kc; k++) {
        const row = b + (<usize>(p0 + k) * <usize>rs << 3);
        for (let c = 0; c < NR; c++) {
          store<f64>(dst + (<usize>c << 3), c < cols ? load<f64>(row + (<usize>(j0 + jr + c) * <usize>cs << 3)) : 0.0);
        }
        dst += NR << 3;
      }
    }
  }
}

/** c + a·b per lane: fused in the relaxed build, multiply then add otherwise (shared by gram.ts). */
// @ts-ignore: decorator
@inline export function madd2(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f64x2.relaxed_madd(a, b, c);
  } else {
    return f64x2.add(c, f64x2.mul(a, b));
  }
}

/**
 * The 6×4 micro-kernel: tile = Σ_k pa[k]ᵀ pb[k] over kc packed steps,
 * written to c (row stride ldc doubles) as C = tile or C = C + tile.
 */
function microKernel(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, add: bool): void {
  const ld = <usize>ldc << 3;
  if (ASC_FEATURE_SIMD) {
    let c00 = f64x2.splat(0), c01 = f64x2.splat(0);
    let c10 = f64x2.splat(0), c11 = f64x2.splat(0);
    let c20 = f64x2.splat(0), c21 = f64x2.splat(0);
    let c30 = f64x2.splat(0), c31 = f64x2.splat(0);
    let c40 = f64x2.splat(0), c41 = f64x2.splat(0);
    let c50 = f64x2.splat(0), c51 = f64x2.splat(0);
    for (let k = 0; k < kc; k++) {
      const b0 = v128.load(pb);
      const b1 = v128.load(pb, 16);
      let a = v128.load64_splat(pa);
      c00 = madd2(a, b0, c00);
      c01 = madd2(a, b1, c01);
      a = v128.load64_splat(pa, 8);
      c10 = madd2(a, b0, c10);
      c11 = madd2(a, b1, c11);
      a = v128.load64_splat(pa, 16);
      c20 = madd2(a, b0, c20);
      c21 = madd2(a, b1, c21);
      a = v128.load64_splat(pa, 24);
      c30 = madd2(a, b0, c30);
      c31 = madd2(a, b1, c31);
      a = v128.load64_splat(pa, 32);
      c40 = madd2(a, b0, c40);
      c41 = madd2(a, b1, c41);
      a = v128.load64_splat(pa, 40);
      c50 = madd2(a, b0, c50);
      c51 = madd2(a, b1, c51);
      pa += MR << 3;
      pb += NR << 3;
    }
    let row = c;
    if (add) {
      v128.store(row, f64x2.add(v128.load(row), c00));
      v128.store(row, f64x2.add(v128.load(row, 16), c01), 16);
      row += ld;
      v128.store(row, f64x2.add(v128.load(row), c10));
      v128.store(row, f64x2.add(v128.load(row, 16), c11), 16);
      row += ld;
      v128.store(row, f64x2.add(v128.load(row), c20));
      v128.store(row, f64x2.add(v128.load(row, 16), c21), 16);
      row += ld;
      v128.store(row, f64x2.add(v128.load(row), c30));
      v128.store(row, f64x2.add(v128.load(row, 16), c31), 16);
      row += ld;
      v128.store(row, f64x2.add(v128.load(row), c40));
      v128.store(row, f64x2.add(v128.load(row, 16), c41), 16);
      row += ld;
      v128.store(row, f64x2.add(v128.load(row), c50));
      v128.store(row, f64x2.add(v128.load(row, 16), c51), 16);
    } else {
      v128.store(row, c00);
      v128.store(row, c01, 16);
      row += ld;
      v128.store(row, c10);
      v128.store(row, c11, 16);
      row += ld;
      v128.store(row, c20);
      v128.store(row, c21, 16);
      row += ld;
      v128.store(row, c30);
      v128.store(row, c31, 16);
      row += ld;
      v128.store(row, c40);
      v128.store(row, c41, 16);
      row += ld;
      v128.store(row, c50);
      v128.store(row, c51, 16);
    }
  } else {
    // Scalar: three 2×4 strips, so the 8 accumulators and the operands fit
    // in the 16 floating-point registers of common hosts (a 6×2 split spills).
    for (let strip = 0; strip < MR; strip += 2) {
      let c00 = 0.0, c01 = 0.0, c02 = 0.0, c03 = 0.0;
      let c10 = 0.0, c11 = 0.0, c12 = 0.0, c13 = 0.0;
      let p = pa + (<usize>strip << 3);
      let q = pb;
      for (let k = 0; k < kc; k++) {
        const b0 = load<f64>(q);
        const b1 = load<f64>(q, 8);
        const b2 = load<f64>(q, 16);
        const b3 = load<f64>(q, 24);
        let a = load<f64>(p);
        c00 = c00 + a * b0;
        c01 = c01 + a * b1;
        c02 = c02 + a * b2;
        c03 = c03 + a * b3;
        a = load<f64>(p, 8);
        c10 = c10 + a * b0;
        c11 = c11 + a * b1;
        c12 = c12 + a * b2;
        c13 = c13 + a * b3;
        p += MR << 3;
        q += NR << 3;
      }
      let row = c + (<usize>strip * ld);
      if (add) {
        store<f64>(row, load<f64>(row) + c00);
        store<f64>(row, load<f64>(row, 8) + c01, 8);
        store<f64>(row, load<f64>(row, 16) + c02, 16);
        store<f64>(row, load<f64>(row, 24) + c03, 24);
        row += ld;
        store<f64>(row, load<f64>(row) + c10);
        store<f64>(row, load<f64>(row, 8) + c11, 8);
        store<f64>(row, load<f64>(row, 16) + c12, 16);
        store<f64>(row, load<f64>(row, 24) + c13, 24);
      } else {
        store<f64>(row, c00);
        store<f64>(row, c01, 8);
        store<f64>(row, c02, 16);
        store<f64>(row, c03, 24);
        row += ld;
        store<f64>(row, c10);
        store<f64>(row, c11, 8);
        store<f64>(row, c12, 16);
        store<f64>(row, c13, 24);
      }
    }
  }
}

/** A partial tile (rows < MR or cols < NR): compute into the edge tile, then copy. */
function edgeKernel(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, rows: i32, cols: i32, add: bool): void {
  microKernel(kc, pa, pb, edgeTile, NR, false);
  for (let r = 0; r < rows; r++) {
    const dst = c + (<usize>r * <usize>ldc << 3);
    const src = edgeTile + (<usize>(r * NR) << 3);
    for (let j = 0; j < cols; j++) {
      const o = <usize>j << 3;
      store<f64>(dst + o, add ? load<f64>(dst + o) + load<f64>(src + o) : load<f64>(src + o));
    }
  }
}

/**
 * C(m×n, row stride ldc) = A(m×k)·B(k×n), or C += A·B when `accumulate`.
 * With `upperOnly` (square C, used for Gram matrices) only tiles touching
 * the upper triangle j ≥ i are computed; the strictly lower part of C is
 * then partly written and must be mirrored by the caller.
 * k = 0 sets C = 0 (or leaves it when accumulating).
 */
export function gemmStrided(
  m: i32, n: i32, k: i32,
  a: usize, rsA: i32, csA: i32,
  b: usize, rsB: i32, csB: i32,
  c: usize, ldc: i32,
  accumulate: bool, upperOnly: bool, scratch: usize,
): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate) {
      for (let i = 0; i < m; i++) memory.fill(c + (<usize>i * <usize>ldc << 3), 0, <usize>n << 3);
    }
    return;
  }
  const packedA = scratch;
  const packedB = scratch + (<usize>(roundUp(min(m, MC), MR) * min(k, KC)) << 3);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      const add = accumulate || pc > 0;
      packB(b, rsB, csB, pc, jc, kc, nc, packedB);
      for (let ic = 0; ic < m; ic += MC) {
        if (upperOnly && ic > jc + nc - 1) break;
        const mc = min(MC, m - ic);
        packA(a, rsA, csA, ic, pc, mc, kc, packedA);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = min(NR, nc - jr);
          const pb = packedB + (<usize>jr * <usize>kc << 3);
          for (let ir = 0; ir < mc; ir += MR) {
            // Upper triangle: the tile's last column must reach its first row.
            if (upperOnly && jc + jr + cols - 1 < ic + ir) break;
            const rows = min(MR, mc - ir);
            const pa = packedA + (<usize>ir * <usize>kc << 3);
            const ct = c + ((<usize>(ic + ir) * <usize>ldc + <usize>(jc + jr)) << 3);
            if (rows == MR && cols == NR) microKernel(kc, pa, pb, ct, ldc, add);
            else edgeKernel(kc, pa, pb, ct, ldc, rows, cols, add);
          }
        }
      }
    }
  }
}

/**
 * C = A·B for row-major A (m×k), B (k×n), C (m×n); `scratch` holds
 * gemmScratchDoubles(m, n, k) doubles. Exported for the host and benchmarks.
 */
export function gemm(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  gemmStrided(m, n, k, a, k, 1, b, n, 1, c, n, false, false, scratch);
}

/** C += A·B, same layout as gemm. */
export function gemmAccumulate(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, scratch: usize): void {
  gemmStrided(m, n, k, a, k, 1, b, n, 1, c, n, true, false, scratch);
}
