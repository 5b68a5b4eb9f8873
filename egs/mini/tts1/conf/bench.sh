# shellcheck shell=bash disable=SC2034  # settings read by run.sh
# Benchmark size: 1500 training sentences and a longer training of the tiny vocoder (hours on 2 cores).
nj=2
num_clusters=256
taus="5 10 20 40 80 160"
vocoder_args="--max_steps 20000"
