/**
 * Sharding a sweep (src/experiments/sweep.ts) across machines. The work
 * units are the sweep's (point, chunk) pairs in point-major order; shard i
 * of k runs the units u with u mod k = i, so points of unequal cost still
 * spread evenly. A sweep shard file keeps each unit's partial accumulators,
 * so `mergeSweepShards` rebuilds every point from its own chunks in chunk
 * order, exactly as one machine does.
 */
import type { VarianceTaskResult } from "../experiments/kernel-worker.js";
import { resolveWorkers } from "../experiments/pool.js";
import { runSweepUnits, sweepUnitCount, validateSweepConfig, type SweepConfig, type SweepConfigJson, type SweepRunOptions } from "../experiments/sweep.js";
import { inShard, parseShard, shardHeader, SHARD_FORMAT, SHARD_VERSION, type ShardSpec } from "./shard.js";

/** One unit's partial accumulators: chunk `chunk` of point `point`. */
export interface SweepShardUnit extends VarianceTaskResult {
  point: number;
  chunk: number;
}

/** The JSON a sharded `lipvar sweep` writes. */
export interface SweepShard {
  format: typeof SHARD_FORMAT;
  version: typeof SHARD_VERSION;
  experiment: "sweep";
  config: SweepConfigJson;
  shard: ShardSpec;
  /** Units of the whole sweep (all shards). */
  totalUnits: number;
  run: { build: string; workers: number; seconds: number };
  /** This shard's units, in increasing unit order. */
  units: SweepShardUnit[];
}

/**
 * Run shard `shard` of a sweep (config domain as for `runSweep`). A shard
 * may hold no units (k larger than the unit count); merging still checks it
 * was run.
 * @param config - As for `runSweep`.
 * @param shard - `{ index, count }`.
 * @param options - Workers, progress callback and Wasm build options.
 * @returns The shard result to merge with `mergeSweepShards`.
 * @throws RangeError naming the field or the shard spec that is out of range.
 * @example
 * ```ts
 * import { runSweepShard, mergeSweepShards } from "lipvar";
 * const config = { transform: "aol" as const, d: [4, 8], n: [4], samples: 500, seeds: [1] };
 * const shards = [];
 * for (const index of [0, 1]) shards.push({ source: `sweep-${index}.json`, shard: await runSweepShard(config, { index, count: 2 }, { workers: 1 }) });
 * mergeSweepShards(shards).points.length; // returns 2
 * ```
 */
export async function runSweepShard(config: SweepConfig, shard: ShardSpec, options: SweepRunOptions = {}): Promise<SweepShard> {
  const spec = parseShard(`${shard.index}/${shard.count}`, "shard");
  const v = validateSweepConfig(config);
  const workers = await resolveWorkers(options.workers);
  const started = performance.now();
  const { units, parts } = await runSweepUnits(v, (u) => inShard(u, spec), workers, options);
  return {
    ...shardHeader("sweep", v.json, spec, parts[0]?.build, workers, started),
    totalUnits: sweepUnitCount(v),
    units: parts.map((p, i) => ({ point: units[i].point, chunk: units[i].chunk, ...p })),
  };
}
