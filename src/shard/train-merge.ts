/**
 * Merging the shards of a training job (train-shard.ts runs them): the
 * merge checks every shard against the config and the data summary and
 * rebuilds the one-machine result exactly.
 */
import { trainConfigFromJson, trainResult, trainRuns, validateTrainConfig } from "../experiments/train.js";
import type { TrainResult } from "../experiments/train-types.js";
import { assembleShardUnits, canonical, describeDifferences, mergedRun } from "./assemble.js";
import { checkTrainRun, parseShardFile, revalidateConfig, shardEntries, ShardFileError } from "./schema.js";
import type { TrainShard } from "./train-shard.js";

/** Check that `x` (parsed JSON from `source`) is a train shard (schema in schema.ts; ShardFileError naming the file and field). */
export function asTrainShard(x: unknown, source: string): TrainShard {
  return parseShardFile(x, source, "train");
}

/**
 * Merge the shard results of one training job, in any order: exactly one
 * shard per index 0..k−1 of the same k, config and data. The result equals
 * runTraining's except `run` (the shards' summed seconds and workers).
 * @param shards - Every shard result with its source.
 * @returns Exactly the one-machine `runTraining` result, `run` aside.
 * @throws RangeError naming the file when a shard is missing, overlaps, or was trained on other data.
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
