# shellcheck shell=bash disable=SC2034  # settings read by run.sh
# CI size: a few minutes on 2 CPU cores (K as mini asr1's ci size, so its k-means is reused when it
# exists); the vocoder is a smoke test, MCD and F0 errors are not meaningful at this size.
nj=2
num_clusters=512
taus="30 100 300"
vocoder_config=conf/vocoder_tiny_hop160.yaml
vocoder_args=
