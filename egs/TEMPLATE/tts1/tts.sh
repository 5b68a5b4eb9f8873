#!/usr/bin/env bash
# The shared stage script of every softassign synthesis recipe (egs/<corpus>/tts1/run.sh calls it).
#
# Units = k-means ids of one feature layer, as in asr.sh (the same scripts/units.sh). A HiFi-GAN unit
# vocoder learns the target voice from the hard ids of its training set; every test set (the target voice on
# unseen text, or other speakers converted into the target voice) is synthesized from hard ids and with soft
# assignment of the features computed from its audio.
#
#  1 data       local/data.sh makes Kaldi data dirs in data/      -> data/<set>/ (+ data/<set>_ref/)
#  2 features   features of the k-means portion of the train set  -> dump/<feats>/<train_set>_kmeans/
#  3 kmeans     centroids on them, or --km_dir's (e.g. an ASR recipe's) -> exp/kmeans_<units>/
#  4 units      hard unit ids of the train and test sets          -> dump/<units>/<set>/units.scp
#  5 train      the vocoder on the train set's hard ids           -> exp/vocoder_<units>/vocoder.pt
#  6 synthesize hard ids, and soft assignment for each tau of --taus -> exp/vocoder_<units>/synth_<set>_<system>/
#  7 evaluate   MCD + log-F0 RMSE against data/<set>_ref where it exists (analysed once for every system:
#               dump/world/<set>_ref/); WER/CER of the synthesized speech recognised by an ASR model
#               (--asr_exp)                                       -> exp/results_vocoder_<units>/results.{tsv,md}
#  8 samples    the first --num_samples utterances of every test set: source, reference, each system
#                                                                 -> exp/vocoder_<units>/samples/<set>/
#
# Parallel references: a test set has them when local/data.sh made data/<set>_ref, a data dir with the SAME
# utterance ids whose audio is the target voice saying the same text (for the target voice's own test sets a
# symlink to the set itself; softassign.bin.make_parallel_refs maps other voices by sentence).
# results.tsv: one row per set, system (hard, soft) and tau, with mcd log_f0_rmse n_f0_utts (sets with
# references) and wer cer (with --asr_exp), n_utts; soft rows add soft minus hard of each (mcd_vs_hard,
# log_f0_rmse_vs_hard, wer_vs_hard, cer_vs_hard) with its paired bootstrap 95 % interval (..._ci95).
#
# Every output records what made it (<dir>/.done): a rerun skips what is current and redoes what an option or
# input change affects; a run killed at any moment resumes. Jobs go through ${train_cmd}/${cuda_cmd} (cmd.sh).
set -euo pipefail

# ---- options (override with --name value; --help lists them) ----
stage=1                 # first stage to run
stop_stage=100          # last stage to run
nj=4                    # jobs of the feature and unit stages, threads of a scoring job
decode_nj=4             # jobs of the ASR decoding of the synthesized speech
ngpu=0                  # 1: train the vocoder on a GPU (through ${cuda_cmd})
device=cpu              # torch device of features, k-means, synthesis and decoding (cpu, cuda)
local_data_opts=        # options of local/data.sh
train_set=train         # the target voice's training set (data/<train_set>)
test_sets="test"        # sets to synthesize, space separated
feats_conf=conf/feats/mfcc.yaml  # feature reader ({type: mfcc|fbank|ssl, ...})
num_clusters=128        # K (the K of --km_dir when given)
km_portion=0.1          # fraction of the train set's utterances the k-means learns on
km_seed=0               # seed of the portion and of the k-means
km_max_iter=20          # streamed Lloyd passes over the portion, at most
km_dir=                 # finished k-means dir of another recipe (centroids.npy); empty: learn on train_set
vocoder_config=conf/vocoder.yaml  # softassign.vocoder config (vocoder, train); its hop = the units' frame shift
vocoder_args=           # extra options of softassign.bin.train_vocoder, e.g. "--max_steps 1000"
vocoder_exp=            # vocoder dir; empty: exp/vocoder_<feats>_k<K>
systems="hard soft"     # what to synthesize
taus="4 8 16"           # soft-assignment temperatures
topk=0                  # keep only the top-k posteriors in soft assignment (0: all)
asr_exp=                # ASR exp dir measuring intelligibility (e.g. ../asr1/exp/asr_mfcc_continuous); empty: none
asr_model=valid.acc.ave.pth                           # checkpoint of asr_exp
asr_inference_args="--beam_size 10 --ctc_weight 0.3"  # options of softassign.bin.asr_inference
num_samples=3           # utterances per test set copied for listening (stage 8)
dumpdir=dump            # dumped data, features and unit ids
expdir=exp              # models, syntheses and results

