# shellcheck shell=bash disable=SC2034  # settings read by run.sh
# CI size, the demo (`tools/demo.sh`): MFCC units (K=512), 2400 synthetic training utterances of 2400 sentences,
# a 2-block E-Branchformer trained with CTC alone for 12 epochs (the hard-unit and the continuous model side by
# side, one core each), 100 utterances a dev and test set: about 18 minutes on 2 CPU cores, an in-domain CER of
# about 9 % and a table in which soft and hard differ by more than their confidence intervals.
nj=2
decode_nj=2
num_clusters=512
feats_list="mfcc"
taus="30 100 300 1000"
asr_units_config=conf/train_asr_units_demo.yaml
asr_continuous_config=conf/train_asr_continuous_demo.yaml
asr_args=
inference_args="--search greedy_ctc"  # the best CTC path (the models are trained with CTC alone)
inference_model=valid.loss.ave.pth
train_set=train
local_data_opts=  # more options of local/data.sh
hubert_target_clusters=${num_clusters}  # K of the MFCC units the HuBERT pretraining predicts
hubert_pretrain_opts=
token_type=char
nbpe=  # BPE size (token_type bpe)
asr2_config=conf/train_asr2_ci.yaml
asr2_src_nbpe=300
train_side_by_side=true  # the hard-unit, continuous (and asr2) models train at the same time, one core each
systems="hard soft continuous"  # ESPnet's asr2 baseline trains at the other sizes
