/**
 * Combine sweep shard results (sweep-shard.ts) into the result one machine
 * would produce: every file is checked (schema.ts), the config is validated
 * again, the units are checked and ordered by the same code as
 * weight-variance shards (assemble.ts) and each against its point's config,
 * and every point is rebuilt from its own chunks in chunk order.
 */
import { sweepResult, sweepUnitCount, validateSweepConfig, type SweepConfigJson, type SweepResult } from "../experiments/sweep.js";
import { assembleShardUnits, mergedRun } from "./assemble.js";
import type { SweepShard, SweepShardUnit } from "./sweep-shard.js";
import { betaFromJson } from "../experiments/config.js";
import { checkVarianceChunk, parseShardFile, revalidateConfig, shardEntries, ShardFileError } from "./schema.js";

/** Check that `x` (parsed JSON, from `source`) is a sweep shard result of this format version (schema.ts). */
export function asSweepShard(x: unknown, source: string): SweepShard {
  return parseShardFile(x, source, "sweep");
}

/** The sweep config of a JSON echo, validated again (ShardFileError naming `source`). */
function configOf(json: SweepConfigJson, source: string) {
  return revalidateConfig(json, source, "sweep", () =>
    validateSweepConfig({
      transform: json.transform,
      qStd: json.qStd,
      d: json.d,
      n: json.n,
      dist: json.dist,
      beta: json.dist === "gnd" ? json.beta.map(betaFromJson) : undefined,
      seeds: json.seeds.map((s) => BigInt(s)),
      samples: json.samples,
      chunkSize: json.chunkSize,
    }),
  );
}

/**
 * Merge the shard results of one sweep, given with their sources (file
 * names, for messages), in any order: exactly one shard per index 0..k−1 of
 * the same k and config. Points equal the one-machine sweep's; `run` (also
 * each point's) reports the shards' summed seconds and workers.
 * @param shards - Every shard result with its source.
 * @returns Exactly the one-machine `runSweep` result, `run` aside.
 * @throws RangeError naming the file when a shard is missing, overlaps or differs.
 * @example
 * ```ts
 * import { runSweepShard, mergeSweepShards } from "lipvar";
 * const config = { transform: "aol" as const, d: [4, 8], n: [4], samples: 500, seeds: [1] };
 * const shards = [];
 * for (const index of [0, 1]) shards.push({ source: `sweep-${index}.json`, shard: await runSweepShard(config, { index, count: 2 }, { workers: 1 }) });
 * mergeSweepShards(shards).points.length; // returns 2
 * ```
 */
export function mergeSweepShards(shards: readonly { source: string; shard: SweepShard }[]): SweepResult {
  shardEntries(shards);
  for (const { source, shard } of shards) asSweepShard(shard, source);
  const { source, shard } = shards[0];
  const v = configOf(shard.config, source);
  const pointCount = v.points.length;
  for (const { source: src, shard: s } of shards) {
    if (JSON.stringify(s.config) !== JSON.stringify(shard.config)) continue; // assembleShardUnits names the mismatch
    for (const u of s.units) {
      const ok = Number.isInteger(u.point) && u.point >= 0 && u.point < pointCount && Number.isInteger(u.chunk) && u.chunk >= 0 && u.chunk < v.unitStart[u.point + 1] - v.unitStart[u.point];
      if (!ok) throw new ShardFileError(`${src}: unit (point ${u.point}, chunk ${u.chunk}) is not in the sweep (${pointCount} points of ${v.unitStart[1]} chunks)`);
    }
  }
  const pieces = shards.map(({ source: src, shard: s }) => ({ source: src, config: s.config, shard: s.shard, total: s.totalUnits, run: s.run, units: s.units }));
  if (shard.totalUnits !== sweepUnitCount(v)) throw new ShardFileError(`${source}: totalUnits must be ${sweepUnitCount(v)} (from its config), got ${shard.totalUnits}`);
  const ordered = assembleShardUnits<SweepShardUnit>(pieces, (u) => v.unitStart[u.point] + u.chunk, { unit: "unit", total: "totalUnits" });
  for (const { source: src, shard: s } of shards) s.units.forEach((u, i) => checkVarianceChunk(src, `units[${i}]`, u, v.points[u.point].json, u.chunk, s.run.build));
  const parts = ordered.map(({ build, co, histogram }) => ({ build, co, histogram }));
  return sweepResult(v, parts, mergedRun(pieces));
}
