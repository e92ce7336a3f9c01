/**
 * Combine shard results (shard.ts) into the result one machine would
 * produce: every chunk's accumulators, merged in chunk order by the same
 * code as the unsharded run. Every shard is checked first (schema.ts: its
 * fields, and its chunks against its re-validated config); shards that
 * overlap, are missing, or come from different configs, seeds or Wasm
 * builds are refused (assemble.ts). Errors are one-line RangeErrors naming
 * the file and the field.
 */
import type { WeightVarianceResult } from "../experiments/types.js";
import { validateWeightVarianceConfig, weightVarianceChunkCount, weightVarianceConfigFromJson, weightVarianceResult } from "../experiments/weightVariance.js";
import type { ShardChunk, WeightVarianceShard } from "./shard.js";
import { assembleShardUnits, mergedRun } from "./assemble.js";
import { checkVarianceChunk, parseShardFile, revalidateConfig, shardEntries, ShardFileError } from "./schema.js";

/** Check that `x` (parsed JSON, from `source`) is a weight-variance shard result of this format version (schema.ts). */
export function asShard(x: unknown, source: string): WeightVarianceShard {
  return parseShardFile(x, source, "weightVariance");
}

/**
 * Merge shard results of one weight-variance run, given with their sources
 * (file names, for messages), in any order. Exactly one shard per index
 * 0..k−1 of the same k, config, seed and Wasm build. The `run` field
 * reports the sum of the shards' seconds, their total workers and the build.
 * @param shards - Every shard result with its source (a file name, for messages).
 * @returns Exactly the one-machine `runWeightVariance` result, `run` aside.
 * @throws RangeError (ShardFileError) naming the file when a shard is missing, overlaps, or differs in config, seed or build.
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
export function mergeShards(shards: readonly { source: string; shard: WeightVarianceShard }[]): WeightVarianceResult {
  shardEntries(shards);
  for (const { source, shard } of shards) asShard(shard, source);
  const { source, shard } = shards[0];
  const v = revalidateConfig(shard.config, source, "weightVariance", () => validateWeightVarianceConfig(weightVarianceConfigFromJson(shard.config)));
  const total = weightVarianceChunkCount(v);
  if (shard.totalChunks !== total) throw new ShardFileError(`${source}: totalChunks must be ${total} (from its config), got ${shard.totalChunks}`);
  const pieces = shards.map(({ source, shard }) => ({ source, config: shard.config, shard: shard.shard, total: shard.totalChunks, run: shard.run, units: shard.chunks }));
  const ordered = assembleShardUnits<ShardChunk>(pieces, (c) => c.chunk, { unit: "chunk", total: "totalChunks" });
  for (const { source, shard } of shards) shard.chunks.forEach((c, i) => checkVarianceChunk(source, `chunks[${i}]`, c, v.json, c.chunk, shard.run.build));
  const parts = ordered.map(({ build, co, histogram }) => ({ build, co, histogram }));
  return weightVarianceResult(v, parts, mergedRun(pieces));
}
