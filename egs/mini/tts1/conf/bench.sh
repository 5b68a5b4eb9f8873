# shellcheck shell=bash disable=SC2034  # settings read by run.sh
# Benchmark size: 1500 training sentences of the target voice, 50 a test set; the units of mini asr1's bench
# size (MFCC, K=512: its k-means is reused, and its continuous ASR model recognises the synthesised speech);
# the small mel-loss vocoder (conf/vocoder_small_hop160.yaml): 8000 steps in about 8 minutes on one CPU core,
# the whole run about 35 minutes on 2 cores (MCD/F0 scoring takes most of it).
nj=2
num_clusters=512
taus="10 30 100 300 1000"
vocoder_config=conf/vocoder_small_hop160.yaml
vocoder_args=
