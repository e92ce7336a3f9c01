// Elementary functions for the samplers' hot loops: ln(1 + w), e^x and
// (1 + w)^e for a fixed e. No division and no call into the std library:
// table look-ups and short polynomials, without fused multiply-add, so every
// build gives the same bits. ln and exp also come in a two-lane (f64x2) form
// with the same operations in the same order (it gathers its table entries
// lane by lane).
//
//  * ln(1 + w), t = 1 + w > 0: t = 2^k·m with m ∈ [0.709, 1.418); the top 7
//    bits of m's offset pick a centre c (c = 1 on the interval holding 1),
//    and ln t = k ln 2 − ln(1/c) + ln(1 + ρ), ρ = m·(1/c) − 1 (|ρ| ≤ 2^-8), by
//    its degree-8 Taylor polynomial (truncation < 2e-18 relative). The
//    rounding of t = 1 + w is added back into ρ, so tiny w keep full
//    relative accuracy. Error: ≤ 1 ulp for t ∈ [0.998, 1.0039], else
//    ≤ 4·max(ulp, 2^-53) (the rounding of m·(1/c)) — what an exp of a
//    multiple of it needs.
//  * e^x: x = (128k + j)·ln2/128 + r, |r| ≤ ln2/256, e^x = 2^k·2^{j/128}·
//    (1 + p(r)) with the degree-5 Taylor p (truncation < 6e-19 relative);
//    ≤ 1 ulp, subnormal results rounded once.
//  * (1 + w)^e, 0 < e ≤ 3: (2^k)^e·c^e·(1 + ρ)^e from tables built per e
//    and the binomial series; ≤ 8 ulp.
// Accuracy is asserted against V8's Math in test/wasm/gnd.test.ts.

const LN2_HI: f64 = 6.93147180369123816490e-01; // 32 significant bits: n·LN2_HI/128 is exact for |n| < 2^21
const LN2_LO: f64 = 1.90821492927058770002e-10;

const LOG_BITS: i32 = 7;
const LOG_SIZE: i32 = 1 << LOG_BITS;
const EXP_SIZE: i32 = 128;

// ln: per interval, 1/c and ln c; exp: 2^{j/128}.
const LOG_INV_C = memory.data(LOG_SIZE << 3);
const LOG_LN_C = memory.data(LOG_SIZE << 3);
const EXP_TABLE = memory.data(EXP_SIZE << 3);

/**
 * m ranges over [b, 2b) with b ≈ 0.709 (near √½) chosen so that 1 sits at
 * the centre of its table interval (offset 74.5·2^45 above b): |ρ| ≤ 2^-8
 * there, where ln t is small and is computed with c = 1, ρ = t − 1 exactly.
 */
const BASE_BITS: i64 = 0x3ff0000000000000 - 149 * (<i64>1 << 44);
/** bits(1) − bits(b): adding it moves the mantissa range [1, 2) to [b, 2b). */
const MANTISSA_SHIFT: i64 = 0x3ff0000000000000 - BASE_BITS;
const MANTISSA_MASK: i64 = 0x000fffffffffffff;
const INDEX_SHIFT: i64 = 52 - LOG_BITS;
/** The exponent field as a double: bits(2^52) | e, minus 2^52, is e exactly. */
const TWO52_BITS: i64 = 0x4330000000000000;
const TWO52: f64 = 4503599627370496.0;
/** Adding this rounds |y| < 2^51 to an integer held in the low mantissa bits. */
const ROUND_SHIFT: f64 = 6755399441055744.0; // 1.5·2^52
const EXP_SCALE: f64 = 184.66496523378731; // 128/ln 2
const EXP_HI: f64 = LN2_HI / 128.0;
const EXP_LO: f64 = LN2_LO / 128.0;
// Clamp for exp: below −746 the result rounds to 0, above 710 to +∞.
const EXP_MIN: f64 = -746.0;
const EXP_MAX: f64 = 710.0;

