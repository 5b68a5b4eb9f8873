# shellcheck shell=bash disable=SC2034  # settings read by run.sh
# bench_long with K=2048 units of the same layer (an experiment, 2026-12-05; EXPERIMENTS.md).
# shellcheck source=bench_long.sh
. conf/bench_long.sh
num_clusters=2048
