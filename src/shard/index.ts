/**
 * `lipvar/shard` — splitting a run across machines and merging it back
 * into exactly the one-machine result: the shard runners and merges (also
 * in the root entry), the shard-spec parser, and the checks that read a
 * shard result file back (`as…Shard`).
 * @module lipvar/shard
 */
export { parseShard, inShard, runWeightVarianceShard, SHARD_FORMAT, SHARD_VERSION, MAX_SHARDS, type ShardSpec, type ShardChunk, type WeightVarianceShard } from "./shard.js";
export { mergeShards, asShard } from "./merge.js";
export { runSweepShard, type SweepShard, type SweepShardUnit } from "./sweep-shard.js";
export { mergeSweepShards, asSweepShard } from "./sweep-merge.js";
export { runDecayShard, runResidualShard, type StackShardBase, type DecayShard, type ResidualShard, type DecayShardReplicate, type ResidualShardReplicate } from "./stack-shard.js";
export { mergeDecayShards, mergeResidualShards, asStackShard } from "./stack-merge.js";
export { runTrainShard, type TrainShard } from "./train-shard.js";
export { mergeTrainShards, asTrainShard } from "./train-merge.js";
