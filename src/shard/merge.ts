/**
 * Combine shard results (shard.ts) into the result one machine would
 * produce: every chunk's accumulators, merged in chunk order by the same
 * code as the unsharded run. Refuses (RangeError, one line) shards that
 * overlap, are missing, or come from different configs or seeds.
 */
import type { WeightVarianceResult } from "../experiments/types.js";
import { weightVarianceResult, type ValidatedWeightVariance } from "../experiments/weightVariance.js";
import { inShard, SHARD_FORMAT, SHARD_VERSION, type ShardChunk, type WeightVarianceShard } from "./shard.js";

const canonical = (x: unknown) => JSON.stringify(x);

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
  if (shards.length === 0) throw new RangeError("merge needs at least one shard result file");
  const first = shards[0];
  const k = first.shard.shard.count;
  const bySlot = new Map<number, string>();
  for (const { source, shard } of shards) {
    if (canonical(shard.config) !== canonical(first.shard.config)) {
      throw new RangeError(`${source}: config or seed differs from ${first.source} (${canonical(shard.config)} vs ${canonical(first.shard.config)})`);
    }
    if (shard.shard.count !== k) throw new RangeError(`${source}: shard ${shard.shard.index}/${shard.shard.count} does not split the run into ${k} like ${first.source}`);
    if (shard.totalChunks !== first.shard.totalChunks) throw new RangeError(`${source}: totalChunks ${shard.totalChunks} differs from ${first.source} (${first.shard.totalChunks})`);
    const prior = bySlot.get(shard.shard.index);
    if (prior !== undefined) throw new RangeError(`overlapping shards: ${prior} and ${source} are both shard ${shard.shard.index}/${k}`);
    bySlot.set(shard.shard.index, source);
    for (const c of shard.chunks) {
      if (!Number.isInteger(c.chunk) || !inShard(c.chunk, shard.shard) || c.chunk >= shard.totalChunks) {
        throw new RangeError(`${source}: chunk ${c.chunk} does not belong to shard ${shard.shard.index}/${k} of ${shard.totalChunks} chunks`);
      }
    }
  }
  const missing: number[] = [];
  for (let i = 0; i < k && missing.length < 5; i++) if (!bySlot.has(i)) missing.push(i);
  if (missing.length) throw new RangeError(`missing shards: ${missing.map((i) => `${i}/${k}`).join(", ")}${missing.length === 5 ? ", …" : ""} (got ${bySlot.size} of ${k})`);

  const total = first.shard.totalChunks;
  const ordered: (ShardChunk | undefined)[] = new Array(total);
  for (const { source, shard } of shards) {
    for (const c of shard.chunks) {
      if (ordered[c.chunk]) throw new RangeError(`overlapping shards: chunk ${c.chunk} appears twice (last in ${source})`);
      ordered[c.chunk] = c;
    }
  }
  const absent = ordered.findIndex((c) => c === undefined);
  if (absent >= 0 || ordered.length !== total) throw new RangeError(`missing chunk ${absent} of ${total}: a shard result is truncated`);

  const config = first.shard.config;
  const v: ValidatedWeightVariance = { json: config, beta: config.beta === "inf" ? Infinity : config.beta, seed: BigInt(config.seed) };
  const builds = [...new Set(shards.map((s) => s.shard.run.build).filter((b) => b !== "none"))];
  const run = {
    build: builds.length ? builds.join("+") : "unknown",
    workers: shards.reduce((a, s) => a + s.shard.run.workers, 0),
    seconds: shards.reduce((a, s) => a + s.shard.run.seconds, 0),
  };
  const parts = (ordered as ShardChunk[]).map(({ build, co, histogram }) => ({ build, co, histogram }));
  return weightVarianceResult(v, parts, run);
}
