// Samplers for the symmetric generalised normal SGND(0, α, β) (MATH.md §2),
// its absolute value PGND, the normal and the Gamma(shape, 1) distribution,
// all drawing from the active stream of rng.ts.
//
// Methods (every one exact in distribution; only the draw count varies):
//  * normal: a 256-layer ziggurat (Marsaglia & Tsang 2000) with the layer
//    index, the sign and the 52-bit abscissa taken from disjoint bits of one
//    64-bit draw — the independence Doornik (2005) showed the original lacks —
//    and Marsaglia's (1964) exact method for the tail beyond r;
//  * exponential (β = 1, Laplace, and Gamma(1)): the same ziggurat for e^{−x},
//    tail r + Exp(1) by memorylessness;
//  * β = Infinity: uniform on (−α, α) from one draw;
//  * any other β: |X| = α·G^{1/β}, G ~ Gamma(1/β, 1) by Marsaglia & Tsang (2000),
//    G = d·(1 + c·z)³. For shape a = 1/β < 1 the boost G(a) = G(a+1)·U^{1/a}
//    gives α·G(a)^{1/β} = α·G(a+1)^{1/β}·U: one power fewer, and U is
//    recycled from Marsaglia–Tsang's own test uniform (see marsagliaTsangW),
//    so a value costs two 64-bit draws. Marsaglia–Tsang's squeeze is
//    replaced by a tighter one (squeezeBound), so few proposals need logs.
//    The power: for β > 1 and ordinary α, |X| = (α·d^a)·(1 + c z)^{3a}·U
//    with a table-driven power (explog.ts: no exp, no log), in one pass;
//    otherwise in logarithms, exp(ln α + a·ln d + 3a·ln(1 + c z)), so a tiny
//    or huge α or β underflows/overflows to 0/∞ like the true value and
//    never makes NaN — in blocks: a scalar pass of acceptances, then a pass
//    of ln/exp two lanes at a time in the SIMD builds.
// Signs are spare bits of draws already made, applied by flipping the sign
// bit (branch-free: a random branch would be mispredicted half the time).
//
// Tables are computed once at module start into static memory; nothing is
// allocated per draw. No fused multiply-add and the same operation order in
// scalar and two-lane code, so the baseline, SIMD and relaxed-SIMD builds
// give the same bits.
import { nextU64 } from "./rng";
import { expSampler, expSampler2, log1pSampler, log1pSampler2, logSampler, power1pSampler, preparePower } from "./explog";

const LAYERS: i32 = 256;
const SIGN_BIT: u64 = 0x8000000000000000;
/** 2^-52: a 52-bit integer times this is a double in [0, 1). */
const TWO_M52: f64 = 2.220446049250313e-16;

// Ziggurat constants for 256 layers: the base-strip start r and the common
// strip area v, solved (mpmath, 30 digits) so that the top strip closes at
// f(0) = 1. Normal: f(x) = e^{−x²/2}, v = r f(r) + √(π/2) erfc(r/√2).
// Exponential: f(x) = e^{−x}, v = (r + 1) e^{−r}.
const NORMAL_R: f64 = 3.6541528853610088;
const NORMAL_V: f64 = 0.004928673233974655;
const EXP_R: f64 = 7.6971174701310497;

// Per ziggurat: x_i (i = 0..256: x_0 = v/f(r) is the base strip's virtual
// width, x_1 = r, x_256 = 0), f_i = f(x_i), the fast-accept bound
// k_i = ⌊2^52·x_{i+1}/x_i⌋ (u64) and the abscissa scale w_i = x_i·2^-52.
const NORMAL_X = memory.data((LAYERS + 1) << 3);
const NORMAL_F = memory.data((LAYERS + 1) << 3);
const NORMAL_K = memory.data(LAYERS << 3);
const NORMAL_W = memory.data(LAYERS << 3);
const EXP_X = memory.data((LAYERS + 1) << 3);
const EXP_F = memory.data((LAYERS + 1) << 3);
const EXP_K = memory.data(LAYERS << 3);
const EXP_W = memory.data(LAYERS << 3);

