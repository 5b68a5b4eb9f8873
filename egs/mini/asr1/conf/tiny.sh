# shellcheck shell=bash disable=SC2034  # settings read by run.sh
# Test size: seconds a stage on 2 CPU cores (12 training utterances, MFCC units, K=16, two epochs); the
# test suite runs it end to end, reruns it, and kills every stage at seeded moments. WERs mean nothing here.
nj=2
decode_nj=2
num_clusters=16
feats_list="mfcc"
taus="40"
asr_units_config=conf/train_asr_units_ci.yaml
asr_continuous_config=conf/train_asr_continuous_ci.yaml
asr_args="--max_epoch 2"
inference_args="--beam_size 2 --ctc_weight 0.3 --maxlenratio 0.3"
train_set=train
local_data_opts=  # more options of local/data.sh
hubert_target_clusters=${num_clusters}  # K of the MFCC units the HuBERT pretraining predicts
hubert_pretrain_opts=
token_type=char
nbpe=  # BPE size (token_type bpe)
asr2_config=conf/train_asr2_ci.yaml
asr2_src_nbpe=30
train_side_by_side=true  # the hard-unit, continuous (and asr2) models train at the same time, one core each
systems="hard soft continuous espnet_asr2"
inference_model=valid.acc.ave.pth
