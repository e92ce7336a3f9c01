// Bit generator: xoshiro256** (Blackman & Vigna 2018), seeded through
// SplitMix64, with independent streams by the generator's 2^128-step jump.
//
// One module instance holds one active stream (one instance per worker).
// Stream k of seed S is the SplitMix64(S) state jumped k times, so chunk k of
// any computation draws from stream k whatever worker runs it.
//
// Draws are made BUFFER_DRAWS at a time, with the state in locals, into a
// static buffer that nextU64 reads in order: the engine keeps locals in
// registers but loads and stores module globals on every access, which made
// one-at-a-time generation twice as slow. The values come out in exactly the
// same order as one-at-a-time generation; jumps, seeding and state reads
// first put the state back where the reader has got to (syncState).

// The generator state, ahead of the reader by the unread part of the buffer.
let s0: u64 = 0;
let s1: u64 = 0;
let s2: u64 = 0;
let s3: u64 = 0;

const BUFFER_DRAWS: i32 = 256;
const BUFFER: usize = memory.data(BUFFER_DRAWS << 3, 16);
// The next unread draw; BUFFER + 8·BUFFER_DRAWS when the buffer is used up.
let cursor: usize = BUFFER + (<usize>BUFFER_DRAWS << 3);
// The state before the buffered block was generated.
let blockStart0: u64 = 0;
let blockStart1: u64 = 0;
let blockStart2: u64 = 0;
let blockStart3: u64 = 0;

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

// @ts-ignore: decorator
@inline function bufferEnd(): usize {
  return BUFFER + (<usize>BUFFER_DRAWS << 3);
}

/**
 * Advances the module state by `steps` generator steps, with the state in
 * locals, writing each output to `out` (8·steps bytes). The one place the
 * xoshiro256** step is written. Steps whose outputs nobody reads (re-sync,
 * jumps) write them into the buffer, which is empty then.
 */
function advance(steps: i32, out: usize): void {
  let a = s0, b = s1, c = s2, e = s3;
  for (let i = 0; i < steps; i++) {
    store<u64>(out + (<usize>i << 3), rotl<u64>(b * 5, 7) * 9);
    const t = b << 17;
    c ^= a;
    e ^= b;
    b ^= c;
    a ^= e;
    c ^= t;
    e = rotl<u64>(e, 45);
  }
  s0 = a;
  s1 = b;
  s2 = c;
  s3 = e;
}

/** Generates the next BUFFER_DRAWS outputs into the buffer, remembering the state before them. */
function refill(): void {
  blockStart0 = s0;
  blockStart1 = s1;
  blockStart2 = s2;
  blockStart3 = s3;
  advance(BUFFER_DRAWS, BUFFER);
}

/**
 * Makes s0..s3 the state of the reader (the block start advanced by the draws
 * read so far) and empties the buffer, so the next draw is generated afresh
 * from it: the same value the buffer would have given.
 */
function syncState(): void {
  const end = bufferEnd();
  if (cursor == end) return;
  const read = <i32>((cursor - BUFFER) >> 3);
  s0 = blockStart0;
  s1 = blockStart1;
  s2 = blockStart2;
  s3 = blockStart3;
  advance(read, BUFFER);
  cursor = end;
}

/** Next raw 64-bit output of the active stream. */
// @ts-ignore: decorator
@inline export function nextU64(): u64 {
  let at = cursor;
  if (at == bufferEnd()) {
    refill();
    at = BUFFER;
  }
  cursor = at + 8;
  return load<u64>(at);
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
      advance(1, BUFFER);
    }
  }
  s0 = t0;
  s1 = t1;
  s2 = t2;
  s3 = t3;
}

/** Advance the active stream by 2^128 draws. */
export function rngJump(): void {
  syncState();
  jumpOnce();
}

/**
 * Make stream `stream` of `seed` the active one, at its start.
 * Cost: one jump per stream index passed over (about a microsecond each);
 * moving forward within the same seed only jumps the difference.
 */
export function rngSeed(seed: u64, stream: u32): void {
  cursor = bufferEnd();
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
  cursor = bufferEnd();
  baseValid = false;
}

/** Read word `i` (0..3) of the raw state. */
export function rngGetState(i: i32): u64 {
  syncState();
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
