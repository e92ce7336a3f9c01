/**
 * Sharding the training experiment across machines. Its work units are the
 * runs (model × depth × replicate, in the canonical order of trainRuns);
 * each run's result depends only on the config, the data and its index, so
 * shard i of k runs the runs with index mod k = i, keeps each one's result,
 * and `mergeTrainShards` rebuilds the one-machine result exactly. Shards
 * carry the data summary; the merge (train-merge.ts) refuses shards trained
 * on different data.
 */
import { resolveWorkers, type RunOptions } from "../experiments/pool.js";
import { callerKernels, prepareTrainData, runTrainRuns, trainRuns, validateTrainConfig } from "../experiments/train.js";
import { requireConfig } from "../require-config.js";
import type { TrainTaskResult } from "../experiments/train-run.js";
import type { TrainConfig, TrainConfigJson, TrainDataSummary } from "../experiments/train-types.js";
import type { TabularData } from "../data/types.js";
import { Kernels } from "../wasm/kernels.js";
import { inShard, parseShard, shardHeader, SHARD_FORMAT, SHARD_VERSION, type ShardSpec } from "./shard.js";

/** The JSON a sharded `lipvar train` writes. */
export interface TrainShard {
  format: typeof SHARD_FORMAT;
  version: typeof SHARD_VERSION;
  experiment: "train";
  config: TrainConfigJson;
  shard: ShardSpec;
  /** Runs of the whole job (all shards). */
  totalRuns: number;
  run: { build: string; workers: number; seconds: number };
  data: TrainDataSummary;
  /** This shard's runs, in increasing index order. */
  runs: TrainTaskResult[];
}

/**
 * Run shard `shard` of a training job on `table` (config domain as for runTraining), loading its own kernels.
 * @param config - As for `runTraining`.
 * @param table - The data.
 * @param shard - `{ index, count }`: runs with index mod count = shard index.
 * @param options - Progress callback and Wasm build options.
 * @returns The shard result to merge with `mergeTrainShards`.
 * @throws RangeError naming the field or the shard spec that is out of range.
 * @example
 * ```ts
 * import { runTrainShard, mergeTrainShards, syntheticCovertype, loadKernels } from "lipvar";
 * const table = syntheticCovertype(await loadKernels(), { rows: 400, seed: 1 });
 * const config = { models: ["plain" as const], depths: [2], seeds: 2, epochs: 1, width: 8, workers: 1 };
 * const shards = [];
 * for (const index of [0, 1]) shards.push({ source: `train-${index}.json`, shard: await runTrainShard(config, table, { index, count: 2 }) });
 * mergeTrainShards(shards).runs.length; // returns 2
 * ```
 */
export async function runTrainShard(config: TrainConfig, table: TabularData, shard: ShardSpec, options?: RunOptions): Promise<TrainShard>;
/** @deprecated Experiments load their own kernels: `runTrainShard(config, table, shard, options)`. */
export async function runTrainShard(k: Kernels, config: TrainConfig, table: TabularData, shard: ShardSpec, options?: RunOptions): Promise<TrainShard>;
export async function runTrainShard(
  ...args: [TrainConfig, TabularData, ShardSpec, RunOptions?] | [Kernels, TrainConfig, TabularData, ShardSpec, RunOptions?]
): Promise<TrainShard> {
  const [given, config, table, shard, options = {}] = (args[0] instanceof Kernels ? args : [undefined, ...args]) as [Kernels | undefined, TrainConfig, TabularData, ShardSpec, RunOptions?];
  const spec = parseShard(`${requireConfig(shard, "shard").index}/${shard.count}`, "shard");
  const cfg = validateTrainConfig(config);
  const k = given ?? (await callerKernels(options));
  const workers = await resolveWorkers(config.workers);
  const started = performance.now();
  const data = prepareTrainData(k, table, cfg);
  // Epoch timings stay out of shard files (the merged result is the deterministic one).
  const runs = (await runTrainRuns(cfg, data, (r) => inShard(r.index, spec), workers, options)).map(({ epochSeconds: _seconds, ...r }) => r);
  return {
    ...shardHeader("train", cfg, spec, runs[0]?.build, workers, started),
    totalRuns: trainRuns(cfg).length,
    data: data.summary,
    runs,
  };
}
