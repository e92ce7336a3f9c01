/**
 * Combine decay or residual shard results (stack-shard.ts) into the result
 * one machine would produce: the config is validated again, the replicates
 * are checked and ordered by the same code as the other shard merges
 * (assemble.ts), the predictions are recomputed from the auxiliary Var[w̄]
 * the shards carry (no Monte Carlo runs here), and the means and SEs are
 * taken over the replicates in replicate order, by the same functions as
 * the unsharded run.
 */
import { decayConfigFromJson, decayPlanFrom, decayResult, validateDecayConfig, type DecayAuxiliary, type DecayPlan } from "../experiments/decay.js";
import { residualConfigFromJson, residualResult, validateResidualConfig } from "../experiments/residual.js";
import type { DecayResult, ResidualResult } from "../experiments/types.js";
import { assembleShardUnits, mergedRun, type ShardPiece } from "./assemble.js";
import { SHARD_FORMAT, SHARD_VERSION } from "./shard.js";
import type { DecayShard, DecayShardReplicate, ResidualShard, ResidualShardReplicate } from "./stack-shard.js";

type StackShard = DecayShard | ResidualShard;
const canonical = (x: unknown) => JSON.stringify(x);

/** Check that `x` (parsed JSON, from `source`) is a shard result of `experiment` ("decay" or "residual") of this format version. */
export function asStackShard<E extends StackShard["experiment"]>(x: unknown, source: string, experiment: E): Extract<StackShard, { experiment: E }> {
  const s = x as Partial<StackShard> | null;
  if (!s || typeof s !== "object" || s.format !== SHARD_FORMAT) throw new RangeError(`${source} is not a lipvar shard result (format must be "${SHARD_FORMAT}")`);
  if (s.version !== SHARD_VERSION) throw new RangeError(`${source}: shard format version must be ${SHARD_VERSION}, got ${String(s.version)}`);
  if (s.experiment !== experiment) throw new RangeError(`${source}: experiment must be "${experiment}", got ${String(s.experiment)}`);
  if (!s.config || !s.shard || !Array.isArray(s.replicates) || !Number.isInteger(s.totalReplicates) || !s.run || !s.auxiliary) {
    throw new RangeError(`${source}: ${experiment} shard result is incomplete (config, shard, totalReplicates, run, auxiliary, replicates)`);
  }
  return s as Extract<StackShard, { experiment: E }>;
}

/** Validate a config echo again, RangeError naming `source` if it is invalid or not in its validated form. */
export function revalidate<V extends { json: unknown }>(json: unknown, source: string, experiment: string, validate: () => V): V {
  let v: V;
  try {
    v = validate();
  } catch (e) {
    throw new RangeError(`${source}: invalid ${experiment} config: ${(e as Error).message}`);
  }
  if (canonical(v.json) !== canonical(json)) throw new RangeError(`${source}: ${experiment} config is not as lipvar writes it (${canonical(json)})`);
  return v;
}

/**
 * The shared steps: order the replicates (assemble.ts checks), then check
 * the auxiliary Var[w̄] is the same in every shard and fits the config.
 */
function assembleStack<S extends StackShard>(shards: readonly { source: string; shard: S }[], depth: number, beta: number): { ordered: S["replicates"][number][]; auxiliary: DecayAuxiliary; pieces: ShardPiece<S["replicates"][number]>[] } {
  const { source, shard } = shards[0];
  if (shard.totalReplicates !== (shard.config as { replicates: number }).replicates) {
    throw new RangeError(`${source}: totalReplicates ${shard.totalReplicates} does not match its config (${(shard.config as { replicates: number }).replicates} replicates)`);
  }
  const pieces = shards.map(({ source: src, shard: s }) => ({ source: src, config: s.config, shard: s.shard, total: s.totalReplicates, run: s.run, units: s.replicates as S["replicates"][number][] }));
  const ordered = assembleShardUnits(pieces, (u) => u.replicate, { unit: "replicate", total: "totalReplicates" });
  const auxiliary = shard.auxiliary;
  for (const { source: src, shard: s } of shards) {
    if (canonical(s.auxiliary) !== canonical(auxiliary)) throw new RangeError(`${src}: auxiliary Var[w̄] differs from ${source} (${canonical(s.auxiliary)} vs ${canonical(auxiliary)})`);
  }
  const expected = beta === 2 ? "exact-gaussian" : "monte-carlo";
  const perLayerOk = expected === "exact-gaussian" ? auxiliary.perLayer === null : Array.isArray(auxiliary.perLayer) && auxiliary.perLayer.length === depth && auxiliary.perLayer.every((x) => typeof x === "number");
  if (auxiliary.source !== expected || !perLayerOk || !Array.isArray(auxiliary.estimates)) {
    throw new RangeError(`${source}: auxiliary must be ${expected} Var[w̄] for ${depth} layers, got ${canonical(auxiliary)}`);
  }
  return { ordered, auxiliary, pieces };
}

/** Throw unless every listed per-layer array of a replicate has `depth` entries. */
function checkLayers(source: string, replicate: number, arrays: readonly unknown[], depth: number): void {
  if (!arrays.every((a) => Array.isArray(a) && a.length === depth)) throw new RangeError(`${source}: replicate ${replicate} is incomplete (per-layer values for ${depth} layers expected)`);
}

/**
 * Merge the shard results of one decay run, given with their sources (file
 * names, for messages), in any order: exactly one shard per index 0..k−1 of
 * the same k and config. The result equals `runDecay`'s except `run`, which
 * reports the shards' summed seconds and workers.
 */
export function mergeDecayShards(shards: readonly { source: string; shard: DecayShard }[]): DecayResult {
  if (shards.length === 0) throw new RangeError("merge needs at least one shard result file");
  const { source, shard } = shards[0];
  const v = revalidate(shard.config, source, "decay", () => validateDecayConfig(decayConfigFromJson(shard.config)));
  const { ordered, auxiliary, pieces } = assembleStack<DecayShard>(shards, v.json.depth, v.beta);
  for (const { source: src, shard: s } of shards) for (const u of s.replicates) checkLayers(src, u.replicate, [u.variance, u.gradInput, u.histograms, u.gradHistograms], v.json.depth);
  const plan: DecayPlan = decayPlanFrom(v, auxiliary);
  return decayResult(v, plan, ordered as DecayShardReplicate[], mergedRun(pieces));
}

/**
 * Merge the shard results of one residual run (as `mergeDecayShards`). The
 * result equals `runResidual`'s except `run`.
 */
export function mergeResidualShards(shards: readonly { source: string; shard: ResidualShard }[]): ResidualResult {
  if (shards.length === 0) throw new RangeError("merge needs at least one shard result file");
  const { source, shard } = shards[0];
  const v = revalidate(shard.config, source, "residual", () => validateResidualConfig(residualConfigFromJson(shard.config)));
  const { ordered, auxiliary, pieces } = assembleStack<ResidualShard>(shards, v.json.depth, v.beta);
  for (const { source: src, shard: s } of shards) {
    for (const u of s.replicates) {
      if (!u.residual || !u.aol) throw new RangeError(`${src}: replicate ${u.replicate} is incomplete (residual and aol results expected)`);
      checkLayers(src, u.replicate, [u.residual.meanSquare, u.residual.branchMeanSquare, u.aol.variance, u.aol.gradInput], v.json.depth);
    }
  }
  return residualResult(v, decayPlanFrom(v.aol, auxiliary), ordered as ResidualShardReplicate[], mergedRun(pieces));
}
