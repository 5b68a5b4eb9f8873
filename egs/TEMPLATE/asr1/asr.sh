#!/usr/bin/env bash
# The shared stage script of every softassign ASR recipe (egs/<corpus>/asr1/run.sh calls it).
#
# Discrete units = k-means ids of one feature layer. The ASR model is trained on hard ids and decoded with
# hard or soft assignment; the continuous-feature baseline reads the same layer, computed on the fly (or dumped).
#
#  1 data       local/data.sh makes Kaldi data dirs                -> data/<set>/
#  2 features   features of the k-means portion of the train set   -> dump/<feats>/<train_set>_kmeans/
#  3 kmeans     K centroids on them                                -> exp/kmeans_<feats>_k<K>/centroids.npy
#  4 units      hard unit ids of every set, from its audio         -> dump/<feats>_k<K>/<set>/units.scp
#  5 tokens     token list (char, or BPE with sentencepiece)       -> data/token_list/<type>/
#  6 train      ESPnet ASR on the hard unit ids                    -> exp/asr_<feats>_k<K>/
#  7 train_cont ESPnet ASR on the layer itself (on-the-fly frontend; --dump_feats all: the dumped features)
#                                                                  -> exp/asr_<feats>_continuous/
#  8 train_asr2 ESPnet's own discrete ASR (its asr2 recipe) on the same units: deduplicated ids as CJK
#               characters, source BPE, ESPnet's MT-style task     -> exp/asr2_<feats>_k<K>/
#  9 decode     hard (ids), soft (tau grid; label-free tau: the valid set's best grid tau moved to each set)
#               and continuous, from audio; asr2 from its text
#                                                                  -> exp/asr*_*/decode_<set>_<system>/text
# 10 score      WER/CER per set and system, with paired-bootstrap intervals of soft vs hard and continuous;
#               ESPnet's RESULTS.md blocks, the tau sweep (CER)   -> exp/results_<feats>_k<K>/results.{tsv,md}
# 11 pack       (--pack true) the hard-unit and continuous models with their centroids, reader conf and
#               tokens, in ESPnet's pack format (softassign.bin.decode_pack decodes with one) -> exp/packs/*.zip
#
# Every output records what made it (its command and input digests, <dir>/.done): a rerun skips what is
# current and redoes exactly what an option or input change affects; a run killed at any moment resumes.
# Parallel stages run JOB=1:nj through ${train_cmd}/${cuda_cmd} (cmd.sh), logs under */log/.
# Only the k-means portion is stored as features (--dump_feats all stores every set's, for small corpora).
set -euo pipefail

# ---- options (override with --name value; --help lists them) ----
stage=1                 # first stage to run
stop_stage=100          # last stage to run
nj=4                    # jobs of the feature and unit stages
decode_nj=4             # jobs of decoding
ngpu=0                  # GPUs of a training job (ESPnet's launcher; > 1: DDP)
num_nodes=1             # nodes of a training job
device=cpu              # torch device of features, k-means and decoding (cuda jobs go to the GPU launcher)
local_data_opts=        # options of local/data.sh
train_set=train         # training set (data/<train_set>)
valid_set=dev           # validation set
test_sets="test"        # evaluation sets, space separated
feats_conf=conf/feats/mfcc.yaml  # feature reader of the units and of the continuous baseline
dump_feats=kmeans       # kmeans: store the features of the k-means portion only; all: of every set too (units,
                        # the continuous model's training and decoding then read them: one feature pass, not one an epoch)