function buildTables(): void {
  const one = (reinterpret<i64>(1.0) - BASE_BITS) >> INDEX_SHIFT;
  for (let j = 0; j < LOG_SIZE; j++) {
    const lo = reinterpret<f64>((<i64>j << INDEX_SHIFT) + BASE_BITS);
    const hi = reinterpret<f64>((<i64>(j + 1) << INDEX_SHIFT) + BASE_BITS);
    const c = <i64>j == one ? 1.0 : 0.5 * (lo + hi);
    // ln c is taken as −ln(1/c) of the stored reciprocal, so that
    // ln t = k ln 2 − ln(1/c) + ln(m·(1/c)) holds exactly whatever 1/c rounded to.
    const invC = 1.0 / c;
    store<f64>(LOG_INV_C + (<usize>j << 3), invC);
    store<f64>(LOG_LN_C + (<usize>j << 3), -Math.log(invC));
  }
  for (let j = 0; j < EXP_SIZE; j++) store<f64>(EXP_TABLE + (<usize>j << 3), Math.pow(2.0, <f64>j / <f64>EXP_SIZE));
}
buildTables();

/** ln(t) + lost/t for t > 0 normal, with `lost` at most an ulp of t (the shared core). */
// @ts-ignore: decorator
@inline function logCore(t: f64, lost: f64): f64 {
  const shifted = reinterpret<i64>(t) + MANTISSA_SHIFT;
  const biased = shifted >>> 52;
  const k = reinterpret<f64>(TWO52_BITS | biased) - (TWO52 + 1023.0);
  const offset = shifted & MANTISSA_MASK;
  const m = reinterpret<f64>(offset + BASE_BITS);
  const j = <usize>(offset >> INDEX_SHIFT) << 3;
  const invC = load<f64>(LOG_INV_C + j);
  // lost scaled by 2^-k joins m: t + lost = 2^k·c·(1 + ρ).
  const rounding = lost * reinterpret<f64>((2046 - biased) << 52);
  const rho = (m * invC - 1.0) + rounding * invC;
  // ln(1 + ρ) = ρ + ρ²·P(ρ), P by Estrin's scheme (short dependency chains).
  const rho2 = rho * rho;
  const rho4 = rho2 * rho2;
  const p01 = (-0.5 + rho * (1.0 / 3.0)) + rho2 * (-0.25 + rho * 0.2);
  const p23 = (-1.0 / 6.0 + rho * (1.0 / 7.0)) + rho2 * -0.125;
  const small = rho + rho2 * (p01 + rho4 * p23);
  return (k * LN2_HI + load<f64>(LOG_LN_C + j)) + (k * LN2_LO + small);
}

/** ln x for normal, positive, finite x. No checks. */
// @ts-ignore: decorator
@inline export function logSampler(x: f64): f64 {
  return logCore(x, 0.0);
}

/**
 * ln(1 + w) for w > −1 whose 1 + w rounds to a normal double (the samplers'
 * Marsaglia–Tsang w = c·z always qualify). No checks. w − (t − 1) is what
 * t = 1 + w rounded away.
 */
// @ts-ignore: decorator
@inline export function log1pSampler(w: f64): f64 {
  const t = 1.0 + w;
  return logCore(t, w - (t - 1.0));
}

/** Two-lane log1pSampler, bit-identical per lane. */
// @ts-ignore: decorator
@inline export function log1pSampler2(w: v128): v128 {
  const one = f64x2.splat(1.0);
  const t = f64x2.add(one, w);
  const shifted = i64x2.add(t, i64x2.splat(MANTISSA_SHIFT));
  const biased = i64x2.shr_u(shifted, 52);
  const k = f64x2.sub(v128.or(i64x2.splat(TWO52_BITS), biased), f64x2.splat(TWO52 + 1023.0));
  const offset = v128.and(shifted, i64x2.splat(MANTISSA_MASK));
  const m = i64x2.add(offset, i64x2.splat(BASE_BITS));
  const index = i64x2.shl(i64x2.shr_u(offset, <i32>INDEX_SHIFT), 3);
  const j0 = <usize>i64x2.extract_lane(index, 0);
  const j1 = <usize>i64x2.extract_lane(index, 1);
  const invC = f64x2.replace_lane(f64x2.splat(load<f64>(LOG_INV_C + j0)), 1, load<f64>(LOG_INV_C + j1));
  const lnC = f64x2.replace_lane(f64x2.splat(load<f64>(LOG_LN_C + j0)), 1, load<f64>(LOG_LN_C + j1));
  const scale = i64x2.shl(i64x2.sub(i64x2.splat(2046), biased), 52);
  const rounding = f64x2.mul(f64x2.sub(w, f64x2.sub(t, one)), scale);
  const rho = f64x2.add(f64x2.sub(f64x2.mul(m, invC), one), f64x2.mul(rounding, invC));
  const rho2 = f64x2.mul(rho, rho);
  const rho4 = f64x2.mul(rho2, rho2);
  const p01 = f64x2.add(
    f64x2.add(f64x2.splat(-0.5), f64x2.mul(rho, f64x2.splat(1.0 / 3.0))),
    f64x2.mul(rho2, f64x2.add(f64x2.splat(-0.25), f64x2.mul(rho, f64x2.splat(0.2)))),
  );
  const p23 = f64x2.add(
    f64x2.add(f64x2.splat(-1.0 / 6.0), f64x2.mul(rho, f64x2.splat(1.0 / 7.0))),
    f64x2.mul(rho2, f64x2.splat(-0.125)),
  );
  const small = f64x2.add(rho, f64x2.mul(rho2, f64x2.add(p01, f64x2.mul(rho4, p23))));
  const ln2 = f64x2.mul(k, f64x2.splat(LN2_HI));
  const ln2Lo = f64x2.mul(k, f64x2.splat(LN2_LO));
  return f64x2.add(f64x2.add(ln2, lnC), f64x2.add(ln2Lo, small));
}

