# shellcheck shell=bash disable=SC2034  # settings read by run.sh
# CI size: minutes on 2 CPU cores; WERs are not meaningful at this size, the pipeline is.
nj=2
decode_nj=2
num_clusters=64
feats_list="mfcc tiny_hubert"
taus_mfcc="40"
taus_tiny_hubert="4"
asr_units_config=conf/train_asr_units_ci.yaml
asr_continuous_config=conf/train_asr_continuous_ci.yaml
asr_args=
inference_args="--beam_size 2 --ctc_weight 0.3 --maxlenratio 0.3"
shared_root=
hubert_pretrain_opts=
asr2_config=conf/train_asr2_ci.yaml
asr2_src_nbpe=300
