# shellcheck shell=bash disable=SC2034  # settings read by run.sh
# The bench size with the real training speech speed-perturbed (0.9, 1.1: three times the 0.70 h) in train_all
# (an experiment, 2026-12-05; EXPERIMENTS.md): MFCC features, hard-unit and continuous models.
# shellcheck source=bench_short.sh
. conf/bench_short.sh
corpus_size=bench
feats_list="mfcc"
local_data_opts+=" --real_speed_perturb 0.9,1.1"
systems="hard soft continuous"
