# shellcheck shell=bash disable=SC2034  # settings read by run.sh
# The bench size's MFCC half: conf/bench.sh with MFCC units and features only (no HuBERT pretraining), the same
# corpus, data dirs and exp dirs, so a later `./run.sh --size bench` finds this half current and runs the HuBERT
# half only. 1 h 44 min on 2 CPU cores (RESULTS.md).
# shellcheck source=bench.sh
. conf/bench.sh
corpus_size=bench
feats_list=mfcc