num_clusters=128        # K
km_portion=0.1          # fraction of the train set's utterances the k-means learns on
km_seed=0               # seed of the portion and of the k-means
km_max_iter=20          # streamed Lloyd passes over the portion, at most
token_type=char         # char or bpe
nbpe=5000               # BPE vocabulary size (token_type bpe)
asr_units_config=conf/train_asr_units.yaml            # ESPnet config of the hard-unit model
asr_continuous_config=conf/train_asr_continuous.yaml  # ESPnet config of the continuous baseline
asr2_config=conf/train_asr2.yaml  # ESPnet config of its discrete ASR baseline (system espnet_asr2)
asr2_src_nbpe=6000      # source BPE over the deduplicated unit strings (ESPnet's LibriSpeech-100 asr2: 6000)
asr2_inference_args="--beam_size 20 --ctc_weight 0.3 --maxlenratio 1.0"  # options of espnet2.bin.mt_inference
asr_args=               # extra ESPnet training options (every model)
feats_normalize=global_mvn  # continuous baseline input normalisation (statistics of the k-means portion)
inference_model=valid.acc.ave.pth  # checkpoint of the exp dir that decodes
inference_args="--beam_size 10 --ctc_weight 0.3"  # search options of softassign.bin.asr_inference (--search greedy_ctc)
train_side_by_side=false  # stages 6-8 train their models at the same time (one job each: the cores or GPUs for all)
pack=false              # stage 11: pack the models (ESPnet's zip format) into <expdir>/packs/
systems="hard soft continuous espnet_asr2"  # what is trained and decoded
taus="4 8 16"           # soft-assignment temperatures of the grid
topk=0                  # keep the top-k posteriors in soft assignment (0: all)
label_free_tau=true     # also decode soft at a tau chosen from each test set's own audio
label_free_rule=calibrated  # calibrated: the valid set's best grid tau moved to each set (tau_transfer); perplexity
tau_pick=parabola       # the valid set's tau: parabola (log tau) through its best grid tau and neighbours, or grid
tau_transfer=distortion # distortion: tau scales with the mean nearest-centroid distance; perplexity: same spread
tau_calibration=        # calibration JSON of another recipe (softassign.bin.best_grid_tau); empty: this valid set
tau_perplexity=2        # label_free_rule perplexity: the tau at which p(k|x) spreads over this many clusters
dumpdir=dump            # dumped data, features and unit ids
expdir=exp              # models, decodings and results
km_dir=                 # k-means dir of another recipe to use (its centroids.npy); empty: this recipe's own
token_dir=              # token list dir of another recipe; empty: this recipe's own
units_exp=              # hard-unit ASR exp dir of another recipe to decode with; empty: this recipe's own
cont_exp=               # continuous ASR exp dir of another recipe to decode with; empty: this recipe's own
asr2_exp=               # ESPnet discrete ASR exp dir of another recipe to decode with; empty: this recipe's own

# shellcheck source=scripts/parse_options.sh
. scripts/parse_options.sh
# shellcheck source=path.sh
. ./path.sh
# shellcheck source=cmd.sh
. ./cmd.sh
# shellcheck source=scripts/stage_lib.sh
. scripts/stage_lib.sh

if [[ ${label_free_rule} != calibrated && ${label_free_rule} != perplexity ]]; then
  echo "$0: --label_free_rule must be calibrated or perplexity, got '${label_free_rule}'" >&2
  exit 2