# shellcheck source=../asr1/scripts/parse_options.sh
. scripts/parse_options.sh
# shellcheck source=../asr1/path.sh
. ./path.sh
# shellcheck source=../asr1/cmd.sh
. ./cmd.sh
# shellcheck source=../asr1/scripts/stage_lib.sh
. scripts/stage_lib.sh

feats_tag=$(basename "${feats_conf}" .yaml)
units_tag=${feats_tag}_k${num_clusters}
units_root=${dumpdir}/${units_tag}
own_km_dir=${expdir}/kmeans_${units_tag}
km_dir=$(realpath -m "${km_dir:-${own_km_dir}}")
vocoder_exp=${vocoder_exp:-${expdir}/vocoder_${units_tag}}
results_dir=${expdir}/results_vocoder_${units_tag}
unit_step_opts=(--train_set "${train_set}" --sets "${train_set} ${test_sets}" --feats_conf "${feats_conf}"
  --num_clusters "${num_clusters}" --km_portion "${km_portion}" --km_seed "${km_seed}" --km_max_iter "${km_max_iter}"
  --km_dir "${km_dir}" --dumpdir "${dumpdir}" --nj "${nj}" --device "${device}")

# The synthesized dir of one set and system name (hard, soft_tau<tau>).
#   synth_dir <set> <system name>
synth_dir() { echo "${vocoder_exp}/synth_$1_$2"; }

# The system names of ${systems} and ${taus}, one a line: hard, soft_tau4, ...
system_names() {
  local tau
  if has_word hard "${systems}"; then echo hard; fi
  if has_word soft "${systems}"; then
    for tau in ${taus}; do echo "soft_tau${tau}"; done
  fi
}


# ---- stage functions ----

# Stages 2 and 3 learn this recipe's own centroids; with another recipe's --km_dir they only check it.
stage_kmeans_step() {
  if [[ ${km_dir} != $(realpath -m "${own_km_dir}") ]]; then
    [[ -f ${km_dir}/.done ]] && return 0
    echo "$0: --km_dir ${km_dir} is not done (no centroids.npy with a record): run the recipe that learns it" \
      "first, or leave --km_dir out to learn K=${num_clusters} on ${train_set}" >&2
    exit 1
  fi
  scripts/units.sh --step "$1" "${unit_step_opts[@]}"
}

stage_train() {
  local launcher=("${train_launcher[@]}") train_device=${device} extra
  if ((ngpu > 0)); then
    launcher=("${cuda_launcher[@]}") train_device=cuda
  fi
  read -ra extra <<<"${vocoder_args}"
  local train=(python -m softassign.bin.train_vocoder --config "${vocoder_config}"
    --units_scp "${units_root}/${train_set}/units.scp" --data_dir "data/${train_set}"
    --num_units "${num_clusters}" --out_dir "${vocoder_exp}" --device "${train_device}" "${extra[@]}")
  begin_resumable "${vocoder_exp}" "${train[@]}" || return 0
  log "stage 5: vocoder (${vocoder_config}) on the ${units_tag} ids of ${train_set} -> ${vocoder_exp}"
  "${launcher[@]}" "${vocoder_exp}/log/train.log" "${train[@]}"
  write_record "${vocoder_exp}" "${train[@]}"
}

stage_synthesize() {
  local set tau out
  for set in ${test_sets}; do
    if has_word hard "${systems}"; then
      out=$(synth_dir "${set}" hard)
      single_output "${out}" synthesize "${device}" python -m softassign.bin.synthesize \
        --model "${vocoder_exp}/vocoder.pt" --device "${device}" --ref_data_dir "data/${set}" --out_dir "${out}" \
        --units_scp "${units_root}/${set}/units.scp"
    fi
    if has_word soft "${systems}"; then
      for tau in ${taus}; do
        out=$(synth_dir "${set}" "soft_tau${tau}")
        single_output "${out}" synthesize "${device}" python -m softassign.bin.synthesize \
          --model "${vocoder_exp}/vocoder.pt" --device "${device}" --ref_data_dir "data/${set}" --out_dir "${out}" \
          --data_dir "data/${set}" --reader_conf "${feats_conf}" --centroids "${km_dir}/centroids.npy" \
          --tau "${tau}" --topk "${topk}"
      done
    fi
  done
}

