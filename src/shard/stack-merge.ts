/**
 * Combine decay or residual shard results (stack-shard.ts) into the result
 * one machine would produce: the config is validated again, the replicates
 * are checked and ordered by the same code as the other shard merges
 * (assemble.ts), the predictions are recomputed from the auxiliary Var[w̄]
 * the shards carry (no Monte Carlo runs here), and the means and SEs are
 * taken over the replicates in replicate order, by the same functions as
 * the unsharded run.
 */
import { auxiliarySource, decayConfigFromJson, decayPlanFrom, decayResult, validateDecayConfig, type DecayAuxiliary, type DecayPlan } from "../experiments/decay.js";
import { residualConfigFromJson, residualResult, validateResidualConfig } from "../experiments/residual.js";
import type { DecayResult, ResidualResult } from "../experiments/types.js";
import { assembleShardUnits, canonical, describeDifferences, mergedRun, type ShardPiece } from "./assemble.js";
import { checkLayerCount, checkNetworkReplicate, checkUnitBuild, parseShardFile, revalidateConfig, shardEntries, ShardFileError } from "./schema.js";
/** The config re-validation every merge shares (schema.ts), under the name the train merge uses. */
import type { DecayShard, DecayShardReplicate, ResidualShard, ResidualShardReplicate } from "./stack-shard.js";

type StackShard = DecayShard | ResidualShard;

/** Check that `x` (parsed JSON, from `source`) is a shard result of `experiment` ("decay" or "residual") of this format version (schema.ts). */
export function asStackShard<E extends StackShard["experiment"]>(x: unknown, source: string, experiment: E): Extract<StackShard, { experiment: E }> {
  return parseShardFile(x, source, experiment) as unknown as Extract<StackShard, { experiment: E }>;
}

/**
 * The shared steps: check every file (schema.ts), validate the config echo
 * again (`validate`), order the replicates (assemble.ts checks), then check
 * the auxiliary Var[w̄] is the same in every shard and fits the config.
 */
function assembleStack<S extends StackShard, V extends { json: { depth: number; replicates: number } }>(
  shards: readonly { source: string; shard: S }[],
  experiment: S["experiment"],
  validate: (config: S["config"]) => V,
  expectedSource: (v: V) => DecayAuxiliary["source"],
): { v: V; ordered: S["replicates"][number][]; auxiliary: DecayAuxiliary; pieces: ShardPiece<S["replicates"][number]>[] } {
  shardEntries(shards);
  for (const { source, shard } of shards) asStackShard(shard, source, experiment);
  const { source, shard } = shards[0];
  const v = revalidateConfig(shard.config, source, experiment, () => validate(shard.config));
  const depth = v.json.depth;
  if (shard.totalReplicates !== v.json.replicates) throw new ShardFileError(`${source}: totalReplicates must be ${v.json.replicates} (from its config), got ${shard.totalReplicates}`);
  const pieces = shards.map(({ source: src, shard: s }) => ({ source: src, config: s.config, shard: s.shard, total: s.totalReplicates, run: s.run, units: s.replicates as S["replicates"][number][] }));
  const ordered = assembleShardUnits(pieces, (u) => u.replicate, { unit: "replicate", total: "totalReplicates" });
  const auxiliary = shard.auxiliary;
  for (const { source: src, shard: s } of shards) {
    if (canonical(s.auxiliary) !== canonical(auxiliary)) throw new ShardFileError(`${src}: auxiliary Var[w̄] differs from ${source}: ${describeDifferences(s.auxiliary, auxiliary)}`);
  }
  const expected = expectedSource(v);
  const perLayerOk = expected !== "monte-carlo" ? auxiliary.perLayer === null : auxiliary.perLayer !== null && auxiliary.perLayer.length === depth;
  if (auxiliary.source !== expected || !perLayerOk) {
    throw new ShardFileError(`${source}: auxiliary must be ${expected} Var[w̄] for ${depth} layers, got ${canonical(auxiliary).slice(0, 120)}`);
  }
  return { v, ordered, auxiliary, pieces };
}

