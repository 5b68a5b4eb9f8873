# shellcheck shell=bash disable=SC2034  # settings read by run.sh
# The bench size with units of HuBERT's second iteration (an experiment, 2026-12-05; EXPERIMENTS.md): the first
# iteration as in conf/bench_short.sh (MFCC K=100 targets), the second pretrained on the k-means ids (K=500, as
# HuBERT Base's second iteration) of layer 3 of the first, 6000 steps each; its layer 3 gives the units.
# shellcheck source=bench_short.sh
. conf/bench_short.sh
corpus_size=bench
feats_list="hubert_iter2"
hubert_target_clusters_hubert_iter2=500