/** f of the normal (isNormal) or exponential ziggurat. */
function zigDensity(isNormal: bool, x: f64): f64 {
  return isNormal ? Math.exp(-0.5 * x * x) : Math.exp(-x);
}

/** f⁻¹ on (0, 1]. */
function zigInverse(isNormal: bool, y: f64): f64 {
  if (y >= 1.0) return 0.0;
  return isNormal ? Math.sqrt(-2.0 * Math.log(y)) : -Math.log(y);
}

/**
 * Strip i ≥ 1 is [0, x_i] × [f(x_i), f(x_{i+1})], of area v; strip 0 is the
 * rectangle [0, r] × [0, f(r)] plus the tail beyond r, also of area v.
 */
function buildZiggurat(isNormal: bool, r: f64, v: f64, xs: usize, fs: usize, ks: usize, ws: usize): void {
  const fr = zigDensity(isNormal, r);
  store<f64>(xs, v / fr);
  store<f64>(fs, fr); // unused: strip 0 has no wedge
  let x = r;
  for (let i = 1; i < LAYERS; i++) {
    store<f64>(xs + (<usize>i << 3), x);
    const fx = zigDensity(isNormal, x);
    store<f64>(fs + (<usize>i << 3), fx);
    x = zigInverse(isNormal, fx + v / x);
  }
  // The top strip ends exactly at the mode (r and v close it to ~1e-16).
  store<f64>(xs + (<usize>LAYERS << 3), 0.0);
  store<f64>(fs + (<usize>LAYERS << 3), 1.0);
  for (let i = 0; i < LAYERS; i++) {
    const xi = load<f64>(xs + (<usize>i << 3));
    const next = load<f64>(xs + (<usize>(i + 1) << 3));
    store<u64>(ks + (<usize>i << 3), <u64>Math.floor((next / xi) * 4503599627370496.0));
    store<f64>(ws + (<usize>i << 3), xi * TWO_M52);
  }
}

buildZiggurat(true, NORMAL_R, NORMAL_V, NORMAL_X, NORMAL_F, NORMAL_K, NORMAL_W);
buildZiggurat(false, EXP_R, (EXP_R + 1.0) * Math.exp(-EXP_R), EXP_X, EXP_F, EXP_K, EXP_W);

// ---------------------------------------------------------------- bit helpers

/** x with its sign bit XORed by `sign` (0 or SIGN_BIT). */
// @ts-ignore: decorator
@inline function flipSign(x: f64, sign: u64): f64 {
  return reinterpret<f64>(reinterpret<u64>(x) ^ sign);
}

/** Bit 8 of a draw moved to the sign position: the ziggurats' spare sign bit. */
// @ts-ignore: decorator
@inline function signOfBit8(r: u64): u64 {
  return (r << 55) & SIGN_BIT;
}

/** Bit 0 of a draw moved to the sign position (the uniforms use bits 12..63). */
// @ts-ignore: decorator
@inline function signOfBit0(r: u64): u64 {
  return r << 63;
}

/**
 * Bits 12..63 of a draw as a uniform in (0, 1) (exact: 52 bits plus a half).
 * Values below 2^63 are converted as signed: one instruction on x86, where
 * the unsigned conversion is a branchy sequence.
 */
// @ts-ignore: decorator
@inline function openUniform(r: u64): f64 {
  return (<f64><i64>(r >> 12) + 0.5) * TWO_M52;
}

/** A fresh uniform in (0, 1), for logarithms. */
// @ts-ignore: decorator
@inline function uniformOpen(): f64 {
  return openUniform(nextU64());
}

// ---------------------------------------------------------------- normal

