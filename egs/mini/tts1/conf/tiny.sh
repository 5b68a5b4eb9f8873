# shellcheck shell=bash disable=SC2034  # settings read by run.sh
# Test size: seconds of training, two test sentences; the audio is noise, the pipeline is exercised.
nj=1
num_clusters=16
taus="20"
vocoder_config=conf/vocoder_tiny_hop160.yaml
vocoder_args="--max_steps 20"
