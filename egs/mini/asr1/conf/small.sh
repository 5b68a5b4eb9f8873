# shellcheck shell=bash disable=SC2034  # settings read by run.sh
# Small size: MFCC units only, 1000 training utterances, the CI-size model trained for 20 epochs
# (about an hour on 2 CPU cores): the smallest setting whose WERs say something about hard vs soft.
nj=2
decode_nj=2
num_clusters=128
feats_list="mfcc"
taus="10 40 160 640"
asr_units_config=conf/train_asr_units_ci.yaml
asr_continuous_config=conf/train_asr_continuous_ci.yaml
asr_args="--max_epoch 20 --keep_nbest_models 5 --scheduler_conf warmup_steps=100"
# The 1-block attention decoder stays weak at this size (valid acc 0.40 where CTC reaches CER 0.36): decode with CTC alone.
inference_args="--beam_size 4 --ctc_weight 1.0"
train_set=train
# real-speech test sets of the project's shared data dir, when present
local_data_opts="--shared_root ${SOFTASSIGN_SHARED:-../../../../shared/data}"
hubert_target_clusters=${num_clusters}  # K of the MFCC units the HuBERT pretraining predicts
hubert_pretrain_opts=
token_type=char
nbpe=  # BPE size (token_type bpe)
asr2_config=conf/train_asr2_ci.yaml
asr2_src_nbpe=300
train_side_by_side=true  # the hard-unit, continuous (and asr2) models train at the same time, one core each
systems="hard soft continuous espnet_asr2"
inference_model=valid.acc.ave.pth
