/**
 * The typed face of the Wasm module. Everything outside src/wasm/ calls these
 * methods and never sees an address. Methods that fill arrays write into a
 * scratch buffer inside Wasm memory and copy out, so callers own plain
 * Float64Arrays; hot loops that must avoid the copy use `withF64`.
 */
import type { RawExports } from "./exports.js";
import { instantiateLipvar, type BuildName, type LoadOptions } from "./loader.js";

/** Wasm32 addresses 4 GiB; we keep a margin for the runtime and tables. */
export const MAX_WASM_BYTES = 3.5 * 1024 ** 3;
/** The largest single block the module's allocator (AssemblyScript's TLSF) hands out: just under 1 GiB. */
export const MAX_BLOCK_BYTES = 2 ** 30 - 64;

/** A stream of the bit generator: seed (a 64-bit unsigned integer) and stream index. */
export interface StreamId {
  seed: bigint | number;
  stream?: number;
}

export function toSeed(seed: bigint | number): bigint {
  // A fractional or unsafe number would give V8's BigInt message, which does not name the seed.
  const ok = typeof seed === "bigint" || (typeof seed === "number" && Number.isSafeInteger(seed));
  const s = ok ? BigInt(seed) : -1n;
  if (s < 0n || s >= 1n << 64n) throw new RangeError(`seed must be an integer from 0 to 2^64-1 (a bigint or a safe integer), got ${String(seed)}`);
  return s;
}

/** A block of f64 values in Wasm memory. Views are made on demand because memory can grow. */
export class F64Block {
  constructor(
    private readonly kernels: Kernels,
    readonly ptr: number,
    readonly length: number,
  ) {}
  get view(): Float64Array {
    return new Float64Array(this.kernels.raw.memory.buffer, this.ptr, this.length);
  }
  free(): void {
    this.kernels.raw.free(this.ptr);
  }
}

/**
 * One instance of lipvar's Wasm module: its raw exports (`raw`), the build it
 * runs (`build`), memory blocks and the random stream. Get it from
 * `loadKernels()` (shared) or `createKernels()` from `lipvar/kernels` (a
 * separate instance); pass it to the synchronous kernel functions.
 * 
 * @example
 * ```ts
 * import { loadKernels, Kernels } from "lipvar";
 * const k = await loadKernels();
 * k instanceof Kernels; // returns true
 * ```
 */
export class Kernels {
  constructor(
    readonly raw: RawExports,
    readonly build: BuildName,
  ) {}