/** e^x for any x but NaN: 0 below −746, +∞ above ~709.78, subnormal results rounded once. */
// @ts-ignore: decorator
@inline export function expSampler(x: f64): f64 {
  x = min<f64>(max<f64>(x, EXP_MIN), EXP_MAX);
  const shifted = x * EXP_SCALE + ROUND_SHIFT;
  const nf = shifted - ROUND_SHIFT;
  const n = reinterpret<i64>(shifted) - reinterpret<i64>(ROUND_SHIFT);
  const r = (x - nf * EXP_HI) - nf * EXP_LO;
  const tj = load<f64>(EXP_TABLE + (<usize>(n & 127) << 3));
  const r2 = r * r;
  const p = r + r2 * ((0.5 + r * (1.0 / 6.0)) + r2 * (1.0 / 24.0 + r * (1.0 / 120.0)));
  const y = tj + tj * p;
  // 2^k, k = ⌊n/128⌋ ∈ [−1077, 1024], in two factors that are normal doubles.
  const kk = n >> 7;
  const half = kk >> 1;
  return y * reinterpret<f64>((half + 1023) << 52) * reinterpret<f64>((kk - half + 1023) << 52);
}

/** Two-lane expSampler, bit-identical per lane. */
// @ts-ignore: decorator
@inline export function expSampler2(x: v128): v128 {
  // pmin/pmax: one instruction each; equal to min/max here (x is never NaN).
  x = f64x2.pmin(f64x2.pmax(x, f64x2.splat(EXP_MIN)), f64x2.splat(EXP_MAX));
  const round = f64x2.splat(ROUND_SHIFT);
  const shifted = f64x2.add(f64x2.mul(x, f64x2.splat(EXP_SCALE)), round);
  const nf = f64x2.sub(shifted, round);
  const n = i64x2.sub(shifted, round);
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(nf, f64x2.splat(EXP_HI))), f64x2.mul(nf, f64x2.splat(EXP_LO)));
  const index = i64x2.shl(v128.and(n, i64x2.splat(127)), 3);
  const tj = f64x2.replace_lane(
    f64x2.splat(load<f64>(EXP_TABLE + <usize>i64x2.extract_lane(index, 0))),
    1,
    load<f64>(EXP_TABLE + <usize>i64x2.extract_lane(index, 1)),
  );
  const r2 = f64x2.mul(r, r);
  const q01 = f64x2.add(f64x2.splat(0.5), f64x2.mul(r, f64x2.splat(1.0 / 6.0)));
  const q23 = f64x2.add(f64x2.splat(1.0 / 24.0), f64x2.mul(r, f64x2.splat(1.0 / 120.0)));
  const p = f64x2.add(r, f64x2.mul(r2, f64x2.add(q01, f64x2.mul(r2, q23))));
  const y = f64x2.add(tj, f64x2.mul(tj, p));
  // k and its halves in floating point (exact: small integers), because
  // i64x2.shr_s has no single x86 instruction; biased by 1023 + 2^52 their
  // low bits are the exponent fields, which the shift moves into place.
  const kk = f64x2.floor(f64x2.mul(nf, f64x2.splat(1.0 / 128.0)));
  const half = f64x2.floor(f64x2.mul(kk, f64x2.splat(0.5)));
  const bias = f64x2.splat(TWO52 + 1023.0);
  const scale1 = i64x2.shl(f64x2.add(half, bias), 52);
  const scale2 = i64x2.shl(f64x2.add(f64x2.sub(kk, half), bias), 52);
  return f64x2.mul(f64x2.mul(y, scale1), scale2);
}