/** Everything after a failed fast test: wedges, the tail, and redraws. */
function normalSlow(r: u64): f64 {
  while (true) {
    const i = <i32>(r & 0xff);
    const sign = signOfBit8(r);
    const m = r >> 12;
    const x = <f64><i64>m * load<f64>(NORMAL_W + (<usize>i << 3));
    if (m < load<u64>(NORMAL_K + (<usize>i << 3))) return flipSign(x, sign);
    if (i == 0) {
      // Tail beyond r (Marsaglia 1964): t = −ln(U1)/r, accept when −2 ln U2 > t².
      let t: f64, e: f64;
      do {
        t = -Math.log(uniformOpen()) * (1.0 / NORMAL_R);
        e = -Math.log(uniformOpen());
      } while (e + e < t * t);
      return flipSign(NORMAL_R + t, sign);
    }
    const fi = load<f64>(NORMAL_F + (<usize>i << 3));
    const fNext = load<f64>(NORMAL_F + (<usize>(i + 1) << 3));
    const u = <f64><i64>(nextU64() >> 11) * 1.1102230246251565e-16;
    if (fi + u * (fNext - fi) < Math.exp(-0.5 * x * x)) return flipSign(x, sign);
    r = nextU64();
  }
}

/** A standard normal draw from the active stream (one 64-bit draw ~99% of the time). */
// @ts-ignore: decorator
@inline export function normalNext(): f64 {
  const r = nextU64();
  const i = <usize>(r & 0xff) << 3;
  const m = r >> 12;
  if (m < load<u64>(NORMAL_K + i)) return flipSign(<f64><i64>m * load<f64>(NORMAL_W + i), signOfBit8(r));
  return normalSlow(r);
}

// ---------------------------------------------------------------- exponential

/**
 * Exponential ziggurat after a failed fast test; the result carries the sign
 * bit 8 of the accepted draw, masked by `signMask` (0: always positive).
 */
function exponentialSlow(r: u64, signMask: u64): f64 {
  while (true) {
    const i = <i32>(r & 0xff);
    const sign = signOfBit8(r) & signMask;
    const m = r >> 12;
    const x = <f64><i64>m * load<f64>(EXP_W + (<usize>i << 3));
    if (m < load<u64>(EXP_K + (<usize>i << 3))) return flipSign(x, sign);
    if (i == 0) return flipSign(EXP_R - Math.log(uniformOpen()), sign);
    const fi = load<f64>(EXP_F + (<usize>i << 3));
    const fNext = load<f64>(EXP_F + (<usize>(i + 1) << 3));
    const u = <f64><i64>(nextU64() >> 11) * 1.1102230246251565e-16;
    if (fi + u * (fNext - fi) < Math.exp(-x)) return flipSign(x, sign);
    r = nextU64();
  }
}

/** Exp(1) (signMask 0) or the unit Laplace ±Exp(1) (signMask SIGN_BIT). */
// @ts-ignore: decorator
@inline function exponentialNext(signMask: u64): f64 {
  const r = nextU64();
  const i = <usize>(r & 0xff) << 3;
  const m = r >> 12;
  if (m < load<u64>(EXP_K + i)) return flipSign(<f64><i64>m * load<f64>(EXP_W + i), signOfBit8(r) & signMask);
  return exponentialSlow(r, signMask);
}

// ---------------------------------------------------------------- gamma

/**
 * A lower bound of Marsaglia–Tsang's acceptance ratio h = exp(z²/2 + d(1 − v + ln v)),
 * v = (1 + w)³, w = c·z, tighter than their 1 − 0.0331 z⁴ (which leaves one
 * proposal in ten to logarithms; this one about one in thirty at d ≈ 1).
 * With ln(1 + w) = w − w²/2 + w³/3 − w⁴/4 + ∫_0^w s⁴/(1 + s) ds, the
 * quadratic terms cancel (9d·c² = 1) and ln h = −(3/4)d w⁴ + 3d∫…; the
 * integral is ≥ 0 for w ≥ 0 and ≥ −|w|⁵/(5t) for w < 0, so
 *   h ≥ 1 + ln h ≥ 1 − (3/4)d w⁴ − (3/5)d·max(−w, 0)·w⁴/t.
 */
