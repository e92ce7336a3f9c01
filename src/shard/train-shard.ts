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
import { prepareTrainData, runTrainRuns, trainRuns, validateTrainConfig } from "../experiments/train.js";
import type { TrainTaskResult } from "../experiments/train-run.js";
import type { TrainConfig, TrainConfigJson, TrainDataSummary } from "../experiments/train-types.js";
import type { TabularData } from "../data/types.js";
import type { Kernels } from "../wasm/kernels.js";
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

/** Run shard `shard` of a training job on `table` (config domain as for runTraining). */
export async function runTrainShard(k: Kernels, config: TrainConfig, table: TabularData, shard: ShardSpec, options: RunOptions = {}): Promise<TrainShard> {
  const spec = parseShard(`${shard.index}/${shard.count}`, "shard");
  const cfg = validateTrainConfig(config);
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