# The WORLD analysis of data/<set>_ref, once for all the systems of the set -> dump/world/<set>_ref/world.scp
#   analyse_references <set>
analyse_references() {
  single_output --num_threads "${nj}" "${dumpdir}/world/$1_ref" dump_world_features cpu \
    python -m softassign.bin.dump_world_features --data_dir "data/$1_ref" --out_dir "${dumpdir}/world/$1_ref"
}

# MCD and log-F0 RMSE of a synthesized dir against the analysis of data/<set>_ref into <dir>/scores/results.tsv
# (one job of nj threads scoring utterances in parallel); a soft dir also gets its difference to hard, with a
# paired bootstrap interval, when the set's hard dir is scored.
#   score_against_references <synth_dir> <set> <system> <tau>
score_against_references() {
  local hard compare=()
  hard=$(synth_dir "$2" hard)/scores/utt_scores.tsv
  [[ $3 == soft && -f ${hard} ]] && compare=(--compare "hard=${hard}")
  single_output --num_threads "${nj}" "$1/scores" eval_synthesis cpu python -m softassign.bin.eval_synthesis \
    --ref_world_scp "${dumpdir}/world/$2_ref/world.scp" --syn_wav_scp "$1/wav.scp" --test_set "$2" \
    --system "$3" --tau "$4" --out_dir "$1/scores" "${compare[@]}"
}

# Whether intelligibility is measured: false without --asr_exp; exits when --asr_exp names no finished model.
asr_model_ready() {
  if [[ -z ${asr_exp} ]]; then
    log "stage 7: no --asr_exp: intelligibility (WER/CER) is not measured"
    return 1
  fi
  if [[ ! -f ${asr_exp}/.done || ! -f ${asr_exp}/${asr_model} ]]; then
    log "stage 7: error: --asr_exp ${asr_exp}: no finished ASR model ${asr_exp}/${asr_model}" \
      "(run its ASR recipe first, or leave --asr_exp empty)"
    exit 1
  fi
}

# Recognise the audio of every synthesized dir <dir> with the ASR model -> <dir>/asr/text (one plan, one
# model load per job; the model's own frontend computes its features from the synthesized waveforms).
#   recognize_all <synth_dir>...
recognize_all() {
  local dir plan=${vocoder_exp}/asr_decode/plan.tsv launcher options words
  read -ra options <<<"${asr_inference_args}"
  mkdir -p "${plan%/*}"
  rm -f "${plan}"
  for dir in "$@"; do
    words=("${asr_exp}/config.yaml" "${asr_exp}/${asr_model}" "${options[@]}" audio "${dir}")
    is_current "${dir}/asr" "${words[@]}" 2>/dev/null && continue
    mkdir -p "${dir}/asr"
    printf '%s\t%s\t%s\n' "${dir}/asr" audio "${dir}" >>"${plan}"
  done
  [[ -s ${plan} ]] || return 0
  log "stage 7: recognising $(wc -l <"${plan}") synthesized set(s) with ${asr_exp}/${asr_model}"
  launcher_for "${device}" launcher
  "${launcher[@]}" JOB=1:"${decode_nj}" "${plan%/*}/log/decode.JOB.log" \
    python -m softassign.bin.asr_inference --asr_train_config "${asr_exp}/config.yaml" \
    --asr_model_file "${asr_exp}/${asr_model}" --device "${device}" "${options[@]}" \
    --plan "${plan}" --job JOB --nj "${decode_nj}"
  for dir in "$@"; do
    grep -q "^${dir}/asr"$'\t' "${plan}" || continue
    python -m softassign.bin.merge_shards --shards "${dir}/asr/text.JOB" --nj "${decode_nj}" \
      --out "${dir}/asr/text" --data_dir "${dir}"
    write_record "${dir}/asr" "${asr_exp}/config.yaml" "${asr_exp}/${asr_model}" "${options[@]}" audio "${dir}"
  done
}

