#!/usr/bin/env bash
# Mini recipe: a synthetic multi-voice English corpus made on this machine (no downloads), units
# from MFCC and from the recipe's own HuBERT, ESPnet ASR on hard ids, decoded hard, soft and
# continuous. `./run.sh [--size <a conf/NAME.sh>] [asr.sh options...]`, the sizes:
#   tiny:  seconds a stage (the test suite)
#   ci:    the demo (`tools/demo.sh`): MFCC units, 15-20 minutes on 2 CPU cores
#   small: MFCC units, 1000 training utterances (about an hour on 2 CPU cores)
#   bench: MFCC and own-HuBERT units, 8000 synthetic utterances plus real speech (tools/benchmark.sh)
#   bench_mfcc_half: the bench with MFCC units only (same corpus and dirs; a later --size bench adds the HuBERT half)
#   bench_short: the bench as first run: HuBERT pretrained 6000 steps, no speed perturbation (EXPERIMENTS.md)
#   bench_iter2: the bench corpus with units of HuBERT's second iteration (an experiment: EXPERIMENTS.md)
#   bench_long: layer 1 of the first iteration pretrained 14000 steps instead of 6000 (an experiment: EXPERIMENTS.md)
#   bench_real_sp: the real training speech speed-perturbed, MFCC units and features (an experiment: EXPERIMENTS.md)
set -euo pipefail

size=ci
if [[ ${1:-} == --size ]]; then
  size=$2
  shift 2
fi
# Settings of every size (conf/<size>.sh): nj decode_nj num_clusters feats_list taus asr_units_config
# asr_continuous_config asr_args inference_args train_set local_data_opts token_type nbpe hubert_target_clusters
# hubert_pretrain_opts asr2_config asr2_src_nbpe train_side_by_side systems inference_model, and optionally
# dump_feats (asr.sh's --dump_feats; default kmeans) and corpus_size (the local/data.sh size of the corpus: tiny,
# ci, small or bench; default: the size's own name, so a conf of one's own can source a size conf and change what
# it needs); a setting <name>_<feats> (taus_mfcc, asr_units_config_hubert_pretrained, dump_feats_hubert_iter2, ...)
# overrides <name> for that feature type.
corpus_size=${size}
# shellcheck disable=SC2034  # read by for_feats
dump_feats=kmeans
# shellcheck source=conf/ci.sh
. "conf/${size}.sh"
# shellcheck source=path.sh
. ./path.sh
# shellcheck source=cmd.sh
. ./cmd.sh
# shellcheck source=scripts/stage_lib.sh
. scripts/stage_lib.sh
acquire_run_lock exp/.run.lock # one lock for all the asr.sh runs below

# The stage range of the asr.sh options: stage 1 and HuBERT's pretraining (part of stage 2) run only inside it,
# and each asr.sh run below gets its own part of it; asr_opts: the other asr.sh options, passed to every feature
# type's run.
stage=1
stop_stage=100
expdir=exp # asr.sh's exp dir (its results are checked against the published claims below)
asr_opts=()
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case ${args[i]} in
    --stage) stage=${args[i + 1]} && i=$((i + 1)) ;;
    --stop_stage) stop_stage=${args[i + 1]} && i=$((i + 1)) ;;
    --expdir) expdir=${args[i + 1]} && asr_opts+=("${args[@]:i:2}") && i=$((i + 1)) ;;
    *) asr_opts+=("${args[i]}") ;;
  esac
done

if in_stages 1 "${stage}" "${stop_stage}"; then
  ./asr.sh --stop_stage 1 --local_data_opts "--size ${corpus_size} --nj ${nj}${local_data_opts:+ ${local_data_opts}}" \
    --train_set "${train_set}" --valid_set dev --test_sets "test_in test_voice test_accent"
fi
# test_real exists only where Debian's asterisk-core-sounds-en packages are installed, real_* only with the
# project's shared data dir
test_sets=
for set in test_in test_voice test_accent test_real real_kathleen real_ljspeech; do
  [[ -d data/${set} ]] && test_sets+=" ${set}"
done

# The SSL models the recipe pretrains itself, HuBERT's iterations (part of stage 2). hubert_dir: the feature
# types that read one (any of its layers: conf/feats/<type>.yaml) -> its pretraining dir, the checkpoint's dir;
# hubert_targets: that dir -> the feature type whose k-means ids of the train set the model learns to predict (K:
# hubert_target_clusters, or hubert_target_clusters_<type> of the feature type pretrained); target_stride: the
# stride that brings those ids to the model's 50 frames a second.
declare -A hubert_dir=([hubert_pretrained]=exp/hubert_pretrain [hubert_pretrained_l1]=exp/hubert_pretrain
  [hubert_iter2]=exp/hubert_pretrain_iter2)
declare -A hubert_targets=([exp/hubert_pretrain]=mfcc [exp/hubert_pretrain_iter2]=hubert_pretrained)
declare -A target_stride=([mfcc]=2 [hubert_pretrained]=1)

