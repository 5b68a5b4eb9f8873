# shellcheck shell=bash disable=SC2034  # settings read by run.sh
# Benchmark size: a larger corpus and full training (hours on 2 CPU cores).
nj=2
decode_nj=2
num_clusters=256
feats_list="mfcc tiny_hubert hubert_pretrained"
taus_mfcc="5 10 20 40 80 160"
taus_tiny_hubert="0.5 1 2 4 8 16"
asr_units_config=conf/train_asr_units.yaml
asr_continuous_config=conf/train_asr_continuous.yaml
asr_args=
inference_args="--beam_size 10 --ctc_weight 0.3"
shared_root=${SOFTASSIGN_SHARED:-../../../../shared/data}  # real speech for the benchmark, when present
hubert_pretrain_opts=
taus_hubert_pretrained="0.1 0.3 1 3 10"  # posterior perplexity 1.03-12 on the ci-size HuBERT (2026-12-02)
asr2_config=conf/train_asr2_ci.yaml
asr2_src_nbpe=300
systems="hard soft continuous espnet_asr2"
inference_model=valid.acc.ave.pth
