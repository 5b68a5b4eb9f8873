#!/usr/bin/env bash
# Mini recipe: a synthetic multi-voice English corpus made on this machine (no downloads), units
# from MFCC and from a tiny random HuBERT, ESPnet CTC/attention ASR on hard ids, decoded hard,
# soft and continuous. `./run.sh [--size ci|small|bench] [asr.sh options...]`
#   ci:    minutes on 2 CPU cores (the CI test and `tools/demo.sh`)
#   small: MFCC units, 1000 training utterances (about an hour on 2 CPU cores)
#   bench: a larger corpus and longer training, for benchmarks
set -euo pipefail

size=ci
if [[ ${1:-} == --size ]]; then
  size=$2
  shift 2
fi
# shellcheck source=conf/ci.sh
. "conf/${size}.sh" # sets: nj decode_nj num_clusters feats_list taus_<feats> asr_*_config asr_args inference_args
#       train_set local_data_opts hubert_pretrain_opts asr2_config asr2_src_nbpe systems inference_model
# shellcheck source=path.sh
. ./path.sh
# shellcheck source=cmd.sh
. ./cmd.sh
# shellcheck source=scripts/stage_lib.sh
. scripts/stage_lib.sh
acquire_run_lock exp/.run.lock # one lock for all the asr.sh runs below

./asr.sh --stop_stage 1 --local_data_opts "--size ${size} --nj ${nj}${local_data_opts:+ ${local_data_opts}}" \
  --train_set "${train_set}" --valid_set dev --test_sets "test_in test_voice test_accent"
# test_real exists only where Debian's asterisk-core-sounds-en packages are installed, real_* only with the
# project's shared data dir
test_sets=
for set in test_in test_voice test_accent test_real real_kathleen real_ljspeech; do
  [[ -d data/${set} ]] && test_sets+=" ${set}"
done

for feats in ${feats_list}; do
  taus_var=taus_${feats}
  if [[ ${feats} == hubert_pretrained ]]; then
    # HuBERT's first iteration: masked prediction of the MFCC units of the train set (stages 2-4)
    ./asr.sh --stage 2 --stop_stage 4 --train_set "${train_set}" --valid_set dev --test_sets "${test_sets}" \
      --feats_conf conf/feats/mfcc.yaml --num_clusters "${num_clusters}" --km_portion 1.0 --nj "${nj}"
    # shellcheck disable=SC2086  # options are words
    local/pretrain_hubert.sh --data_dir "data/${train_set}" --num_clusters "${num_clusters}" ${hubert_pretrain_opts}
  fi
  ./asr.sh --stage 2 \
    --train_set "${train_set}" --valid_set dev --test_sets "${test_sets}" \
    --feats_conf "conf/feats/${feats}.yaml" \
    --num_clusters "${num_clusters}" --km_portion 1.0 \
    --nj "${nj}" --decode_nj "${decode_nj}" \
    --taus "${!taus_var}" \
    --asr_units_config "${asr_units_config}" --asr_continuous_config "${asr_continuous_config}" \
    --asr2_config "${asr2_config}" --asr2_src_nbpe "${asr2_src_nbpe}" --systems "${systems}" \
    --asr_args "${asr_args}" --inference_args "${inference_args}" --inference_model "${inference_model}" \
    "$@"
  results=exp/results_${feats}_k${num_clusters}
  if [[ -f ${results}/results.tsv ]]; then # the published claims, decided by the results' intervals
    read -ra shifted <<<"${test_sets/test_in/}"
    python -m softassign.bin.check_claims --results "${results}/results.tsv" --in_domain test_in \
      --shifted "${shifted[@]}" --non_native test_accent --out "${results}/claims.md"
  fi
done
