#!/usr/bin/env bash
# The shared stage script of every softassign ASR recipe (egs/<corpus>/asr1/run.sh calls it).
#
# Discrete units = k-means ids of one feature layer. The ASR model is trained on hard ids and
# decoded with hard or soft assignment; the continuous-feature baseline uses the same layer.
#
#  1 data       local/data.sh makes Kaldi data dirs in data/
#  2 features   dump the feature layer of every set            -> dump/<feats>/<set>/feats.scp
#  3 kmeans     learn centroids on a portion of the train set  -> exp/kmeans_<units>/centroids.npy
#  4 units      dump hard unit ids of every set                -> dump/<units>/<set>/units.scp
#  5 tokens     token list (char, or BPE with sentencepiece)   -> data/token_list/<type>/
#  6 train      ESPnet ASR on hard unit ids                    -> exp/asr_<units>/
#  7 train_cont ESPnet ASR on the continuous features          -> exp/asr_<feats>_continuous/
#  8 decode     hard, soft (tau grid) and continuous decoding  -> exp/asr_*/decode_<set>_<system>/
#  9 score      WER/CER per set and system; results.{tsv,md}   -> exp/results_<units>/
#
# Every stage is resumable: finished outputs carry a .done marker and are skipped on rerun;
# parallel stages shard JOB=1:nj through ${train_cmd}/${cuda_cmd} (cmd.sh), logs under */log/.
set -euo pipefail


# ---- options (override with --name value) ----
stage=1                 # first stage to run
stop_stage=100          # last stage to run
nj=4                    # shards for feature/unit dumping
decode_nj=4             # shards for decoding
ngpu=0                  # GPUs for training (ESPnet's launcher handles several)
num_nodes=1             # nodes for training
device=cpu              # torch device for feature extraction and decoding (cpu, cuda)
local_data_opts=        # options passed to local/data.sh
train_set=train         # training set (data/<train_set>)
valid_set=dev           # validation set
test_sets="test"        # space-separated evaluation sets
feats_conf=conf/feats/mfcc.yaml    # feature reader: {type: mfcc|fbank|ssl, ...}
num_clusters=128        # K
km_portion=1.0          # fraction of train utterances used for k-means
km_seed=0               # seed of the portion, the k-means++ sample and init
km_max_iter=20          # Lloyd passes
token_type=char         # char or bpe
nbpe=5000               # BPE vocabulary size (token_type=bpe)
asr_units_config=conf/train_asr_units.yaml            # ESPnet config, hard-unit model
asr_continuous_config=conf/train_asr_continuous.yaml  # ESPnet config, continuous baseline
asr_args=               # extra options for ESPnet training (both models)
feats_normalize=global_mvn  # normalisation of the continuous baseline's input (stats from collect-stats)
inference_model=valid.acc.ave.pth  # checkpoint of the exp dir used for decoding
inference_args="--beam_size 10 --ctc_weight 0.3"      # beam search options of asr_inference
systems="hard soft continuous"  # what to train/decode
taus="4 8 16"           # soft-assignment temperatures
topk=0                  # keep only the top-k posteriors (0: all)
label_free_tau=true     # also decode soft with tau picked from each test set's unlabelled features
tau_perplexity=2        # ... the tau at which p(k|x) spreads over this many clusters on average
dumpdir=dump
expdir=exp
# Trained artefacts; empty = this recipe's own. Point them at another recipe's to decode
# without retraining (e.g. egs/l2arctic with the LibriSpeech models).
km_dir=                 # k-means dir (centroids.npy)
token_dir=              # token list dir (tokens.txt, bpe.model)
units_exp=              # hard-unit ASR exp dir
cont_exp=               # continuous ASR exp dir
help_message="Usage: $0 [--stage N] [--stop_stage N] [--feats_conf conf/feats/X.yaml] [--num_clusters K] ..."

# shellcheck source=scripts/parse_options.sh
. scripts/parse_options.sh
# shellcheck source=path.sh
. ./path.sh
# shellcheck source=cmd.sh
. ./cmd.sh
# shellcheck source=scripts/stage_lib.sh
. scripts/stage_lib.sh

feats_tag=$(basename "${feats_conf}" .yaml)
units_tag=${feats_tag}_k${num_clusters}
feats_root=${dumpdir}/${feats_tag}
units_root=${dumpdir}/${units_tag}
km_dir=${km_dir:-${expdir}/kmeans_${units_tag}}
token_dir=${token_dir:-data/token_list/${token_type}}
units_exp=${units_exp:-${expdir}/asr_${units_tag}}
cont_exp=${cont_exp:-${expdir}/asr_${feats_tag}_continuous}
# Absolute paths: ESPnet's config.yaml keeps them, so other recipes can load the models.
km_dir=$(realpath -m "${km_dir}")
token_dir=$(realpath -m "${token_dir}")
units_exp=$(realpath -m "${units_exp}")
cont_exp=$(realpath -m "${cont_exp}")
results_dir=${expdir}/results_${units_tag}
# Decoding output goes under this recipe's exp dir, also for models trained elsewhere.
units_dec=${expdir}/$(basename "${units_exp}")
cont_dec=${expdir}/$(basename "${cont_exp}")
all_sets="${train_set} ${valid_set} ${test_sets}"