fi
feats_tag=$(basename "${feats_conf}" .yaml)
units_tag=${feats_tag}_k${num_clusters}
units_root=${dumpdir}/${units_tag}
km_feats=${dumpdir}/${feats_tag}/${train_set}_kmeans/feats.scp
own_km_dir=${expdir}/kmeans_${units_tag}
km_dir=${km_dir:-${own_km_dir}}
token_dir=${token_dir:-data/token_list/${token_type}}
units_exp=${units_exp:-${expdir}/asr_${units_tag}}
cont_exp=${cont_exp:-${expdir}/asr_${feats_tag}_continuous}
# Absolute paths: ESPnet's config.yaml keeps them, so other recipes can load the models.
km_dir=$(realpath -m "${km_dir}")
token_dir=$(realpath -m "${token_dir}")
units_exp=$(realpath -m "${units_exp}")
cont_exp=$(realpath -m "${cont_exp}")
asr2_exp=$(realpath -m "${asr2_exp:-${expdir}/asr2_${units_tag}}")
src_token_dir=$(realpath -m "data/token_list/src_bpe_${units_tag}_rm${asr2_src_nbpe}")
results_dir=${expdir}/results_${units_tag}
# Decoding output goes under this recipe's exp dir, also for models trained elsewhere.
units_dec=${expdir}/$(basename "${units_exp}")
cont_dec=${expdir}/$(basename "${cont_exp}")
asr2_dec=${expdir}/$(basename "${asr2_exp}")
calibration=${tau_calibration:-${units_dec}/tau_calibration.json}
all_sets="${train_set} ${valid_set} ${test_sets}"
unit_step_opts=(--train_set "${train_set}" --sets "${all_sets}" --feats_conf "${feats_conf}"
  --num_clusters "${num_clusters}" --km_portion "${km_portion}" --km_seed "${km_seed}" --km_max_iter "${km_max_iter}"
  --km_dir "${km_dir}" --dumpdir "${dumpdir}" --dump_feats "${dump_feats}" --nj "${nj}" --device "${device}")


# ---- stage functions ----

# Stages 2 and 3 learn this recipe's own centroids; with another recipe's --km_dir they only check it.
stage_kmeans_step() {
  if [[ ${km_dir} != $(realpath -m "${own_km_dir}") ]]; then
    [[ -f ${km_dir}/.done ]] && return 0
    echo "$0: --km_dir ${km_dir} is not done: run the recipe that learns it first" >&2
    exit 1
  fi
  scripts/units.sh --step "$1" "${unit_step_opts[@]}"
}

stage_tokens() {
  local make=(python -m softassign.bin.make_token_list --text "data/${train_set}/text" --token_type "${token_type}")
  [[ ${token_type} == bpe ]] && make+=(--nbpe "${nbpe}")
  local_output "${token_dir}" "${make[@]}" --out_dir "${token_dir}"
}

# The token options of ESPnet training, into array <name>.
# shellcheck disable=SC2317  # reached only through run_functions (stage_lib.sh), which shellcheck does not follow
token_opts() {
  local -n _tokens=$1
  _tokens=(--use_preprocessor true --token_type "${token_type}" --token_list "${token_dir}/tokens.txt")
  [[ ${token_type} == bpe ]] && _tokens+=(--bpemodel "${token_dir}/bpe.model")
  return 0
}

# ESPnet's shape files of the train and valid sets (and feature statistics) into <stats dir>, without a
# collect-stats pass (one process; see softassign.bin.write_shapes).
#   write_shapes <stats dir> <speech kind> <train speech> <valid speech> [--feats_stats_from <scp>]
# shellcheck disable=SC2317  # reached only through run_functions (stage_lib.sh), which shellcheck does not follow
write_shapes() {
  local out=$1 kind=$2 bpe=()
  [[ ${token_type} == bpe ]] && bpe=(--bpemodel "${token_dir}/bpe.model")
  local_output "${out}" python -m softassign.bin.write_shapes --token_type "${token_type}" \
    --token_list "${token_dir}/tokens.txt" "${bpe[@]}" "${@:5}" --out_dir "${out}" \
    "train=${kind}:$3:data/${train_set}/text" "valid=${kind}:$4:data/${valid_set}/text"
}

