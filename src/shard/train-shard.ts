/**
 * Sharding the training experiment across machines. Its work units are the
 * runs (model × depth × replicate, in the canonical order of trainRuns);
 * each run's result depends only on the config, the data and its index, so
 * shard i of k runs the runs with index mod k = i, keeps each one's result,
 * and `mergeTrainShards` rebuilds the one-machine result exactly. Shards
 * carry the data summary; the merge refuses shards trained on different data.
 */
import { resolveWorkers, type RunOptions } from "../experiments/pool.js";
import { prepareTrainData, runTrainRuns, trainConfigFromJson, trainResult, trainRuns, validateTrainConfig } from "../experiments/train.js";
import type { TrainTaskResult } from "../experiments/train-run.js";
import type { TrainConfig, TrainConfigJson, TrainDataSummary, TrainResult } from "../experiments/train-types.js";
import type { TabularData } from "../data/types.js";
import type { Kernels } from "../wasm/kernels.js";
import { assembleShardUnits, describeDifferences, mergedRun } from "./assemble.js";
import { canonical, checkTrainRun, parseShardFile, revalidateConfig, shardEntries, ShardFileError } from "./schema.js";
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
  const runs = await runTrainRuns(cfg, data, (r) => inShard(r.index, spec), workers, options);
  return {
    ...shardHeader("train", cfg, spec, runs[0]?.build, workers, started),
    totalRuns: trainRuns(cfg).length,
    data: data.summary,
    runs,
  };
}

/** Check that `x` (parsed JSON from `source`) is a train shard (schema in schema.ts; ShardFileError naming the file and field). */
export function asTrainShard(x: unknown, source: string): TrainShard {
  return parseShardFile(x, source, "train");
}


/**
 * Merge the shard results of one training job, in any order: exactly one
 * shard per index 0..k−1 of the same k, config and data. The result equals
 * runTraining's except `run` (the shards' summed seconds and workers).
 */
export function mergeTrainShards(shards: readonly { source: string; shard: TrainShard }[]): TrainResult {
  const { source, shard } = shardEntries(shards)[0];
  const cfg = revalidateConfig(shard.config, source, "train", () => ({ json: validateTrainConfig(trainConfigFromJson(shard.config)) })).json;
  const expected = trainRuns(cfg);
  if (shard.totalRuns !== expected.length) throw new ShardFileError(`${source}: totalRuns ${shard.totalRuns} does not match its config (${expected.length} runs)`);
  for (const { source: src, shard: s } of shards) {
    if (canonical(s.data) !== canonical(shard.data)) throw new ShardFileError(`${src}: data differ from ${source}: ${describeDifferences(s.data, shard.data)}`);
    s.runs.forEach((r, i) => {
      const want = expected[r.index];
      if (!want || want.model !== r.model || want.depth !== r.depth || want.replicate !== r.replicate) {
        throw new ShardFileError(`${src}: runs[${i}] (index ${r.index}, ${r.model}, depth ${r.depth}, replicate ${r.replicate}) is not a run of this config`);
      }
      checkTrainRun(src, `runs[${i}]`, r, cfg.epochs, s.run.build);
    });
  }
  const pieces = shards.map(({ source: src, shard: s }) => ({ source: src, config: s.config, shard: s.shard, total: s.totalRuns, run: s.run, units: s.runs }));
  const ordered = assembleShardUnits(pieces, (u) => u.index, { unit: "run", total: "totalRuns" });
  return trainResult(cfg, shard.data, ordered, mergedRun(pieces));
}
