/**
 * Sharding the depth experiments (`runDecay`, `runResidual`) across
 * machines. Their work units are the R replicate networks: replicate r
 * always draws from RNG stream r, so shard i of k runs the replicates with
 * r mod k = i and keeps each one's task result; `mergeDecayShards` /
 * `mergeResidualShards` (stack-merge.ts) rebuild the means and SEs in
 * replicate order, exactly as one machine does.
 *
 * The predictions and histogram ranges depend on Var[w̄], which for β ≠ 2
 * comes from an auxiliary Monte Carlo run. Every shard needs it before its
 * replicates (the histogram ranges come from the predictions), so every
 * shard runs it (deterministic: fixed seed, independent of the worker
 * count) and carries the values in `auxiliary`; the merge takes them from
 * the shards, checks that all shards agree, and recomputes the predictions
 * from them without running any Monte Carlo.
 */
import type { NetworkTaskResult } from "../experiments/kernel-worker.js";
import { resolveWorkers, type RunOptions } from "../experiments/pool.js";
import { planDecay, runDecayReplicates, validateDecayConfig, type DecayAuxiliary } from "../experiments/decay.js";
import { planResidual, runResidualReplicates, validateResidualConfig, type ResidualReplicate } from "../experiments/residual.js";
import type { DecayConfig, DecayConfigJson, ResidualConfig, ResidualConfigJson } from "../experiments/types.js";
import { inShard, parseShard, shardHeader, SHARD_FORMAT, SHARD_VERSION, type ShardSpec } from "./shard.js";

/** One decay replicate: the network's per-layer measurements and histograms. */
export interface DecayShardReplicate extends NetworkTaskResult {
  replicate: number;
}

/** One residual replicate: residual stack r and AOL comparison stack r. */
export interface ResidualShardReplicate extends ResidualReplicate {
  replicate: number;
}

/** The fields every depth-experiment shard file has. */
/** The fields every decay or residual shard holds. */
export interface StackShardBase<E extends string, C, U> {
  format: typeof SHARD_FORMAT;
  version: typeof SHARD_VERSION;
  experiment: E;
  config: C;
  shard: ShardSpec;
  /** Replicates of the whole run (all shards) = config.replicates. */
  totalReplicates: number;
  run: { build: string; workers: number; seconds: number };
  /** Var[w̄] behind the predictions (of the AOL comparison stack for residual); the same in every shard. */
  auxiliary: DecayAuxiliary;
  /** This shard's replicates, in increasing replicate order. */
  replicates: U[];
}

/** The JSON a sharded `lipvar decay` writes. */
export type DecayShard = StackShardBase<"decay", DecayConfigJson, DecayShardReplicate>;
/** The JSON a sharded `lipvar residual` writes. */
export type ResidualShard = StackShardBase<"residual", ResidualConfigJson, ResidualShardReplicate>;

/**
 * Run shard `shard` of a decay experiment (config domain as for
 * `runDecay`). A shard may hold no replicates (k > R); merging still checks
 * it was run.
 * @param config - As for `runDecay`.
 * @param shard - `{ index, count }`: replicates r with r mod count = index.
 * @param options - Progress callback and Wasm build options.
 * @returns The shard result to merge with `mergeDecayShards`.
 * @throws RangeError naming the field or the shard spec that is out of range.
 * @example
 * ```ts
 * import { runDecayShard, mergeDecayShards } from "lipvar";
 * const config = { depth: 3, width: 8, batch: 16, replicates: 4, seed: 1 };
 * const shards = [];
 * for (const index of [0, 1]) shards.push({ source: `decay-${index}.json`, shard: await runDecayShard({ ...config, workers: 1 }, { index, count: 2 }) });
 * mergeDecayShards(shards).layers.length; // returns 3
 * ```
 */
export async function runDecayShard(config: DecayConfig, shard: ShardSpec, options: RunOptions = {}): Promise<DecayShard> {
  const spec = parseShard(`${shard.index}/${shard.count}`, "shard");
  const v = validateDecayConfig(config);
  const workers = await resolveWorkers(config.workers);
  const started = performance.now();
  const plan = await planDecay(v, workers, options);
  const { replicates, parts } = await runDecayReplicates(v, plan, (r) => inShard(r, spec), workers, options);
  return {
    ...shardHeader("decay", v.json, spec, parts[0]?.build, workers, started),
    totalReplicates: v.json.replicates,
    auxiliary: plan.auxiliary,
    replicates: parts.map((p, i) => ({ replicate: replicates[i], ...p })),
  };
}

/**
 * Run shard `shard` of a residual experiment (config domain as for
 * `runResidual`): residual and AOL comparison stacks of the replicates
 * r mod k = i. A shard may hold no replicates (k > R).
 * @param config - As for `runResidual`.
 * @param shard - `{ index, count }`: replicates r with r mod count = index.
 * @param options - Progress callback and Wasm build options.
 * @returns The shard result to merge with `mergeResidualShards`.
 * @throws RangeError naming the field or the shard spec that is out of range.
 * @example
 * ```ts
 * import { runResidualShard, mergeResidualShards } from "lipvar";
 * const config = { depth: 3, width: 8, batch: 16, replicates: 4, seed: 1 };
 * const shards = [];
 * for (const index of [0, 1]) shards.push({ source: `residual-${index}.json`, shard: await runResidualShard({ ...config, workers: 1 }, { index, count: 2 }) });
 * mergeResidualShards(shards).layers.length; // returns 3
 * ```
 */
export async function runResidualShard(config: ResidualConfig, shard: ShardSpec, options: RunOptions = {}): Promise<ResidualShard> {
  const spec = parseShard(`${shard.index}/${shard.count}`, "shard");
  const v = validateResidualConfig(config);
  const workers = await resolveWorkers(config.workers);
  const started = performance.now();
  const aolPlan = await planResidual(v, workers, options);
  const { replicates, parts } = await runResidualReplicates(v, aolPlan, (r) => inShard(r, spec), workers, options);
  return {
    ...shardHeader("residual", v.json, spec, parts[0]?.residual.build, workers, started),
    totalReplicates: v.json.replicates,
    auxiliary: aolPlan.auxiliary,
    replicates: parts.map((p, i) => ({ replicate: replicates[i], ...p })),
  };
}
