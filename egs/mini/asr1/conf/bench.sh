# shellcheck shell=bash disable=SC2034  # settings read by run.sh
# Benchmark size (tools/benchmark.sh): 8000 synthetic training utterances of 8000 sentences plus, where the shared
# data dir is present, real speech (the Asterisk prompts test_real does not hold, the ARCTIC takes real_kathleen
# does not hold), also speed-perturbed, in train_all; 200 utterances a synthetic test set. Units of the recipe's own
# HuBERT (the headline: pretrained here 14000 steps on the MFCC units, K=100 as in HuBERT's first iteration; its
# layer 1) and MFCC units alongside. conf/bench_short.sh is the bench as first run (6000 steps, layer 3, no
# perturbation).
nj=2
decode_nj=2
num_clusters=512
feats_list="mfcc hubert_pretrained_l1"
taus="10 30 60 100 200 300 600 1000"     # MFCC: posterior perplexity ~1.0 to >8 on train_all (2026-12-04);
# steps of about 2x where the best taus of the earlier runs lay, so that a growth of the best tau shows
# (the paper: about 8 in-domain, larger out of domain)
asr_units_config=conf/train_asr_units_bench.yaml
asr_continuous_config=conf/train_asr_continuous_bench.yaml
# every feature type of the recipe's own HuBERT (50 Hz, 192 dims; any layer, any iteration): its tau grid (layer 3:
# posterior perplexity 1.2 / 2 / 4 / 8 at tau 1.2 / 3.9 / 7.7 / 12.6), models that subsample 2x, not 3x, and
# every set's features stored once: the continuous model reads them instead of running the HuBERT on its
# training audio in every epoch
for hubert in hubert_pretrained hubert_pretrained_l1 hubert_iter2; do
  printf -v "taus_${hubert}" '%s' "0.3 1 3 6 10 15 20 30"
  printf -v "dump_feats_${hubert}" '%s' all
  printf -v "asr_units_config_${hubert}" '%s' conf/train_asr_units_bench_hubert.yaml
  printf -v "asr_continuous_config_${hubert}" '%s' conf/train_asr_continuous_bench_hubert.yaml
done
asr_args=
inference_args="--search greedy_ctc"  # the best CTC path (the models are trained with CTC alone)
inference_model=valid.loss.ave.pth
train_set=train_all
# real speech to train and test on, from the project's shared data dir when present
local_data_opts="--shared_root ${SOFTASSIGN_SHARED:-../../../../shared/data} --kathleen_utts 200 --real_train true"
local_data_opts+=" --real_speed_perturb 0.9,1.1"  # the real training speech also at 0.9x and 1.1x speed
hubert_target_clusters=100
hubert_pretrain_opts="--max_steps 14000"
token_type=char
nbpe=  # BPE size (token_type bpe)
asr2_config=conf/train_asr2_ci.yaml
asr2_src_nbpe=300
train_side_by_side=true  # the hard-unit, continuous (and asr2) models train at the same time, one core each
systems="hard soft continuous"