// @ts-ignore: decorator
@inline function squeezeBound(d: f64, w: f64, t: f64): f64 {
  const w2 = w * w;
  const dw4 = d * (w2 * w2);
  // max(−w, 0) as (|w| − w)/2: exact, and without f64.max, which V8 compiles
  // to branches that the random sign of w would mispredict half the time.
  const negative = 0.5 * (Math.abs(w) - w);
  return 1.0 - (0.75 * dw4 + (0.6 * dw4 * negative) / t);
}

/** Marsaglia–Tsang for shape a = d + 1/3 ≥ 1, c = 1/√(9d): G = d·(1 + c·z)³; ln only when squeezeBound fails. */
// @ts-ignore: decorator
@inline function marsagliaTsang(d: f64, c: f64): f64 {
  while (true) {
    const z = normalNext();
    const t = 1.0 + c * z;
    if (t <= 0.0) continue;
    const u = uniformOpen();
    const v = t * t * t;
    if (u < squeezeBound(d, c * z, t)) return d * v;
    if (Math.log(u) < 0.5 * z * z + d * (1.0 - v + 3.0 * Math.log(t))) return d * v;
  }
}

/**
 * Marsaglia–Tsang's exact test, for the few proposals squeezeBound leaves
 * undecided (kept out of line: the hot loop stays small). Returns −1
 * to reject; on acceptance the factor for marsagliaTsangW: 1, or with
 * `withUniform` the test uniform rescaled from [max(s, 0), h) to (0, 1].
 */
function marsagliaTsangExact(d: f64, w: f64, z2: f64, u: f64, squeeze: f64, withUniform: bool): f64 {
  const t = 1.0 + w;
  const v = t * t * t;
  const logRatio = 0.5 * z2 + d * (1.0 - v + 3.0 * log1pSampler(w));
  if (!(logSampler(u) < logRatio)) return -1.0;
  if (!withUniform) return 1.0;
  // h − u, not u − lo: never 0, so a factor of 0 never meets an ∞.
  const h = min<f64>(expSampler(logRatio), 1.0);
  return (h - u) / (h - max<f64>(squeeze, 0.0));
}

/**
 * Marsaglia–Tsang, returning w = c·z of the accepted proposal (G = d·(1 + w)³)
 * and storing at `factorAt` a by-product of the acceptance, signed by bit 0
 * of the test uniform's draw (masked by `signMask`):
 *  - withUniform: a fresh uniform U' ∈ (0, 1]. Given z and acceptance, the
 *    test uniform u is uniform below the squeeze s(z) (squeezeBound) when
 *    the squeeze accepted, and uniform on [max(s, 0), h(z)) when the exact
 *    test did; rescaling it to (0, 1] gives a uniform independent of z and of
 *    the sign bit — the draw the boost G(a) = G(a+1)·U^{1/a} needs, for free;
 *  - otherwise 1.
 */
// @ts-ignore: decorator
@inline function marsagliaTsangW(d: f64, c: f64, factorAt: usize, withUniform: bool, signMask: u64): f64 {
  while (true) {
    const z = normalNext();
    const w = c * z;
    const t = 1.0 + w;
    if (t <= 0.0) continue;
    const r = nextU64();
    const u = openUniform(r);
    const squeeze = squeezeBound(d, w, t);
    let factor = 1.0;
    if (u < squeeze) {
      if (withUniform) factor = u / squeeze;
    } else {
      factor = marsagliaTsangExact(d, w, z * z, u, squeeze, withUniform);
      if (factor < 0.0) continue;
    }
    store<f64>(factorAt, flipSign(factor, signOfBit0(r) & signMask));
    return w;
  }
}

/**
 * `count` Gamma(shape, 1) draws at `out`, shape > 0 finite. shape = 1 uses
 * the exponential ziggurat; shape < 1 uses G(a) = G(a+1)·U^{1/a} with the
 * recycled uniform, formed in logarithms so that tiny shapes underflow to 0
 * instead of making NaN.
 */