/**
 * Merge the shard results of one decay run, given with their sources (file
 * names, for messages), in any order: exactly one shard per index 0..k−1 of
 * the same k, config and Wasm build. Every replicate is checked against the
 * config (layers, histogram bins, ranges and counts). The result equals
 * `runDecay`'s except `run`, which reports the shards' summed seconds and
 * workers.
 * @param shards - Every shard result with its source.
 * @returns Exactly the one-machine `runDecay` result, `run` aside.
 * @throws RangeError naming the file when a shard is missing, overlaps or differs.
 * @example
 * ```ts
 * import { runDecayShard, mergeDecayShards } from "lipvar";
 * const config = { depth: 3, width: 8, batch: 16, replicates: 4, seed: 1 };
 * const shards = [];
 * for (const index of [0, 1]) shards.push({ source: `decay-${index}.json`, shard: await runDecayShard({ ...config, workers: 1 }, { index, count: 2 }) });
 * mergeDecayShards(shards).layers.length; // returns 3
 * ```
 */
export function mergeDecayShards(shards: readonly { source: string; shard: DecayShard }[]): DecayResult {
  const { v, ordered, auxiliary, pieces } = assembleStack(shards, "decay", (c) => validateDecayConfig(decayConfigFromJson(c)), (v) => auxiliarySource(v));
  const plan: DecayPlan = decayPlanFrom(v, auxiliary);
  for (const { source, shard } of shards) shard.replicates.forEach((u, i) => checkNetworkReplicate(source, `replicates[${i}]`, u, v.widths, v.json.batch, plan, shard.run.build));
  return decayResult(v, plan, ordered as DecayShardReplicate[], mergedRun(pieces));
}

/**
 * Merge the shard results of one residual run (as `mergeDecayShards`). The
 * result equals `runResidual`'s except `run`.
 * @param shards - Every shard result with its source.
 * @returns Exactly the one-machine `runResidual` result, `run` aside.
 * @throws RangeError naming the file when a shard is missing, overlaps or differs.
 * @example
 * ```ts
 * import { runResidualShard, mergeResidualShards } from "lipvar";
 * const config = { depth: 3, width: 8, batch: 16, replicates: 4, seed: 1 };
 * const shards = [];
 * for (const index of [0, 1]) shards.push({ source: `residual-${index}.json`, shard: await runResidualShard({ ...config, workers: 1 }, { index, count: 2 }) });
 * mergeResidualShards(shards).layers.length; // returns 3
 * ```
 */
export function mergeResidualShards(shards: readonly { source: string; shard: ResidualShard }[]): ResidualResult {
  const { v, ordered, auxiliary, pieces } = assembleStack(shards, "residual", (c) => validateResidualConfig(residualConfigFromJson(c)), (v) => auxiliarySource(v.aol));
  const aolPlan = decayPlanFrom(v.aol, auxiliary);
  for (const { source, shard } of shards) {
    shard.replicates.forEach((u, i) => {
      const at = `replicates[${i}]`;
      checkLayerCount(source, `${at}.residual.meanSquare`, u.residual.meanSquare, v.json.depth);
      checkLayerCount(source, `${at}.residual.branchMeanSquare`, u.residual.branchMeanSquare, v.json.depth);
      checkLayerCount(source, `${at}.residual.unitVariance`, u.residual.unitVariance, v.json.depth);
      checkLayerCount(source, `${at}.residual.meanCosine`, u.residual.meanCosine, v.json.depth);
      checkUnitBuild(source, `${at}.residual`, u.residual.build, shard.run.build);
      checkNetworkReplicate(source, `${at}.aol`, u.aol, v.aol.widths, v.json.batch, aolPlan, shard.run.build);
    });
  }
  return residualResult(v, aolPlan, ordered as ResidualShardReplicate[], mergedRun(pieces));
}
