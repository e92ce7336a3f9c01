/**
 * The raw exports of the lipvar Wasm module (assembly/index.ts), as the
 * engine exposes them. Addresses are byte offsets into `memory`; u64 values
 * cross as BigInt. Only src/wasm/ uses this interface directly.
 */
import type { GndExports } from "./exports-gnd.js";
import type { LipschitzExports } from "./exports-lipschitz.js";
import type { TrainExports } from "./exports-train.js";
import type { OrthogonalExports } from "./exports-orthogonal.js";
import type { WeightsCheckExports } from "./exports-weights.js";

export interface RawExports extends GndExports, LipschitzExports, TrainExports, OrthogonalExports, WeightsCheckExports {
  memory: WebAssembly.Memory;
  _initialize?: () => void;
  // memory.ts
  alloc(bytes: number): number;
  free(ptr: number): void;
  // rng.ts
  splitmix64Fill(seed: bigint, out: number, count: number): void;
  nextU64(): bigint;
  nextF64(): number;
  nextF64Open(): number;
  rngJump(): void;
  rngSeed(seed: bigint, stream: number): void;
  rngSetState(a: bigint, b: bigint, c: bigint, d: bigint): void;
  rngGetState(i: number): bigint;
  fillU64(out: number, count: number): void;
  fillUniform01(out: number, count: number): void;
}