# Train one ESPnet model with ESPnet's launcher (GPUs, nodes), resuming an interrupted run; <input> is the
# model's input, speech (asr_train) or src_text (mt_train: ESPnet's discrete ASR).
#   train_asr <exp> <stats dir> <config> <input name> <train path,name,type> <valid path,name,type> [options...]
# shellcheck disable=SC2317  # reached only through run_functions (stage_lib.sh), which shellcheck does not follow
train_asr() {
  local exp=$1 stats=$2 config=$3 input=$4 train_input=$5 valid_input=$6 tokens extra
  shift 6
  token_opts tokens
  read -ra extra <<<"${asr_args}"
  local task=asr_train
  [[ ${input} == src_text ]] && task=mt_train
  local train=(python -m "softassign.bin.${task}" --config "${config}" "${tokens[@]}"
    --train_data_path_and_name_and_type "${train_input}" --train_data_path_and_name_and_type "data/${train_set}/text,text,text"
    --valid_data_path_and_name_and_type "${valid_input}" --valid_data_path_and_name_and_type "data/${valid_set}/text,text,text"
    --train_shape_file "${stats}/train/${input}_shape" --train_shape_file "${stats}/train/text_shape"
    --valid_shape_file "${stats}/valid/${input}_shape" --valid_shape_file "${stats}/valid/text_shape"
    "$@" --resume true --output_dir "${exp}" "${extra[@]}")
  begin_resumable "${exp}" "${train[@]}" || return 0
  log "training ${config} -> ${exp} (log: ${exp}/train.log)"
  python -m espnet2.bin.launch --cmd "${cuda_cmd}" --log "${exp}/train.log" --ngpu "${ngpu}" \
    --num_nodes "${num_nodes}" --init_file_prefix "${exp}/.dist_init_" --multiprocessing_distributed true -- \
    "${train[@]}"
  write_record "${exp}" "${train[@]}"
}

# shellcheck disable=SC2317  # reached only through run_functions (stage_lib.sh), which shellcheck does not follow
stage_train_units() {
  has_word hard "${systems}" || has_word soft "${systems}" || return 0
  local stats=${expdir}/stats_${units_tag} reader
  write_shapes "${stats}" units "${units_root}/${train_set}/units.scp" "${units_root}/${valid_set}/units.scp"
  reader=$(python -m softassign.bin.inline_yaml "${feats_conf}")
  train_asr "${units_exp}" "${stats}" "${asr_units_config}" speech "${units_root}/${train_set}/units.scp,speech,kaldi_ark" \
    "${units_root}/${valid_set}/units.scp,speech,kaldi_ark" --frontend_conf "num_units=${num_clusters}" \
    --frontend_conf "centroids=${km_dir}/centroids.npy" --frontend_conf "reader=${reader}"
}

# shellcheck disable=SC2317  # reached only through run_functions (stage_lib.sh), which shellcheck does not follow
stage_train_continuous() {
  has_word continuous "${systems}" || return 0
  local stats reader normalize=(--normalize "${feats_normalize}") kind train valid
  stats=$(realpath -m "${expdir}/stats_${feats_tag}_continuous") # absolute: the model's config.yaml keeps it
  read -r kind train <<<"$(feats_input "${train_set}")"
  read -r kind valid <<<"$(feats_input "${valid_set}")"
  write_shapes "${stats}" "${kind}" "${train}" "${valid}" --feats_stats_from "${km_feats}"
  [[ ${feats_normalize} == global_mvn ]] && normalize+=(--normalize_conf "stats_file=${stats}/train/feats_stats.npz")
  reader=$(python -m softassign.bin.inline_yaml "${feats_conf}")
  train_asr "${cont_exp}" "${stats}" "${asr_continuous_config}" speech "$(speech_input "${kind}" "${train}")" \
    "$(speech_input "${kind}" "${valid}")" --frontend feature_reader --frontend_conf "reader=${reader}" \
    "${normalize[@]}"
}

# ESPnet's path,name,type of the continuous model's input <kind> <source> (feats_input): the dumped features
# (the frontend passes them through) or the set's audio (the frontend computes them, every epoch).
# shellcheck disable=SC2317  # reached only through run_functions (stage_lib.sh), which shellcheck does not follow
speech_input() {
  if [[ $1 == feats ]]; then
    echo "$2,speech,kaldi_ark"
  else
    echo "$2/wav.scp,speech,softassign_wav"
  fi
}

