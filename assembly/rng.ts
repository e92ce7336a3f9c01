// Bit generator: xoshiro256** (Blackman & Vigna 2018), seeded through
// SplitMix64, with independent streams by the generator's 2^128-step jump.
//
// One module instance holds one active stream (one instance per worker).
// Stream k of seed S is the SplitMix64(S) state jumped k times, so chunk k of
// any computation draws from stream k whatever worker runs it.

let s0: u64 = 0;
let s1: u64 = 0;
let s2: u64 = 0;
let s3: u64 = 0;

// The state at the start of the current stream, to move to a later stream of
// the same seed by jumping forward instead of re-jumping from stream 0.
let baseSeed: u64 = 0;
let baseStream: u32 = 0;
let baseValid: bool = false;
let b0: u64 = 0;
let b1: u64 = 0;
let b2: u64 = 0;
let b3: u64 = 0;

let splitmixState: u64 = 0;

// @ts-ignore: decorator
@inline function splitmixNext(): u64 {
  splitmixState += 0x9e3779b97f4a7c15;
  let z = splitmixState;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

/** SplitMix64 output sequence from `seed`, written as u64 values at `out`. */
export function splitmix64Fill(seed: u64, out: usize, count: i32): void {
  splitmixState = seed;
  for (let i = 0; i < count; i++) store<u64>(out + (<usize>i << 3), splitmixNext());
}

/** Next raw 64-bit output of the active stream. */
// @ts-ignore: decorator
@inline export function nextU64(): u64 {
  const result = rotl<u64>(s1 * 5, 7) * 9;
  const t = s1 << 17;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl<u64>(s3, 45);
  return result;
}

/** Uniform double in [0, 1) with 53 random bits. */
// @ts-ignore: decorator
@inline export function nextF64(): f64 {
  return <f64>(nextU64() >> 11) * 1.1102230246251565e-16;
}

/** Uniform double in (0, 1): never 0, for logarithms. */
// @ts-ignore: decorator
@inline export function nextF64Open(): f64 {
  return (<f64>(nextU64() >> 12) + 0.5) * 2.220446049250313e-16;
}

function jumpOnce(): void {
  // Advances the state by 2^128 steps (the reference jump polynomial).
  let t0: u64 = 0, t1: u64 = 0, t2: u64 = 0, t3: u64 = 0;
  for (let w = 0; w < 4; w++) {
    const word: u64 =
      w == 0 ? 0x180ec6d33cfd0aba : w == 1 ? 0xd5a61266f0c9392c : w == 2 ? 0xa9582618e03fc9aa : 0x39abdc4529b1661c;
    for (let b = 0; b < 64; b++) {
      if (word & ((<u64>1) << b)) {
        t0 ^= s0;
        t1 ^= s1;
        t2 ^= s2;
        t3 ^= s3;
      }
      nextU64();
    }
  }
  s0 = t0;
  s1 = t1;
  s2 = t2;
  s3 = t3;
}

/** Advance the active stream by 2^128 draws. */
export function rngJump(): void {
  jumpOnce();
}

/**
 * Make stream `stream` of `seed` the active one, at its start.
 * Cost: one jump per stream index passed over (about a microsecond each);
 * moving forward within the same seed only jumps the difference.
 */
export function rngSeed(seed: u64, stream: u32): void {
  if (baseValid && baseSeed == seed && stream >= baseStream) {
    s0 = b0;
    s1 = b1;
    s2 = b2;
    s3 = b3;
    for (let k = baseStream; k < stream; k++) jumpOnce();
  } else {
    splitmixState = seed;
    s0 = splitmixNext();
    s1 = splitmixNext();
    s2 = splitmixNext();
    s3 = splitmixNext();
    for (let k: u32 = 0; k < stream; k++) jumpOnce();
  }
  baseSeed = seed;
  baseStream = stream;
  baseValid = true;
  b0 = s0;
  b1 = s1;
  b2 = s2;
  b3 = s3;
}

/** Set the raw state (for reference-vector tests). A zero state is invalid. */
export function rngSetState(a: u64, b: u64, c: u64, d: u64): void {
  s0 = a;
  s1 = b;
  s2 = c;
  s3 = d;
  baseValid = false;
}

/** Read word `i` (0..3) of the raw state. */
export function rngGetState(i: i32): u64 {
  return i == 0 ? s0 : i == 1 ? s1 : i == 2 ? s2 : s3;
}

/** Fill `count` raw 64-bit outputs at `out`. */
export function fillU64(out: usize, count: i32): void {
  for (let i = 0; i < count; i++) store<u64>(out + (<usize>i << 3), nextU64());
}

/** Fill `count` uniform doubles in [0, 1) at `out`. */
export function fillUniform01(out: usize, count: i32): void {
  for (let i = 0; i < count; i++) store<f64>(out + (<usize>i << 3), nextF64());
}
