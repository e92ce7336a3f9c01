#!/bin/bash
# Submit one sharded lipvar run to Slurm: an array of K tasks (one shard
# each), then a merge job that runs once they have all ended, ok or not.
#
#   bash submit.sh EXPERIMENT K                 new run: shards 0..K-1 into runs/EXPERIMENT-DATE-TIME
#   bash submit.sh EXPERIMENT K RUN INDICES     re-run the shards INDICES (e.g. 0,3) of RUN, merge again
#
# EXPERIMENT is variance, decay or train (the file EXPERIMENT.sbatch next to
# this script). K, the number of shards, is given here only: the array, the
# shards' --shard i/K and the merge follow from it, and RUN records it. RUN
# is the run's own folder: its shards, merged result and task logs.
set -euo pipefail
usage="usage: submit.sh variance|decay|train K [RUN INDICES]"
here=$(cd "$(dirname "$0")" && pwd)
experiment=${1:?$usage}
K=${2:?$usage}
RUN=${3:-runs/$experiment-$(date +%Y%m%d-%H%M%S)}
indices=${4:-0-$((K - 1))}
mkdir -p "$RUN"
if [ -f "$RUN/K" ] && [ "$(cat "$RUN/K")" != "$K" ]; then
  echo "submit.sh: $RUN was split into $(cat "$RUN/K") shards, not $K" >&2; exit 2
fi
echo "$K" > "$RUN/K"
J=$(sbatch --parsable --array="$indices" --output="$RUN/slurm-%A_%a.out" \
  --export=ALL,K="$K",RUN="$RUN" "$here/$experiment.sbatch")
M=$(sbatch --parsable --dependency=afterany:"$J" --kill-on-invalid-dep=yes --output="$RUN/slurm-merge-%j.out" \
  --export=ALL,RUN="$RUN",RESULT="$experiment.json" "$here/merge.sbatch")
echo "$RUN: shards $indices of $K in array job $J, merge in job $M"
