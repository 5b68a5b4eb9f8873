#!/usr/bin/env bash
# LibriSpeech: discrete units of WavLM Large layer 21 (k-means on 10 h of the training set), ESPnet
# E-Branchformer CTC/attention ASR on the hard unit ids, decoded with hard and soft assignment
# (tau grid) and against the same model on the continuous features. Set LIBRISPEECH in db.sh.
#     ./run.sh [--feats wavlm_large_l21|hubert_large_l21] [--num_clusters 128|1024|4096]
#              [--train_set train_clean_100|train_960] [asr.sh options...]
# e.g. ./run.sh --num_clusters 4096 --stop_stage 4, or ./run.sh --train_set train_960 --ngpu 4; on a cluster,
# --train_side_by_side true submits the hard-unit, continuous and asr2 trainings at once (a GPU job each).
# Outputs: exp/results_<feats>_k<K>/results.{tsv,md} and ESPnet-style RESULTS.md (asr.sh stage 10).
set -euo pipefail

feats=wavlm_large_l21      # conf/feats/<feats>.yaml
num_clusters=1024          # K
train_set=train_clean_100  # train_clean_100 (100 h) or train_960 (960 h)
asr_opts=()
while (($#)); do
  case $1 in
    --feats | --num_clusters | --train_set)
      printf -v "${1#--}" '%s' "${2:?$1 needs a value}"
      shift 2
      ;;
    *)
      asr_opts+=("$1")
      shift
      ;;
  esac
done

# k-means on about 10 h (ESPnet's asr2 uses 10 % of train-clean-100): the only features stored, 3.7 GB in
# float16 for WavLM Large (tools/storage_report.sh); unit ids of every set are computed from the audio.
case ${train_set} in
  train_clean_100) km_portion=0.1 ;;
  train_960) km_portion=0.01 ;;
  *)
    echo "$0: --train_set must be train_clean_100 or train_960, not ${train_set}" >&2
    exit 2
    ;;
esac

./asr.sh \
  --local_data_opts "--train_set ${train_set}" \
  --train_set "${train_set}" --valid_set dev \
  --test_sets "dev_clean dev_other test_clean test_other" \
  --feats_conf "conf/feats/${feats}.yaml" \
  --num_clusters "${num_clusters}" --km_portion "${km_portion}" \
  --token_type bpe --nbpe 5000 \
  --asr_units_config conf/train_asr_units_ebranchformer.yaml \
  --asr_continuous_config conf/train_asr_continuous_ebranchformer.yaml \
  --asr2_config conf/train_asr2_ebranchformer.yaml --asr2_src_nbpe 6000 \
  --inference_args "--beam_size 20 --ctc_weight 0.3" \
  --taus "2 4 8 16 32" \
  --nj 32 --decode_nj 32 --ngpu 1 \
  "${asr_opts[@]}"
