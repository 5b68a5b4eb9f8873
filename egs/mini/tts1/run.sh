#!/usr/bin/env bash
# Mini synthesis recipe: one synthetic voice (flite_slt) is the target; a tiny HiFi-GAN unit vocoder
# learns it from MFCC k-means ids, then converts unseen sentences of the same voice (test_in), of
# held-out voices (test_voice) and of accented speech (test_accent) into it, hard and soft. All three
# have parallel references in the target voice (MCD, log-F0 RMSE); WER/CER use the mini asr1 model
# when it has been trained (../asr1/run.sh), and its k-means is reused when its K matches.
#     ./run.sh [--size tiny|ci|bench] [tts.sh options...]
#   tiny:  seconds, for the tests;  ci: minutes on 2 CPU cores;  bench: a larger corpus, longer training
# Outputs: exp/results_vocoder_mfcc_k<K>/results.{tsv,md} and exp/vocoder_mfcc_k<K>/samples/.
set -euo pipefail

size=ci
if [[ ${1:-} == --size ]]; then
  size=$2
  shift 2
fi
# shellcheck source=conf/ci.sh
. "conf/${size}.sh" # sets: nj num_clusters taus vocoder_config vocoder_args

asr1=../asr1
# A setting of mini asr1's conf of this size: its continuous model of this size recognises the synthesised
# speech, with that size's checkpoint (inference_model) and decoding (inference_args).
asr1_setting() {
  # shellcheck disable=SC2016  # expanded by the inner shell, which keeps asr1's settings apart from ours
  bash -c '. "$1" && echo "${!2}"' asr1_setting "${asr1}/conf/${size}.sh" "$1"
}
km_opts=()
if [[ -f ${asr1}/exp/kmeans_mfcc_k${num_clusters}/.done ]]; then
  km_opts=(--km_dir "${asr1}/exp/kmeans_mfcc_k${num_clusters}")
fi
asr_opts=()
if [[ -f ${asr1}/exp/asr_mfcc_continuous/.done ]]; then
  asr_opts=(--asr_exp "${asr1}/exp/asr_mfcc_continuous" --asr_model "$(asr1_setting inference_model)"
    --asr_inference_args "$(asr1_setting inference_args)")
else
  echo "$0: no ${asr1}/exp/asr_mfcc_continuous (run ../asr1/run.sh --size ${size} first):" \
    "intelligibility (WER/CER) is not measured" >&2
fi

./tts.sh \
  --local_data_opts "--size ${size} --nj ${nj}" \
  --train_set train --test_sets "test_in test_voice test_accent" \
  --feats_conf conf/feats/mfcc.yaml --num_clusters "${num_clusters}" "${km_opts[@]}" \
  --vocoder_config "${vocoder_config}" --vocoder_args "${vocoder_args}" \
  --taus "${taus}" --nj "${nj}" --decode_nj "${nj}" \
  "${asr_opts[@]}" "$@"
