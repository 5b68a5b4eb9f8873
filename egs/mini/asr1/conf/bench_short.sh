# shellcheck shell=bash disable=SC2034  # settings read by run.sh
# The bench size as first run (2026-12-04; EXPERIMENTS.md): no speed perturbation of the real training speech,
# the recipe's own HuBERT pretrained 6000 steps and its layer 3 as the headline units. The experiments of
# 2026-12-05 (bench_long, bench_real_sp, bench_iter2) start from it.
# shellcheck source=bench.sh
. conf/bench.sh
corpus_size=bench
feats_list="mfcc hubert_pretrained"
local_data_opts="--shared_root ${SOFTASSIGN_SHARED:-../../../../shared/data} --kathleen_utts 200 --real_train true"
hubert_pretrain_opts="--max_steps 6000"
