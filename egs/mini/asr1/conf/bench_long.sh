# shellcheck shell=bash disable=SC2034  # settings read by run.sh
# The bench size with layer 1 of a longer-pretrained HuBERT first iteration (an experiment, 2026-12-05;
# EXPERIMENTS.md): 14000 pretraining steps instead of 6000, hard-unit model only.
# shellcheck source=bench_short.sh
. conf/bench_short.sh
corpus_size=bench
feats_list="hubert_pretrained_l1"
hubert_pretrain_opts="--max_steps 14000"
systems="hard soft"