# ---- stage functions ----

stage_features() {
  local set
  for set in ${all_sets}; do
    dump_feats "data/${set}" "${feats_conf}" "${feats_root}/${set}"
  done
}

stage_kmeans() {
  learn_centroids "${feats_root}/${train_set}/feats.scp" "${km_dir}"
}

stage_units() {
  local set
  for set in ${all_sets}; do
    dump_unit_ids "${feats_root}/${set}/feats.scp" "${km_dir}/centroids.npy" "${units_root}/${set}"
  done
}

stage_tokens() {
  is_done "${token_dir}" && return 0
  log "stage 5: ${token_type} token list from data/${train_set}/text -> ${token_dir}"
  python -m softassign.bin.make_token_list --text "data/${train_set}/text" --token_type "${token_type}" \
    --nbpe "${nbpe}" --out_dir "${token_dir}"
  mark_done "${token_dir}"
}

# ESPnet data options of a model trained on <train_scp> (validated on <valid_scp>), into array <name>.
#   espnet_data_opts <name> <train_scp> <valid_scp>
espnet_data_opts() {
  local -n _opts=$1
  _opts=(
    --use_preprocessor true --token_type "${token_type}" --token_list "${token_dir}/tokens.txt"
    --train_data_path_and_name_and_type "$2,speech,kaldi_ark"
    --train_data_path_and_name_and_type "data/${train_set}/text,text,text"
    --valid_data_path_and_name_and_type "$3,speech,kaldi_ark"
    --valid_data_path_and_name_and_type "data/${valid_set}/text,text,text"
  )
  [[ ${token_type} == bpe ]] && _opts+=(--bpemodel "${token_dir}/bpe.model")
  return 0
}

# ESPnet's collect-stats pass (shape files, feature mean/variance) into <exp>/stats.
#   collect_stats <exp> <config> <train_scp> <valid_scp> [ESPnet options...]
collect_stats() {
  local exp=$1 config=$2 train_scp=$3 valid_scp=$4 stats=$1/stats data_opts
  espnet_data_opts data_opts "${train_scp}" "${valid_scp}"
  shift 4
  is_done "${stats}" && return 0
  mkdir -p "${stats}/log"
  "${train_launcher[@]}" "${stats}/log/collect_stats.log" \
    python -m softassign.bin.asr_train --collect_stats true --config "${config}" "${data_opts[@]}" "$@" \
    --train_shape_file "${train_scp}" --valid_shape_file "${valid_scp}" --output_dir "${stats}"
  mark_done "${stats}"
}

# Train one model with ESPnet's launcher (several GPUs/nodes), resuming an interrupted run.
#   train_model <exp> <config> <train_scp> <valid_scp> [ESPnet options...]
train_model() {
  local exp=$1 config=$2 stats=$1/stats data_opts extra
  espnet_data_opts data_opts "$3" "$4"
  shift 4
  is_done "${exp}" && return 0
  read -ra extra <<<"${asr_args}"
  python -m espnet2.bin.launch --cmd "${cuda_cmd}" --log "${exp}/train.log" --ngpu "${ngpu}" \
    --num_nodes "${num_nodes}" --init_file_prefix "${exp}/.dist_init_" --multiprocessing_distributed true -- \
    python -m softassign.bin.asr_train --config "${config}" "${data_opts[@]}" "$@" \
    --train_shape_file "${stats}/train/speech_shape" --train_shape_file "${stats}/train/text_shape" \
    --valid_shape_file "${stats}/valid/speech_shape" --valid_shape_file "${stats}/valid/text_shape" \
    --resume true --output_dir "${exp}" "${extra[@]}"
  mark_done "${exp}"
}

stage_train_units() {
  want hard || want soft || return 0
  log "stage 6: ESPnet ASR on ${units_tag} unit ids -> ${units_exp}"
  local train_scp=${units_root}/${train_set}/units.scp valid_scp=${units_root}/${valid_set}/units.scp
  local unit_opts=(--frontend_conf num_units="${num_clusters}" --frontend_conf centroids="${km_dir}/centroids.npy")
  collect_stats "${units_exp}" "${asr_units_config}" "${train_scp}" "${valid_scp}" "${unit_opts[@]}"
  train_model "${units_exp}" "${asr_units_config}" "${train_scp}" "${valid_scp}" "${unit_opts[@]}"
}