export function fillGamma(out: usize, count: i32, shape: f64): void {
  if (shape == 1.0) {
    for (let i = 0; i < count; i++) store<f64>(out + (<usize>i << 3), exponentialNext(0));
    return;
  }
  const boosted = shape < 1.0;
  const d = (boosted ? shape + 1.0 : shape) - 1.0 / 3.0;
  const c = 1.0 / Math.sqrt(9.0 * d);
  if (!boosted) {
    for (let i = 0; i < count; i++) store<f64>(out + (<usize>i << 3), marsagliaTsang(d, c));
    return;
  }
  const lnD = Math.log(d);
  const invShape = 1.0 / shape;
  for (let i = 0; i < count; i++) {
    const at = out + (<usize>i << 3);
    const w = marsagliaTsangW(d, c, at, true, 0);
    store<f64>(at, Math.exp(lnD + 3.0 * Math.log1p(w) + Math.log(load<f64>(at)) * invShape));
  }
}

// ---------------------------------------------------------------- the Gamma route for SGND

/** Values per block of the two-pass Gamma route (the factors' scratch is static). */
const BLOCK: i32 = 256;
const FACTORS = memory.data(BLOCK << 3);

/**
 * ±α·G(a)^{1/β} from Marsaglia–Tsang's w: exp(k + e·ln(1 + w))·factor with
 * k = ln α + a·ln d, e = 3a (explog.ts: no division, same bits in both forms).
 */
// @ts-ignore: decorator
@inline function gammaRouteValue(w: f64, factor: f64, k: f64, e: f64): f64 {
  return expSampler(k + e * log1pSampler(w)) * factor;
}

/** Two-lane gammaRouteValue (same bits per lane). */
// @ts-ignore: decorator
@inline function gammaRouteValue2(w: v128, factor: v128, k: v128, e: v128): v128 {
  return f64x2.mul(expSampler2(f64x2.add(k, f64x2.mul(e, log1pSampler2(w)))), factor);
}

/**
 * SGND (signMask SIGN_BIT) or PGND (0) for finite β ∉ {1, 2} in blocks: a
 * scalar pass of Marsaglia–Tsang acceptances (w into `out`, the factor ±U'
 * or ±1 into FACTORS), then a pass of ln and exp, two lanes at a time in the
 * SIMD builds. Shape a = 1/β < 1 is boosted (d = a + 2/3), so
 * |X| = α·G(a+1)^{1/β}·U'.
 */
function fillGammaRoute(out: usize, count: i32, alpha: f64, beta: f64, signMask: u64): void {
  // Above 1e300, G^{1/β} overflows for every α anyway; the cap keeps 3a finite.
  const a = min<f64>(1.0 / beta, 1e300);
  const boosted = a < 1.0;
  const d = (boosted ? a + 1.0 : a) - 1.0 / 3.0;
  const c = 1.0 / Math.sqrt(9.0 * d);
  const k = Math.log(alpha) + Math.log(d) * a;
  const e = 3.0 * a;
  // β > 1 with an ordinary α: |X| = (α·d^a)·t^{3a}·U' with the table-driven
  // power (no exp or log; the α·d^a range keeps every product normal).
  if (boosted && alpha >= 1e-250 && alpha <= 1e250) {
    preparePower(e);
    const scale = alpha * Math.pow(d, a);
    // One pass: no exp/log left to vectorise, and no w to store and reload.
    for (let i = 0; i < count; i++) {
      const w = marsagliaTsangW(d, c, FACTORS, true, signMask);
      store<f64>(out + (<usize>i << 3), power1pSampler(w) * load<f64>(FACTORS) * scale);
    }
    return;
  }
  for (let start = 0; start < count; start += BLOCK) {
    const n = min<i32>(BLOCK, count - start);
    const block = out + (<usize>start << 3);
    if (boosted) {
      for (let i = 0; i < n; i++) {
        store<f64>(block + (<usize>i << 3), marsagliaTsangW(d, c, FACTORS + (<usize>i << 3), true, signMask));
      }
    } else {
      for (let i = 0; i < n; i++) {
        store<f64>(block + (<usize>i << 3), marsagliaTsangW(d, c, FACTORS + (<usize>i << 3), false, signMask));
      }
    }
    let i = 0;
    if (ASC_FEATURE_SIMD) {
      const k2 = f64x2.splat(k);
      const e2 = f64x2.splat(e);
      for (; i + 1 < n; i += 2) {
        const at = block + (<usize>i << 3);
        v128.store(at, gammaRouteValue2(v128.load(at), v128.load(FACTORS + (<usize>i << 3)), k2, e2));
      }
    }
    for (; i < n; i++) {
      const at = block + (<usize>i << 3);
      store<f64>(at, gammaRouteValue(load<f64>(at), load<f64>(FACTORS + (<usize>i << 3)), k, e));
    }
  }
}

