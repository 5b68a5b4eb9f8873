#!/usr/bin/env bash
# L2-ARCTIC (non-native English, 24 speakers, 6 native languages) decoded WITHOUT retraining by the
# models of the LibriSpeech recipe (its centroids and its hard-unit and continuous ASR models): hard,
# soft (tau grid) and continuous. Set L2ARCTIC in db.sh; run egs/librispeech/asr1 first.
#     ./run.sh [--librispeech ../../librispeech/asr1] [--feats wavlm_large_l21] [--num_clusters 1024]
#              [--stage 1] [--stop_stage 11] [asr.sh options...]
# (local/data.sh options go in --local_data_opts, e.g. "--set l2arctic --speakers ABA,BWC").
# Stages: asr.sh 1-4 (data, unit ids of the LibriSpeech centroids; its k-means stages find them done),
# asr.sh 9-10 (decoding into exp/asr*_*/decode_<eval_set>_*, overall WER -> exp/results_<feats>_k<K>/), and
#  11 WER per native language and per speaker -> exp/results_<feats>_k<K>_by_{l1,speaker}/
set -euo pipefail

librispeech=../../librispeech/asr1  # the LibriSpeech recipe dir whose models decode
feats=wavlm_large_l21               # its conf/feats/<feats>.yaml
num_clusters=1024                   # its K
systems="hard soft continuous espnet_asr2"  # which of its models decode (asr.sh --systems)
stage=1
stop_stage=11
eval_set=l2arctic                   # data/<eval_set>
asr_opts=()
while (($#)); do
  case $1 in
    --librispeech | --feats | --num_clusters | --systems | --stage | --stop_stage | --eval_set)
      printf -v "${1#--}" '%s' "${2:?$1 needs a value}"
      shift 2
      ;;
    *)
      asr_opts+=("$1")
      shift
      ;;
  esac
done

# shellcheck source=path.sh
. ./path.sh

log() { echo "$(date '+%Y-%m-%dT%H:%M:%S') (${0##*/}) $*" >&2; }
# Fail unless the LibriSpeech recipe finished the artefact in dir $1 (asr.sh marks it with .done).
require_done() {
  if [[ ! -f $1/.done ]]; then
    echo "$0: $1 is not done: run the LibriSpeech recipe (${librispeech}/run.sh --feats ${feats}" \
      "--num_clusters ${num_clusters}) first" >&2
    exit 1
  fi
}

# The LibriSpeech artefacts, named as asr.sh names them (absolute: this recipe runs elsewhere).
ls_exp=$(cd "${librispeech}" && pwd)/exp
units_tag=${feats}_k${num_clusters}
km_dir=${ls_exp}/kmeans_${units_tag}
units_exp=${ls_exp}/asr_${units_tag}
cont_exp=${ls_exp}/asr_${feats}_continuous
asr2_exp=${ls_exp}/asr2_${units_tag}
tau_calibration=${units_exp}/tau_calibration.json # the LibriSpeech dev set's best grid tau (label-free tau)
asr_opts=(
  --train_set "" --valid_set "" --test_sets "${eval_set}" --local_data_opts "--set ${eval_set}"
  --feats_conf "${librispeech}/conf/feats/${feats}.yaml"
  --systems "${systems}" --num_clusters "${num_clusters}"
  --km_dir "${km_dir}" --units_exp "${units_exp}" --cont_exp "${cont_exp}" --asr2_exp "${asr2_exp}"
  --tau_calibration "${tau_calibration}"
  --inference_args "--beam_size 20 --ctc_weight 0.3" --taus "2 4 8 16 32"
  --nj 32 --decode_nj 32
  "${asr_opts[@]}"
)

if ((stage <= 4 && stop_stage >= 1)); then
  require_done "${km_dir}"
  ./asr.sh "${asr_opts[@]}" --stage "${stage}" --stop_stage "$((stop_stage < 4 ? stop_stage : 4))"
fi

if ((stage <= 10 && stop_stage >= 9)); then
  if [[ " ${systems} " == *" hard "* || " ${systems} " == *" soft "* ]]; then
    require_done "${units_exp}"
  fi
  if [[ " ${systems} " == *" continuous "* ]]; then
    require_done "${cont_exp}"
  fi
  if [[ " ${systems} " == *" espnet_asr2 "* ]]; then
    require_done "${asr2_exp}"
  fi
  ./asr.sh "${asr_opts[@]}" --stage "$((stage > 9 ? stage : 9))" --stop_stage "$((stop_stage < 10 ? stop_stage : 10))"
fi

if ((stage <= 11 && stop_stage >= 11)); then
  decode_dirs=()
  for dir in "exp/asr_${units_tag}/decode_${eval_set}_"* "exp/asr_${feats}_continuous/decode_${eval_set}_"* \
    "exp/asr2_${units_tag}/decode_${eval_set}_"*; do
    if [[ -f ${dir}/result.tsv ]]; then
      decode_dirs+=("${dir}")
    fi
  done
  if ((${#decode_dirs[@]} == 0)); then
    echo "$0: no scored decode dirs exp/asr*_*/decode_${eval_set}_*: run stages 9-10 first" >&2
    exit 1
  fi
  for table in utt2lang:l1 utt2spk:speaker; do
    column=${table#*:}
    log "stage 11: WER per ${column} -> exp/results_${units_tag}_by_${column}"
    python -m softassign.bin.score_groups --ref "data/${eval_set}/text" --utt2group "data/${eval_set}/${table%%:*}" \
      --group_column "${column}" --out_dir "exp/results_${units_tag}_by_${column}" \
      --title "${units_tag} on ${eval_set}, by ${column}" "${decode_dirs[@]}"
  done
fi