# The source texts of ESPnet's discrete ASR: the unit ids of sets <set...> as CJK strings, repeats removed.
unit_texts() {
  local set
  for set in "$@"; do
    local_output "${units_root}/${set}/text.rm" python -m softassign.bin.units_to_text \
      "${units_root}/${set}/units.scp:${units_root}/${set}/text.rm"
  done
}

# ESPnet's discrete ASR on the same units, as its asr2 recipe: unit texts, source BPE, shapes, training.
# shellcheck disable=SC2317  # reached only through run_functions (stage_lib.sh), which shellcheck does not follow
stage_train_asr2() {
  has_word espnet_asr2 "${systems}" || return 0
  local stats=${expdir}/stats_asr2_${units_tag} bpe=()
  unit_texts "${train_set}" "${valid_set}"
  local_output "${src_token_dir}" python -m softassign.bin.make_token_list --text "${units_root}/${train_set}/text.rm" \
    --token_type bpe --nbpe "${asr2_src_nbpe}" --out_dir "${src_token_dir}"
  [[ ${token_type} == bpe ]] && bpe=(--bpemodel "${token_dir}/bpe.model")
  local_output "${stats}" python -m softassign.bin.write_shapes --token_type "${token_type}" \
    --token_list "${token_dir}/tokens.txt" "${bpe[@]}" --src_token_type bpe --src_token_list "${src_token_dir}/tokens.txt" \
    --src_bpemodel "${src_token_dir}/bpe.model" --vocab_dims --out_dir "${stats}" \
    "train=srctext:${units_root}/${train_set}/text.rm:data/${train_set}/text" \
    "valid=srctext:${units_root}/${valid_set}/text.rm:data/${valid_set}/text"
  train_asr "${asr2_exp}" "${stats}" "${asr2_config}" src_text "${units_root}/${train_set}/text.rm,src_text,text" \
    "${units_root}/${valid_set}/text.rm,src_text,text" --src_token_type bpe \
    --src_token_list "${src_token_dir}/tokens.txt" --src_bpemodel "${src_token_dir}/bpe.model"
}

# The decoding input of a set for features, "<kind> <source>": its audio, or its dumped features.
feats_input() {
  if [[ ${dump_feats} == all ]]; then
    echo "feats ${dumpdir}/${feats_tag}/$1/feats.scp"
  else
    echo "audio data/$1"
  fi
}

