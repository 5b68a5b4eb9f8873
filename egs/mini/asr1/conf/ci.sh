# shellcheck shell=bash disable=SC2034  # settings read by run.sh
# CI size, the demo (`tools/demo.sh`): MFCC units (K=512), 800 synthetic training utterances of 800 sentences,
# the CI-size models trained with CTC alone for 25 epochs, 100 utterances a test set: about 19 minutes on
# 2 CPU cores, an in-domain CER of about 30 % (hard) and a table in which soft and hard differ by more than
# their confidence intervals.
nj=2
decode_nj=2
num_clusters=512
feats_list="mfcc"
taus="30 100 300"
asr_units_config=conf/train_asr_units_ci.yaml
asr_continuous_config=conf/train_asr_continuous_ci.yaml
# CTC alone (ctc_weight 1.0: no attention decoder is trained or run; the 1-block decoder stays weak at this size)
# and the models of the lowest validation loss (there is no attention accuracy)
asr_args="--max_epoch 25 --keep_nbest_models 3 --scheduler_conf warmup_steps=100"
asr_args+=" --model_conf ctc_weight=1.0 --best_model_criterion valid,loss,min"
inference_args="--beam_size 1 --ctc_weight 1.0"
inference_model=valid.loss.ave.pth
train_set=train
local_data_opts=  # more options of local/data.sh
hubert_target_clusters=${num_clusters}  # K of the MFCC units the HuBERT pretraining predicts
hubert_pretrain_opts=
token_type=char
nbpe=  # BPE size (token_type bpe)
asr2_config=conf/train_asr2_ci.yaml
asr2_src_nbpe=300
systems="hard soft continuous"  # ESPnet's asr2 baseline trains at the other sizes