// ---------------------------------------------------------------- powers

/** Largest exponent (1 + w)^e is prepared for: the series below is exact to 2^-60 for e ≤ 3. */
export const POWER_MAX_EXPONENT: f64 = 3.0;
const POWER_K_MIN: i32 = -64; // t = 2^k·m with k ≥ −53 for the samplers' t ≥ 2^-53
const POWER_K_COUNT: i32 = 72; // … and k ≤ 7
const POWER_OF_TWO = memory.data(POWER_K_COUNT << 3); // (2^k)^e
const POWER_OF_CENTRE = memory.data(LOG_SIZE << 3); // c^e = (1/c)^{−e}
const POWER_SERIES = memory.data(8 << 3); // binomial coefficients C(e, n), n = 0..7
let preparedExponent: f64 = NaN;

/**
 * Make `power1pSampler` compute (1 + w)^e, 0 < e ≤ POWER_MAX_EXPONENT. The
 * tables (2^k)^e and c^e come from the std library's pow (< 1 ulp); they are
 * rebuilt only when e changes (~200 pow calls).
 */
export function preparePower(e: f64): void {
  if (e == preparedExponent) return;
  preparedExponent = e;
  for (let i = 0; i < POWER_K_COUNT; i++) {
    const twoToK = reinterpret<f64>(<i64>(i + POWER_K_MIN + 1023) << 52);
    store<f64>(POWER_OF_TWO + (<usize>i << 3), Math.pow(twoToK, e));
  }
  for (let j = 0; j < LOG_SIZE; j++) {
    store<f64>(POWER_OF_CENTRE + (<usize>j << 3), Math.pow(load<f64>(LOG_INV_C + (<usize>j << 3)), -e));
  }
  let b = 1.0;
  for (let n = 0; n < 8; n++) {
    store<f64>(POWER_SERIES + (<usize>n << 3), b);
    b = (b * (e - <f64>n)) / <f64>(n + 1);
  }
}

/**
 * (1 + w)^e for the e of the last preparePower, w as for log1pSampler:
 * t = 1 + w = 2^k·c·(1 + ρ) (|ρ| ≤ 2^-8), t^e = (2^k)^e · c^e · (1 + ρ)^e
 * with the binomial series to ρ^7 (truncation < 2^-60 for e ≤ 3). No exp,
 * no log; within 6 ulp of Math.pow in tests (8 asserted).
 */
// @ts-ignore: decorator
@inline export function power1pSampler(w: f64): f64 {
  const t = 1.0 + w;
  const shifted = reinterpret<i64>(t) + MANTISSA_SHIFT;
  const biased = shifted >>> 52;
  const offset = shifted & MANTISSA_MASK;
  const m = reinterpret<f64>(offset + BASE_BITS);
  const j = <usize>(offset >> INDEX_SHIFT) << 3;
  // (The rounding of t = 1 + w changes t^e by under an ulp of ~1: ignored.)
  const rho = m * load<f64>(LOG_INV_C + j) - 1.0;
  const rho2 = rho * rho;
  const rho4 = rho2 * rho2;
  const q01 = (load<f64>(POWER_SERIES, 8) + rho * load<f64>(POWER_SERIES, 16)) + rho2 * (load<f64>(POWER_SERIES, 24) + rho * load<f64>(POWER_SERIES, 32));
  const q23 = (load<f64>(POWER_SERIES, 40) + rho * load<f64>(POWER_SERIES, 48)) + rho2 * load<f64>(POWER_SERIES, 56);
  const series = 1.0 + rho * (q01 + rho4 * q23);
  const twoPart = load<f64>(POWER_OF_TWO + ((<usize>biased - <usize>(1023 + POWER_K_MIN)) << 3));
  return (twoPart * load<f64>(POWER_OF_CENTRE + j)) * series;
}