// ---------------------------------------------------------------- normal, SGND, PGND

/** `count` N(mean, sd²) draws at `out` (sd ≥ 0 finite). */
export function fillNormal(out: usize, count: i32, mean: f64, sd: f64): void {
  for (let i = 0; i < count; i++) store<f64>(out + (<usize>i << 3), mean + sd * normalNext());
}

/**
 * The shared SGND loop: signMask SIGN_BIT gives SGND, 0 gives PGND = |SGND|
 * from exactly the same draws.
 */
// @ts-ignore: decorator
@inline function fillGnd(out: usize, count: i32, alpha: f64, beta: f64, signMask: u64): void {
  if (beta == 2.0) {
    // σ = α/√2; the normal carries its own sign bit, cleared for PGND.
    const sigma = alpha * Math.SQRT1_2;
    const keep = ~SIGN_BIT | signMask;
    for (let i = 0; i < count; i++) {
      const x = sigma * normalNext();
      store<f64>(out + (<usize>i << 3), reinterpret<f64>(reinterpret<u64>(x) & keep));
    }
    return;
  }
  if (beta == 1.0) {
    for (let i = 0; i < count; i++) store<f64>(out + (<usize>i << 3), alpha * exponentialNext(signMask));
    return;
  }
  if (beta == Infinity) {
    for (let i = 0; i < count; i++) {
      const r = nextU64();
      store<f64>(out + (<usize>i << 3), flipSign(alpha * openUniform(r), signOfBit0(r) & signMask));
    }
    return;
  }
  fillGammaRoute(out, count, alpha, beta, signMask);
}

/**
 * `count` iid SGND(0, α, β) draws at `out`: α > 0 finite, β > 0 or Infinity
 * (uniform on (−α, α)). Exact methods; see the file comment.
 */
export function fillSgnd(out: usize, count: i32, alpha: f64, beta: f64): void {
  fillGnd(out, count, alpha, beta, SIGN_BIT);
}

/** `count` PGND(α, β) = |SGND(0, α, β)| draws: the same draws as fillSgnd with the signs dropped. */
export function fillPgnd(out: usize, count: i32, alpha: f64, beta: f64): void {
  fillGnd(out, count, alpha, beta, 0);
}

// ---------------------------------------------------------------- checks

/** ln(1 + w) as the samplers compute it (explog.ts); exported for accuracy tests. w > −1. */
export function samplerLog1p(w: f64): f64 {
  return log1pSampler(w);
}

/** e^x as the samplers compute it (explog.ts); exported for accuracy tests. */
export function samplerExp(x: f64): f64 {
  return expSampler(x);
}

/** (1 + w)^e as the samplers compute it (explog.ts), 0 < e ≤ 3; exported for accuracy tests. */
export function samplerPower1p(w: f64, e: f64): f64 {
  preparePower(e);
  return power1pSampler(w);
}
