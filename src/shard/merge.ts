/**
 * Combine shard results (shard.ts) into the result one machine would
 * produce: every chunk's accumulators, merged in chunk order by the same
 * code as the unsharded run. Refuses (RangeError, one line) shards that
 * overlap, are missing, or come from different configs or seeds.
 */
import type { WeightVarianceResult } from "../experiments/types.js";
import { weightVarianceResult, type ValidatedWeightVariance } from "../experiments/weightVariance.js";
import { SHARD_FORMAT, SHARD_VERSION, type ShardChunk, type WeightVarianceShard } from "./shard.js";
import { assembleShardUnits, mergedRun } from "./assemble.js";
import { betaFromJson } from "../experiments/config.js";

/** Check that `x` (parsed JSON, from `source`) is a shard result of this format version. */
export function asShard(x: unknown, source: string): WeightVarianceShard {
  const s = x as Partial<WeightVarianceShard> | null;
  if (!s || typeof s !== "object" || s.format !== SHARD_FORMAT) throw new RangeError(`${source} is not a lipvar shard result (format must be "${SHARD_FORMAT}")`);
  if (s.version !== SHARD_VERSION) throw new RangeError(`${source}: shard format version must be ${SHARD_VERSION}, got ${String(s.version)}`);
  if (s.experiment !== "weightVariance") throw new RangeError(`${source}: experiment must be "weightVariance", got ${String(s.experiment)}`);
  if (!s.config || !s.shard || !Array.isArray(s.chunks) || !Number.isInteger(s.totalChunks) || !s.run) throw new RangeError(`${source}: shard result is incomplete (config, shard, totalChunks, run, chunks)`);
  return s as WeightVarianceShard;
}

/**
 * Merge shard results of one weight-variance run, given with their sources
 * (file names, for messages), in any order. Exactly one shard per index
 * 0..k−1 of the same k, config and seed. The `run` field reports the sum of
 * the shards' seconds, their total workers, and their build (joined with
 * "+" if they differ).
 */
export function mergeShards(shards: readonly { source: string; shard: WeightVarianceShard }[]): WeightVarianceResult {
  const pieces = shards.map(({ source, shard }) => ({ source, config: shard.config, shard: shard.shard, total: shard.totalChunks, run: shard.run, units: shard.chunks }));
  const ordered = assembleShardUnits<ShardChunk>(pieces, (c) => c.chunk, { unit: "chunk", total: "totalChunks" });
  const config = shards[0].shard.config;
  const v: ValidatedWeightVariance = { json: config, beta: betaFromJson(config.beta), seed: BigInt(config.seed) };
  const parts = ordered.map(({ build, co, histogram }) => ({ build, co, histogram }));
  return weightVarianceResult(v, parts, mergedRun(pieces));
}