# prepare_targets <feats>: the units its model learns to predict, stages 2-4 of their feature type (after
# pretraining that type's model first where the recipe pretrains it too)
prepare_targets() {
  local out=${hubert_dir[$1]}
  local targets=${hubert_targets[${out}]}
  if [[ -v hubert_dir[${targets}] ]]; then
    pretrain_hubert "${targets}"
  fi
  ./asr.sh --stage 2 --stop_stage 4 --train_set "${train_set}" --valid_set dev --test_sets "" \
    --feats_conf "conf/feats/${targets}.yaml" --num_clusters "$(for_feats hubert_target_clusters "$1")" \
    --dump_feats "$(for_feats dump_feats "${targets}")" --km_portion 1.0 --nj "${nj}"
}

# run_pretraining <feats>: the masked-prediction pretraining of its model on those units (one CPU core)
run_pretraining() {
  local out=${hubert_dir[$1]}
  local targets=${hubert_targets[${out}]}
  local clusters
  clusters=$(for_feats hubert_target_clusters "$1")
  # shellcheck disable=SC2086  # options are words
  local/pretrain_hubert.sh --data_dir "data/${train_set}" --num_clusters "${clusters}" \
    --units_scp "dump/${targets}_k${clusters}/${train_set}/units.scp" --units_stride "${target_stride[${targets}]}" \
    --out_dir "${out}" ${hubert_pretrain_opts}
}

# The pretraining of a first iteration (targets from MFCC) starts in the background before the loop below, so
# that it runs beside the stages of the feature types listed before its own (the MFCC units' models at the bench
# size); background: its pretraining dir -> the pid. A run that stops on an error waits for it (EXIT trap), an
# interrupted one (Ctrl-C, kill) stops it and every other job of its process group: no job is left running, and
# the checkpoints written let a rerun resume.
declare -A background=()

# start_pretraining <feats>: for a first iteration, its targets now and its pretraining in the background
start_pretraining() {
  local out=${hubert_dir[$1]}
  [[ -v background[${out}] || -v hubert_dir[${hubert_targets[${out}]}] ]] && return 0
  prepare_targets "$1"
  log "pretraining ${out} in the background (log: ${out}/log/pretrain.log)"
  run_pretraining "$1" &
  background[${out}]=$!
}

# pretrain_hubert <feats>: the model it reads, pretrained: waits for a pretraining started in the background
# (and fails if that failed), else makes the targets and pretrains (both skipped where their records are current)
pretrain_hubert() {
  local out=${hubert_dir[$1]}
  if [[ -v background[${out}] ]]; then
    local pid=${background[${out}]}
    unset "background[${out}]"
    log "waiting for the pretraining of ${out} (log: ${out}/log/pretrain.log)"
    if ! wait "${pid}"; then
      log "error: the pretraining of ${out} failed (log: ${out}/log/pretrain.log)"
      return 1
    fi
    return 0
  fi
  prepare_targets "$1"
  run_pretraining "$1"
}

# wait_background: on exit, wait for the pretrainings still running in the background
wait_background() {
  ((${#background[@]})) || return 0
  log "waiting for the pretraining still running in the background: ${!background[*]}"
  wait
}
trap wait_background EXIT
trap 'trap - INT TERM EXIT; kill -TERM 0' INT TERM

if in_stages 2 "${stage}" "${stop_stage}"; then
  for feats in ${feats_list}; do
    if [[ -v hubert_dir[${feats}] ]]; then
      start_pretraining "${feats}"
    fi
  done
fi

# the feature types' stages (2 on) from the first of them in the range
((stop_stage >= 2)) || exit 0
feats_stage=$((stage > 2 ? stage : 2))
for feats in ${feats_list}; do
  if [[ -v hubert_dir[${feats}] ]] && in_stages 2 "${stage}" "${stop_stage}"; then
    pretrain_hubert "${feats}"
  fi
  ./asr.sh --stage "${feats_stage}" --stop_stage "${stop_stage}" \
    --train_set "${train_set}" --valid_set dev --test_sets "${test_sets}" \
    --feats_conf "conf/feats/${feats}.yaml" --dump_feats "$(for_feats dump_feats "${feats}")" \
    --num_clusters "${num_clusters}" --km_portion 1.0 \
    --nj "${nj}" --decode_nj "${decode_nj}" --token_type "${token_type}" --nbpe "${nbpe}" \
    --taus "$(for_feats taus "${feats}")" \
    --asr_units_config "$(for_feats asr_units_config "${feats}")" \
    --asr_continuous_config "$(for_feats asr_continuous_config "${feats}")" \
    --asr2_config "${asr2_config}" --asr2_src_nbpe "${asr2_src_nbpe}" --systems "${systems}" \
    --train_side_by_side "${train_side_by_side}" \
    --asr_args "${asr_args}" --inference_args "${inference_args}" --inference_model "${inference_model}" \
    "${asr_opts[@]}"
  results=${expdir}/results_${feats}_k${num_clusters}
  if [[ -f ${results}/results.tsv ]]; then # the published claims, decided by the results' intervals
    read -ra shifted <<<"${test_sets/test_in/}"
    python -m softassign.bin.check_claims --results "${results}/results.tsv" --in_domain test_in \
      --shifted "${shifted[@]}" --non_native test_accent --out "${results}/claims.md"
  fi
done
