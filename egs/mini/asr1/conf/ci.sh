# shellcheck shell=bash disable=SC2034  # settings read by run.sh
# CI size: a few minutes on 2 CPU cores; WERs are not meaningful at this size, the pipeline is.
nj=2
decode_nj=2
num_clusters=64
feats_list="mfcc tiny_hubert"
taus_mfcc="20 80"
taus_tiny_hubert="2 8"
asr_args="--max_epoch 3"
