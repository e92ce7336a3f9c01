/**
 * Combine sweep shard results (sweep-shard.ts) into the result one machine
 * would produce: the config is validated again, the units are checked and
 * ordered by the same code as weight-variance shards (assemble.ts), and
 * every point is rebuilt from its own chunks in chunk order.
 */
import { sweepResult, sweepUnitCount, validateSweepConfig, type SweepConfigJson, type SweepResult } from "../experiments/sweep.js";
import { assembleShardUnits, mergedRun } from "./assemble.js";
import { SHARD_FORMAT, SHARD_VERSION } from "./shard.js";
import type { SweepShard, SweepShardUnit } from "./sweep-shard.js";
import { betaFromJson } from "../experiments/config.js";

/** Check that `x` (parsed JSON, from `source`) is a sweep shard result of this format version. */
export function asSweepShard(x: unknown, source: string): SweepShard {
  const s = x as Partial<SweepShard> | null;
  if (!s || typeof s !== "object" || s.format !== SHARD_FORMAT) throw new RangeError(`${source} is not a lipvar shard result (format must be "${SHARD_FORMAT}")`);
  if (s.version !== SHARD_VERSION) throw new RangeError(`${source}: shard format version must be ${SHARD_VERSION}, got ${String(s.version)}`);
  if (s.experiment !== "sweep") throw new RangeError(`${source}: experiment must be "sweep", got ${String(s.experiment)}`);
  if (!s.config || !s.shard || !Array.isArray(s.units) || !Number.isInteger(s.totalUnits) || !s.run) throw new RangeError(`${source}: sweep shard result is incomplete (config, shard, totalUnits, run, units)`);
  return s as SweepShard;
}

/** The sweep config of a JSON echo, as `validateSweepConfig` takes it. */
function configOf(json: SweepConfigJson, source: string) {
  try {
    return validateSweepConfig({
      transform: json.transform,
      qStd: json.qStd,
      d: json.d,
      n: json.n,
      dist: json.dist,
      beta: json.dist === "gnd" ? json.beta.map(betaFromJson) : undefined,
      seeds: json.seeds.map((s) => BigInt(s)),
      samples: json.samples,
      chunkSize: json.chunkSize,
    });
  } catch (e) {
    throw new RangeError(`${source}: invalid sweep config: ${(e as Error).message}`);
  }
}

/**
 * Merge the shard results of one sweep, given with their sources (file
 * names, for messages), in any order: exactly one shard per index 0..k−1 of
 * the same k and config. Points equal the one-machine sweep's; `run` (also
 * each point's) reports the shards' summed seconds and workers.
 */
export function mergeSweepShards(shards: readonly { source: string; shard: SweepShard }[]): SweepResult {
  if (shards.length === 0) throw new RangeError("merge needs at least one shard result file");
  const { source, shard } = shards[0];
  const v = configOf(shard.config, source);
  const pointCount = v.points.length;
  for (const { source: src, shard: s } of shards) {
    if (JSON.stringify(s.config) !== JSON.stringify(shard.config)) continue; // assembleShardUnits names the mismatch
    for (const u of s.units) {
      const ok = Number.isInteger(u.point) && u.point >= 0 && u.point < pointCount && Number.isInteger(u.chunk) && u.chunk >= 0 && u.chunk < v.unitStart[u.point + 1] - v.unitStart[u.point];
      if (!ok) throw new RangeError(`${src}: unit (point ${u.point}, chunk ${u.chunk}) is not in the sweep (${pointCount} points of ${v.unitStart[1]} chunks)`);
    }
  }
  const pieces = shards.map(({ source: src, shard: s }) => ({ source: src, config: s.config, shard: s.shard, total: s.totalUnits, run: s.run, units: s.units }));
  if (shard.totalUnits !== sweepUnitCount(v)) throw new RangeError(`${source}: totalUnits ${shard.totalUnits} does not match its config (${sweepUnitCount(v)} units)`);
  const ordered = assembleShardUnits<SweepShardUnit>(pieces, (u) => v.unitStart[u.point] + u.chunk, { unit: "unit", total: "totalUnits" });
  const parts = ordered.map(({ build, co, histogram }) => ({ build, co, histogram }));
  return sweepResult(v, parts, mergedRun(pieces));
}