stage_train_continuous() {
  want continuous || return 0
  log "stage 7: ESPnet ASR on ${feats_tag} features -> ${cont_exp}"
  local train_scp=${feats_root}/${train_set}/feats.scp valid_scp=${feats_root}/${valid_set}/feats.scp
  local cont_opts=(--input_size "$(<"${feats_root}/${train_set}/feats_dim")")
  collect_stats "${cont_exp}" "${asr_continuous_config}" "${train_scp}" "${valid_scp}" "${cont_opts[@]}"
  train_model "${cont_exp}" "${asr_continuous_config}" "${train_scp}" "${valid_scp}" "${cont_opts[@]}" \
    --normalize "${feats_normalize}" --normalize_conf stats_file="${cont_exp}/stats/train/feats_stats.npz"
}

# Pick the label-free tau of every test set that has none yet, from its unlabelled features,
# into <units_dec>/label_free_tau_<set>.txt (one process for all sets).
select_label_free_taus() {
  local set pairs=()
  for set in ${test_sets}; do
    [[ -f ${units_dec}/label_free_tau_${set}.txt ]] ||
      pairs+=("${feats_root}/${set}/feats.scp:${units_dec}/label_free_tau_${set}.txt")
  done
  ((${#pairs[@]})) || return 0
  log "stage 8: label-free tau (perplexity ${tau_perplexity}) for ${#pairs[@]} test set(s)"
  python -m softassign.bin.select_tau --centroids "${km_dir}/centroids.npy" \
    --target_perplexity "${tau_perplexity}" --topk "${topk}" "${pairs[@]}"
}

stage_decode() {
  local set tau opts units_plan=${units_dec}/decode_plan.tsv cont_plan=${cont_dec}/decode_plan.tsv
  mkdir -p "${units_dec}" "${cont_dec}"
  rm -f "${units_plan}" "${cont_plan}"
  if want soft && [[ ${label_free_tau} == true ]]; then
    select_label_free_taus
  fi
  for set in ${test_sets}; do
    if want hard; then
      plan_task "${units_plan}" "${units_dec}/decode_${set}_hard" units "${units_root}/${set}/units.scp"
    fi
    if want soft; then
      for tau in ${taus}; do
        plan_task "${units_plan}" "${units_dec}/decode_${set}_soft_tau${tau}" feats "${feats_root}/${set}/feats.scp" \
          soft "${tau}"
      done
    fi
    if want soft && [[ ${label_free_tau} == true ]]; then
      plan_task "${units_plan}" "${units_dec}/decode_${set}_soft_label_free" feats "${feats_root}/${set}/feats.scp" \
        soft "$(<"${units_dec}/label_free_tau_${set}.txt")"
    fi
    if want continuous; then
      plan_task "${cont_plan}" "${cont_dec}/decode_${set}_continuous" feats "${feats_root}/${set}/feats.scp"
    fi
  done
  read -ra opts <<<"${inference_args}"
  decode_plan "${units_exp}" "${inference_model}" "${units_plan}" "${opts[@]}" \
    --centroids "${km_dir}/centroids.npy" --topk "${topk}"
  decode_plan "${cont_exp}" "${inference_model}" "${cont_plan}" "${opts[@]}"
}

# Score one decode dir into <dir>/result.tsv and add it to ${tables}; skips dirs not decoded.
#   score <decode_dir> <set> <system> [tau] [tau_from]
score() {
  local dir=$1 set=$2 system=$3 tau=${4:-} tau_from=${5:-}
  is_done "${dir}" || return 0
  python -m softassign.bin.score --ref "data/${set}/text" --hyp "${dir}/text" \
    --test_set "${set}" --system "${system}" --tau "${tau}" --tau_from "${tau_from}" --out "${dir}/result.tsv"
  tables+=("${dir}/result.tsv")  # the caller's local array
}

stage_score() {
  local set tau tables=()
  for set in ${test_sets}; do
    score "${units_dec}/decode_${set}_hard" "${set}" hard
    for tau in ${taus}; do
      score "${units_dec}/decode_${set}_soft_tau${tau}" "${set}" soft "${tau}" grid
    done
    if [[ -f ${units_dec}/label_free_tau_${set}.txt ]]; then
      score "${units_dec}/decode_${set}_soft_label_free" "${set}" soft "$(<"${units_dec}/label_free_tau_${set}.txt")" \
        label_free
    fi
    score "${cont_dec}/decode_${set}_continuous" "${set}" continuous
  done
  log "stage 9: results -> ${results_dir}/results.{tsv,md}"
  python -m softassign.bin.make_results --out_dir "${results_dir}" --title "${units_tag}" "${tables[@]}"
}

main() {
  run_stage 1 && prepare_data "${local_data_opts}"
  run_stage 2 && stage_features
  run_stage 3 && stage_kmeans
  run_stage 4 && stage_units
  run_stage 5 && stage_tokens
  run_stage 6 && stage_train_units
  run_stage 7 && stage_train_continuous
  run_stage 8 && stage_decode
  run_stage 9 && stage_score
  log "done (stages ${stage}-${stop_stage})"
}

# On one line, so that bash has read it before main runs: the script may be edited mid-run.
main; exit