  /** Throws a RangeError naming `what` when `count` f64 values cannot fit in Wasm memory. */
  static checkFits(count: number, what: string): void {
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`${what} must be a non-negative integer, got ${count}`);
    const bytes = count * 8;
    if (bytes > MAX_WASM_BYTES) {
      throw new RangeError(
        `${what} = ${count} needs ${(bytes / 1024 ** 3).toFixed(1)} GiB; Wasm memory holds at most ${Math.floor(MAX_WASM_BYTES / 8)} doubles (${MAX_WASM_BYTES / 1024 ** 3} GiB)`,
      );
    }
  }

  /**
   * Why blocks of these sizes (in doubles) cannot be allocated together — in
   * all more than Wasm memory holds, or one larger than the allocator's
   * largest block — or null when they can.
   */
  static whyBlocksCannotFit(blocks: readonly number[]): string | null {
    const total = blocks.reduce((a, b) => a + b, 0);
    const largest = Math.max(...blocks);
    if (!(total * 8 <= MAX_WASM_BYTES)) return `needs ${((total * 8) / 1024 ** 3).toFixed(1)} GiB; Wasm memory holds at most ${MAX_WASM_BYTES / 1024 ** 3} GiB`;
    if (!(largest * 8 <= MAX_BLOCK_BYTES)) return `needs a block of ${((largest * 8) / 1024 ** 3).toFixed(2)} GiB; the Wasm allocator's largest block is 1 GiB`;
    return null;
  }

  /** Throws a RangeError naming `what` when `count` f64 values cannot be one block of Wasm memory. */
  static checkBlock(count: number, what: string): void {
    Kernels.checkFits(count, what);
    if (count * 8 > MAX_BLOCK_BYTES) {
      throw new RangeError(
        `${what} = ${count} needs ${((count * 8) / 1024 ** 3).toFixed(2)} GiB in one block; the Wasm allocator's largest block holds ${Math.floor(MAX_BLOCK_BYTES / 8)} doubles (1 GiB)`,
      );
    }
  }

  allocF64(length: number, what = "buffer length"): F64Block {
    Kernels.checkBlock(length, what);
    const ptr = this.raw.alloc(Math.max(8, length * 8));
    return new F64Block(this, ptr, length);
  }

  /** Run `fn` with a temporary f64 block, freed afterwards. */
  withF64<T>(length: number, fn: (block: F64Block) => T, what?: string): T {
    const block = this.allocF64(length, what);
    try {
      return fn(block);
    } finally {
      block.free();
    }
  }

  /** Make stream `stream` of `seed` the active stream, at its start. */
  seed(id: StreamId): void {
    const stream = id.stream ?? 0;
    if (!Number.isInteger(stream) || stream < 0 || stream > 0xffffffff) {
      throw new RangeError(`stream must be an integer in [0, 2^32), got ${stream}`);
    }
    this.raw.rngSeed(toSeed(id.seed), stream);
  }

  /** Raw 64-bit outputs of the active stream. */
  nextU64s(count: number): BigUint64Array {
    return this.withF64(count, (b) => {
      this.raw.fillU64(b.ptr, count);
      return new BigUint64Array(this.raw.memory.buffer.slice(b.ptr, b.ptr + count * 8));
    }, "count");
  }

  /** Uniform doubles in [0, 1) from the active stream. */
  uniforms(count: number): Float64Array {
    return this.withF64(count, (b) => {
      this.raw.fillUniform01(b.ptr, count);
      return b.view.slice();
    }, "count");
  }

  /** Set the raw xoshiro256** state (reference-vector checks). */
  setState(state: readonly bigint[]): void {
    if (state.length !== 4 || state.every((w) => w === 0n)) throw new RangeError("state must be four u64 words, not all zero");
    this.raw.rngSetState(state[0], state[1], state[2], state[3]);
  }

  getState(): bigint[] {
    return [0, 1, 2, 3].map((i) => BigInt.asUintN(64, this.raw.rngGetState(i)));
  }

  /** SplitMix64 outputs from `seed` (the seeding function, exposed for checks). */
  splitmix64(seed: bigint | number, count: number): BigUint64Array {
    return this.withF64(count, (b) => {
      this.raw.splitmix64Fill(toSeed(seed), b.ptr, count);
      return new BigUint64Array(this.raw.memory.buffer.slice(b.ptr, b.ptr + count * 8));
    }, "count");
  }
}

let shared: Promise<Kernels> | undefined;

/**
 * The process-wide module instance, loaded once. Pass options only on the
 * first call (later calls return the same instance); use `createKernels`
 * for a separate instance.
 * @param options - The build (`"auto"`, default: the best this engine runs) or the module's bytes or folder; only the first call's options count.
 * @returns The shared `Kernels` instance.
 * @throws Error when the Wasm module cannot be fetched or instantiated.
 * @example
 * ```ts
 * import { loadKernels, sampleNormal } from "lipvar";
 * const k = await loadKernels();
 * ["baseline", "simd", "relaxed", "debug"].includes(k.build); // returns true
 * sampleNormal(k, { count: 3, seed: 1 }).length; // returns 3
 * ```
 */
export function loadKernels(options?: LoadOptions): Promise<Kernels> {
  shared ??= createKernels(options);
  return shared;
}

/** A fresh, independent module instance (one per worker). */
export async function createKernels(options?: LoadOptions): Promise<Kernels> {
  const { exports, build } = await instantiateLipvar(options);
  return new Kernels(exports, build);
}
