export { parseShard, inShard, runWeightVarianceShard, SHARD_FORMAT, SHARD_VERSION, MAX_SHARDS, type ShardSpec, type ShardChunk, type WeightVarianceShard } from "./shard.js";
export { mergeShards, asShard } from "./merge.js";
export { runSweepShard, type SweepShard, type SweepShardUnit } from "./sweep-shard.js";
export { mergeSweepShards, asSweepShard } from "./sweep-merge.js";
export { runDecayShard, runResidualShard, type DecayShard, type ResidualShard, type DecayShardReplicate, type ResidualShardReplicate } from "./stack-shard.js";
export { mergeDecayShards, mergeResidualShards, asStackShard } from "./stack-merge.js";
export { runTrainShard, type TrainShard } from "./train-shard.js";
export { mergeTrainShards, asTrainShard } from "./train-merge.js";
