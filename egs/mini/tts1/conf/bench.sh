# shellcheck shell=bash disable=SC2034  # settings read by run.sh
# Benchmark size: 1500 training sentences of the target voice, 50 a test set; the units of mini asr1's bench
# size (MFCC, K=512: its k-means is reused, and its continuous ASR model recognises the synthesised speech);
# the small mel-loss vocoder (conf/vocoder_small_hop160.yaml), about an hour on one CPU core.
nj=2
num_clusters=512
taus="10 30 100 300 1000"
vocoder_config=conf/vocoder_small_hop160.yaml
vocoder_args=
# the checkpoint and decoding of mini asr1's continuous model at this size (it measures intelligibility)
asr_model=valid.loss.ave.pth
asr_inference_args="--beam_size 1 --ctc_weight 1.0"