stage_evaluate() {
  local set name dir system tau hard compare tables=() recognized=()
  for set in ${test_sets}; do
    [[ -d data/${set}_ref ]] && analyse_references "${set}"
    for name in $(system_names); do
      dir=$(synth_dir "${set}" "${name}")
      [[ -f ${dir}/.done ]] || continue
      system=${name%%_tau*}
      tau=
      [[ ${name} == *_tau* ]] && tau=${name#*_tau}
      if [[ -d data/${set}_ref ]]; then
        score_against_references "${dir}" "${set}" "${system}" "${tau}"
        tables+=("${dir}/scores/results.tsv")
      fi
      recognized+=("${dir}:${set}:${system}:${tau}")
    done
  done
  if ((${#recognized[@]})) && asr_model_ready; then
    recognize_all "${recognized[@]%%:*}"
    for name in "${recognized[@]}"; do
      IFS=: read -r dir set system tau <<<"${name}"
      compare=()
      hard=$(synth_dir "${set}" hard)/asr/text
      [[ ${system} == soft && -f ${hard} ]] && compare=(--compare "hard=${hard}")
      python -m softassign.bin.score --ref "${dir}/text" --hyp "${dir}/asr/text" \
        --test_set "${set}" --system "${system}" --tau "${tau}" "${compare[@]}" --out "${dir}/asr/result.tsv"
      tables+=("${dir}/asr/result.tsv")
    done
  fi
  if ((${#tables[@]} == 0)); then
    log "stage 7: nothing to score (no references, no ASR model, or nothing synthesized)"
    return 0
  fi
  log "stage 7: results -> ${results_dir}/results.{tsv,md}"
  python -m softassign.bin.make_results --join --out_dir "${results_dir}" --title "vocoder ${units_tag}" \
    "${tables[@]}"
}

# Print the path of <key>'s entry in a Kaldi scp when it is a file (not a command or a segment's recording).
#   audio_file <scp> <key>
audio_file() {
  local key entry
  while read -r key entry; do
    if [[ ${key} == "$2" && -f ${entry} ]]; then
      echo "${entry}"
      return 0
    fi
  done <"$1"
  return 1
}

stage_samples() {
  local set out utt origin audio name dir
  for set in ${test_sets}; do
    out=${vocoder_exp}/samples/${set}
    log "stage 8: ${num_samples} samples of ${set} -> ${out}"
    mkdir -p "${out}"
    for utt in $(head -n "${num_samples}" "data/${set}/utt2spk" | cut -d ' ' -f 1); do
      for origin in "data/${set}:source" "data/${set}_ref:reference"; do
        if [[ -f ${origin%:*}/wav.scp ]] && audio=$(audio_file "${origin%:*}/wav.scp" "${utt}"); then
          cp "${audio}" "${out}/${utt}.${origin#*:}.${audio##*.}"
        fi
      done
      for name in $(system_names); do
        dir=$(synth_dir "${set}" "${name}")
        if [[ -f ${dir}/.done ]]; then
          cp "${dir}/wav/${utt}.wav" "${out}/${utt}.${name}.wav"
        fi
      done
    done
  done
}

main() {
  acquire_run_lock "${expdir}/.run.lock"
  in_stages 1 "${stage}" "${stop_stage}" && prepare_data "${local_data_opts}" "${train_set} ${test_sets}"
  in_stages 2 "${stage}" "${stop_stage}" && stage_kmeans_step features
  in_stages 3 "${stage}" "${stop_stage}" && stage_kmeans_step kmeans
  in_stages 4 "${stage}" "${stop_stage}" && scripts/units.sh --step units "${unit_step_opts[@]}"
  in_stages 5 "${stage}" "${stop_stage}" && stage_train
  in_stages 6 "${stage}" "${stop_stage}" && stage_synthesize
  in_stages 7 "${stage}" "${stop_stage}" && stage_evaluate
  in_stages 8 "${stage}" "${stop_stage}" && stage_samples
  log "done (stages ${stage}-${stop_stage})"
}

# On one line, so that bash has read it before main runs: the script may be edited mid-run.
main; exit
