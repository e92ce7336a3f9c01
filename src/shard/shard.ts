/**
 * Sharding a Monte Carlo run across machines. A run is cut into chunks by its
 * config alone (never by the machine or worker count), and chunk c always
 * draws from RNG stream c; shard i of k runs the chunks with c mod k = i and
 * writes their partial accumulators, one per chunk, so `mergeShards` can
 * replay the one-machine merge in chunk order and produce the identical
 * result (floating-point merging is order-dependent, so per-shard totals
 * would not do).
 */
import type { VarianceTaskResult } from "../experiments/kernel-worker.js";
import type { WeightVarianceConfig, WeightVarianceConfigJson } from "../experiments/types.js";
import { runWeightVarianceChunks, validateWeightVarianceConfig, weightVarianceChunkCount } from "../experiments/weightVariance.js";
import { resolveWorkers, type RunOptions } from "../experiments/pool.js";

/** Format tag and version of shard result files. */
export const SHARD_FORMAT = "lipvar-shard";
export const SHARD_VERSION = 1;
/** Most shards a run may be split into. */
export const MAX_SHARDS = 1_000_000;

/** Shard i of k: 0 ≤ index < count. */
export interface ShardSpec {
  index: number;
  count: number;
}

/** One chunk's partial accumulators (co-moments of (Y, A, B), w̄ histogram). */
export interface ShardChunk extends VarianceTaskResult {
  chunk: number;
}

/** The JSON a sharded `lipvar variance` writes. */
export interface WeightVarianceShard {
  format: typeof SHARD_FORMAT;
  version: typeof SHARD_VERSION;
  experiment: "weightVariance";
  config: WeightVarianceConfigJson;
  shard: ShardSpec;
  /** Chunks of the whole run (all shards). */
  totalChunks: number;
  run: { build: string; workers: number; seconds: number };
  /** This shard's chunks, in increasing chunk order. */
  chunks: ShardChunk[];
}

/**
 * Parse "i/k" (integers, 0 ≤ i < k ≤ MAX_SHARDS). Throws RangeError naming
 * `name` and the accepted form.
 */
export function parseShard(text: string, name = "--shard"): ShardSpec {
  const m = /^(\d+)\/(\d+)$/.exec(String(text));
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1 && count <= MAX_SHARDS) || !(index < count)) {
    throw new RangeError(`${name} must be i/k with integers 0 <= i < k <= ${MAX_SHARDS}, got ${JSON.stringify(text)}`);
  }
  return { index, count };
}

/** Whether chunk c belongs to shard i of k. */
export function inShard(chunk: number, shard: ShardSpec): boolean {
  return chunk % shard.count === shard.index;
}

/**
 * The fields every shard file starts with: format, version, experiment,
 * config, shard spec and how the shard ran (the build of its first result,
 * workers, seconds since `started`, a performance.now() reading).
 */
export function shardHeader<E extends string, C>(experiment: E, config: C, shard: ShardSpec, build: string | undefined, workers: number, started: number) {
  return {
    format: SHARD_FORMAT,
    version: SHARD_VERSION,
    experiment,
    config,
    shard,
    run: { build: build ?? "none", workers, seconds: (performance.now() - started) / 1000 },
  } as const;
}

/**
 * Run shard `shard` of a weight-variance experiment (config domain as for
 * `runWeightVariance`). A shard may hold no chunks (k larger than the chunk
 * count); merging still checks it was run.
 * @param config - As for `runWeightVariance` (a fixed `samples`, no target).
 * @param shard - `{ index, count }`: this shard is chunks i with i mod count = index.
 * @param options - Progress callback and Wasm build options.
 * @returns The shard result (JSON-serialisable) to merge with `mergeShards`.
 * @throws TypeError for a missing config; RangeError naming the field or the shard spec that is out of range.
 * @example
 * ```ts
 * import { runWeightVarianceShard, mergeShards } from "lipvar";
 * const config = { transform: "aol" as const, d: 4, n: 4, samples: 2000, chunkSize: 500, seed: 1, workers: 1 };
 * const shards = [];
 * for (const index of [0, 1]) shards.push({ source: `shard-${index}.json`, shard: await runWeightVarianceShard(config, { index, count: 2 }) });
 * const merged = mergeShards(shards);
 * merged.config.seed; // returns "1"
 * ```
 */
export async function runWeightVarianceShard(config: WeightVarianceConfig, shard: ShardSpec, options: RunOptions = {}): Promise<WeightVarianceShard> {
  const spec = parseShard(`${shard.index}/${shard.count}`, "shard");
  const v = validateWeightVarianceConfig(config);
  const workers = await resolveWorkers(config.workers);
  const started = performance.now();
  const { chunks, parts } = await runWeightVarianceChunks(v, (c) => inShard(c, spec), workers, options);
  return {
    ...shardHeader("weightVariance", v.json, spec, parts[0]?.build, workers, started),
    totalChunks: weightVarianceChunkCount(v),
    chunks: parts.map((p, i) => ({ chunk: chunks[i], ...p })),
  };
}