# Choose the label-free tau of every test set whose choice is not current, from its unlabelled audio
# (one process for all of them) -> <units_dec>/label_free_tau_<set>.txt: the calibration's tau moved to the set
# (--label_free_rule calibrated), or the tau of perplexity --tau_perplexity.
select_label_free_taus() {
  local set input out select=(python -m softassign.bin.select_tau --centroids "${km_dir}/centroids.npy"
    --reader_conf "${feats_conf}" --device "${device}" --topk "${topk}")
  if [[ ${label_free_rule} == calibrated ]]; then
    select+=(--calibration "${calibration}" --rule "${tau_transfer}")
  else
    select+=(--target_perplexity "${tau_perplexity}")
  fi
  local pairs=()
  mkdir -p "${units_dec}"
  for set in ${test_sets}; do
    read -r _ input <<<"$(feats_input "${set}")"
    out=${units_dec}/label_free_tau_${set}.txt
    is_current "${out}" "${select[@]}" "${input}:${out}" 2>/dev/null || pairs+=("${input}:${out}")
  done
  ((${#pairs[@]})) || return 0
  log "stage 9: label-free tau (${label_free_rule}) of ${pairs[*]%%:*}"
  "${select[@]}" "${pairs[@]}"
  for input in "${pairs[@]}"; do
    write_record "${input#*:}" "${select[@]}" "${input}"
  done
}

# Decode the valid set with every grid tau (a plan of its own, before the test sets) and write the best tau
# against its transcripts -> ${calibration}, which select_label_free_taus moves to every test set.
calibrate_label_free_tau() {
  local plan=${units_dec}/calibration/decode_plan.tsv tau input pairs=() words
  if [[ -z ${valid_set} ]]; then
    echo "$0: --label_free_rule calibrated needs a --valid_set with transcripts or --tau_calibration" >&2
    exit 1
  fi
  mkdir -p "${plan%/*}"
  rm -f "${plan}"
  read -ra input <<<"$(feats_input "${valid_set}")"
  for tau in ${taus}; do
    plan_task "${plan}" "${units_exp}" "${units_dec}/decode_${valid_set}_soft_tau${tau}" "${input[@]}" soft "${tau}"
    pairs+=("${tau}=${units_dec}/decode_${valid_set}_soft_tau${tau}/text")
  done
  decode_plan "${units_exp}" "${plan}" --topk "${topk}"
  words=(python -m softassign.bin.best_grid_tau --ref "data/${valid_set}/text" --source "${input[1]}"
    --pick "${tau_pick}" --out "${calibration}" "${pairs[@]}")
  is_current "${calibration}" "${words[@]}" 2>/dev/null && return 0
  log "stage 9: calibrating the label-free tau on ${valid_set} (taus ${taus})"
  "${words[@]}"
  write_record "${calibration}" "${words[@]}"
}

# The record words of a decoding task into array <name>: the model, the beam search, the task.
#   decode_words <name> <exp> <kind> <source> <assignment> <tau>
decode_words() {
  local -n _words=$1
  local options
  read -ra options <<<"${inference_args}"
  _words=("$2/config.yaml" "$2/${inference_model}" "${options[@]}" "$3" "$4" "$5" "$6")
  [[ $5 == soft ]] && _words+=(--topk "${topk}")
  return 0
}

# Add a task to decoding plan <plan> unless its output dir is current.
#   plan_task <plan> <exp> <output_dir> <kind> <source> [<assignment> <tau>]
plan_task() {
  local plan=$1 exp=$2 out=$3 kind=$4 source=$5 assignment=${6:--} tau=${7:--} words
  decode_words words "${exp}" "${kind}" "${source}" "${assignment}" "${tau}"
  is_current "${out}" "${words[@]}" 2>/dev/null && return 0
  mkdir -p "${out}"
  printf '%s\t%s\t%s\t%s\t%s\n' "${out}" "${kind}" "${source}" "${assignment}" "${tau}" >>"${plan}"
}

# Decode the tasks of <plan> with <exp>/<inference_model>, JOB=1:${decode_nj} on ${device} (one model load
# per job); merge each task's shards into <output_dir>/text, checked against its set, and record it.
#   decode_plan <exp> <plan> [asr_inference options...]
decode_plan() {
  local exp=$1 plan=$2 out kind source assignment tau launcher options words expected
  shift 2
  [[ -s ${plan} ]] || return 0
  log "decoding $(wc -l <"${plan}") set/system pairs with ${exp}/${inference_model}"
  read -ra options <<<"${inference_args}"
  launcher_for "${device}" launcher
  mkdir -p "${plan%/*}/log"
  "${launcher[@]}" JOB=1:"${decode_nj}" "${plan%/*}/log/decode.JOB.log" \
    python -m softassign.bin.asr_inference --asr_train_config "${exp}/config.yaml" \
    --asr_model_file "${exp}/${inference_model}" --device "${device}" "${options[@]}" "$@" \
    --plan "${plan}" --job JOB --nj "${decode_nj}"
  while IFS=$'\t' read -r out kind source assignment tau; do
    expected=(--utt_list "${source}")
    [[ ${kind} == audio ]] && expected=(--data_dir "${source}")
    python -m softassign.bin.merge_shards --shards "${out}/text.JOB" --nj "${decode_nj}" --out "${out}/text" \
      "${expected[@]}"
    decode_words words "${exp}" "${kind}" "${source}" "${assignment}" "${tau}"
    write_record "${out}" "${words[@]}"
  done <"${plan}"
}

stage_decode() {
  local set tau input units_plan=${units_dec}/decode_plan.tsv cont_plan=${cont_dec}/decode_plan.tsv
  mkdir -p "${units_dec}" "${cont_dec}"
  rm -f "${units_plan}" "${cont_plan}"
  if has_word soft "${systems}" && [[ ${label_free_tau} == true ]]; then
    if [[ ${label_free_rule} == calibrated && -z ${tau_calibration} ]]; then
      calibrate_label_free_tau
    elif [[ ${label_free_rule} == calibrated && ! -f ${tau_calibration}.done ]]; then
      echo "$0: --tau_calibration ${tau_calibration} is not done: run stage 9 of the recipe that makes it," \
        "or use --label_free_rule perplexity" >&2
      exit 1
    fi
    select_label_free_taus
  fi
  for set in ${test_sets}; do
    read -ra input <<<"$(feats_input "${set}")"
    if has_word hard "${systems}"; then
      plan_task "${units_plan}" "${units_exp}" "${units_dec}/decode_${set}_hard" units "${units_root}/${set}/units.scp"
    fi
    if has_word soft "${systems}"; then
      for tau in ${taus}; do
        plan_task "${units_plan}" "${units_exp}" "${units_dec}/decode_${set}_soft_tau${tau}" "${input[@]}" soft "${tau}"
      done
      if [[ ${label_free_tau} == true ]]; then
        plan_task "${units_plan}" "${units_exp}" "${units_dec}/decode_${set}_soft_label_free" "${input[@]}" soft \
          "$(<"${units_dec}/label_free_tau_${set}.txt")"
      fi
    fi
    if has_word continuous "${systems}"; then
      plan_task "${cont_plan}" "${cont_exp}" "${cont_dec}/decode_${set}_continuous" "${input[@]}"
    fi
  done
  decode_plan "${units_exp}" "${units_plan}" --topk "${topk}"
  decode_plan "${cont_exp}" "${cont_plan}"
  if has_word espnet_asr2 "${systems}"; then
    decode_asr2
  fi
}

# Decode the unit texts of every test set whose decode dir is not current with ESPnet's discrete ASR
# (softassign.bin.mt_decode: ESPnet's mt_inference, one job array, one model load per job), merge, record.
decode_asr2() {
  local set out pairs=() options launcher
  read -ra options <<<"${asr2_inference_args}"
  [[ ${device} == cuda* ]] && options+=(--ngpu 1)
  local model=(--mt_train_config "${asr2_exp}/config.yaml" --mt_model_file "${asr2_exp}/${inference_model}")
  unit_texts ${test_sets}
  for set in ${test_sets}; do
    out=${asr2_dec}/decode_${set}_espnet_asr2
    is_current "${out}" "${model[@]}" "${options[@]}" "${units_root}/${set}/text.rm" 2>/dev/null ||
      pairs+=("${units_root}/${set}/text.rm:${out}")
  done
  ((${#pairs[@]})) || return 0
  log "decoding ${#pairs[@]} set(s) with ${asr2_exp}/${inference_model}"
  launcher_for "${device}" launcher
  mkdir -p "${asr2_dec}/log"
  "${launcher[@]}" JOB=1:"${decode_nj}" "${asr2_dec}/log/decode.JOB.log" python -m softassign.bin.mt_decode \
    "${model[@]}" --job JOB --nj "${decode_nj}" "${pairs[@]}" -- "${options[@]}"
  for out in "${pairs[@]}"; do
    python -m softassign.bin.merge_shards --shards "${out##*:}/text.JOB" --nj "${decode_nj}" --out "${out##*:}/text" \
      --utt_list "${out%:*}"
    write_record "${out##*:}" "${model[@]}" "${options[@]}" "${out%:*}"
  done
}

# Score one decode dir into <dir>/result.tsv and add it to ${tables} (the caller's); skips dirs not decoded.
# A soft row also gets its difference to hard and to continuous with a paired bootstrap 95 % interval.
#   score <decode_dir> <set> <system> [tau tau_from]
score() {
  local dir=$1 set=$2 system=$3 tau=${4:-} tau_from=${5:-} topk_column='' compare=() other
  [[ -f ${dir}/.done ]] || return 0
  if [[ ${system} == soft ]]; then
    topk_column=${topk}
    for other in "hard:${units_dec}/decode_${set}_hard" "continuous:${cont_dec}/decode_${set}_continuous"; do
      [[ -f ${other#*:}/.done ]] && compare+=(--compare "${other%%:*}=${other#*:}/text")
    done
  fi
  python -m softassign.bin.score --ref "data/${set}/text" --hyp "${dir}/text" --test_set "${set}" \
    --system "${system}" --tau "${tau}" --tau_from "${tau_from}" --topk "${topk_column}" "${compare[@]}" \
    --out "${dir}/result.tsv"
  tables+=("${dir}/result.tsv")
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
    score "${asr2_dec}/decode_${set}_espnet_asr2" "${set}" espnet_asr2
  done
  if ((${#tables[@]} == 0)); then
    log "stage 10: nothing decoded to score"
    return 0
  fi
  log "stage 10: results -> ${results_dir}/results.{tsv,md}, ESPnet's ${results_dir}/RESULTS.md"
  python -m softassign.bin.make_results --out_dir "${results_dir}" --title "${units_tag}" "${tables[@]}"
  python -m softassign.bin.espnet_results --out "${results_dir}/RESULTS.md" "${units_dec}" "${cont_dec}" "${asr2_dec}"
  if has_word soft "${systems}" && [[ -n ${taus} ]]; then
    log "stage 10: tau sweep -> ${results_dir}/tau_sweep_cer.png"
    python -m softassign.bin.plot_tau_sweep --results "${results_dir}/results.tsv" --metric cer \
      --title "${units_tag}" --out "${results_dir}/tau_sweep_cer.png" >/dev/null
  fi
}

# Pack the model of exp dir <exp> -> ${expdir}/packs/<exp name>_<inference model>.zip
pack_exp() {
  local out
  out=${expdir}/packs/$(basename "$1")_${inference_model%.pth}.zip
  local_output "${out}" python -m softassign.bin.pack_model --exp "$1" --inference_model "${inference_model}" \
    --feats_conf "${feats_conf}" --out "${out}"
}

stage_pack() {
  [[ ${pack} == true ]] || return 0
  if has_word hard "${systems}" || has_word soft "${systems}"; then
    pack_exp "${units_exp}"
  fi
  if has_word continuous "${systems}"; then
    pack_exp "${cont_exp}"
  fi
}

main() {
  acquire_run_lock "${expdir}/.run.lock"
  in_stages 1 "${stage}" "${stop_stage}" && prepare_data "${local_data_opts}" "${all_sets}"
  in_stages 2 "${stage}" "${stop_stage}" && stage_kmeans_step features
  in_stages 3 "${stage}" "${stop_stage}" && stage_kmeans_step kmeans
  in_stages 4 "${stage}" "${stop_stage}" && scripts/units.sh --step units "${unit_step_opts[@]}"
  in_stages 5 "${stage}" "${stop_stage}" && stage_tokens
  local trainings=()
  in_stages 6 "${stage}" "${stop_stage}" && trainings+=(stage_train_units)
  in_stages 7 "${stage}" "${stop_stage}" && trainings+=(stage_train_continuous)
  in_stages 8 "${stage}" "${stop_stage}" && trainings+=(stage_train_asr2)
  run_functions "${train_side_by_side}" "${trainings[@]}"
  in_stages 9 "${stage}" "${stop_stage}" && stage_decode
  in_stages 10 "${stage}" "${stop_stage}" && stage_score
  in_stages 11 "${stage}" "${stop_stage}" && stage_pack
  log "done (stages ${stage}-${stop_stage})"
}

# On one line, so that bash has read it before main runs: the script may be edited mid-run.
main; exit
