#!/usr/bin/env bash
# The shared stage script of every softassign synthesis recipe (egs/<corpus>/tts1/run.sh calls it).
#
# Units = k-means ids of one feature layer, as in asr.sh. A HiFi-GAN unit vocoder learns the target
# voice from the hard ids of its training set; every test set (the target voice on unseen text, or
# other speakers converted into the target voice) is synthesized from hard ids and with soft assignment.
#
#  1 data       local/data.sh makes Kaldi data dirs in data/      -> data/<set>/ (+ data/<set>_ref/)
#  2 features   dump the feature layer of the train and test sets -> dump/<feats>/<set>/feats.scp
#  3 kmeans     centroids on the train set, or --km_dir's (e.g. an ASR recipe's) -> exp/kmeans_<units>/
#  4 units      hard unit ids of the train and test sets          -> dump/<units>/<set>/units.scp
#  5 train      the vocoder on the train set's hard ids           -> exp/vocoder_<units>/vocoder.pt
#  6 synthesize hard ids, and soft assignment for each tau of --taus -> exp/vocoder_<units>/synth_<set>_<system>/
#  7 evaluate   MCD + log-F0 RMSE against data/<set>_ref where it exists; WER/CER of the synthesized
#               speech recognised by an ASR model (--asr_exp)     -> exp/results_vocoder_<units>/results.{tsv,md}
#  8 samples    the first --num_samples utterances of every test set: source, reference, each system
#                                                                 -> exp/vocoder_<units>/samples/<set>/
#
# Parallel references: a test set has them when local/data.sh made data/<set>_ref, a data dir with the
# SAME utterance ids whose audio is the target voice saying the same text (for the target voice's own
# test sets a symlink to the set itself; softassign.bin.make_parallel_refs maps other voices by sentence).
# results.tsv: one row per set, system (hard, soft) and tau, with mcd log_f0_rmse n_f0_utts (sets with
# references) and wer cer (with --asr_exp), n_utts.
#
# Every stage is resumable: finished outputs carry a .done marker and are skipped on rerun;
# jobs go through ${train_cmd}/${cuda_cmd}/${decode_cmd} (cmd.sh), logs under */log/.
set -euo pipefail

# ---- options (override with --name value) ----
stage=1                 # first stage to run
stop_stage=100          # last stage to run
nj=4                    # shards for feature/unit dumping
decode_nj=4             # shards for ASR decoding of the synthesized speech
ngpu=0                  # 1: train the vocoder on a GPU (through ${cuda_cmd})
device=cpu              # torch device for features, k-means, synthesis and decoding (cpu, cuda)
local_data_opts=        # options passed to local/data.sh
train_set=train         # the target voice's training set (data/<train_set>)
test_sets="test"        # space-separated sets to synthesize
feats_conf=conf/feats/mfcc.yaml  # feature reader: {type: mfcc|fbank|ssl, ...}
num_clusters=128        # K (the K of --km_dir when given)
km_portion=1.0          # fraction of train utterances used for k-means
km_seed=0               # seed of the portion, the k-means++ sample and init
km_max_iter=20          # Lloyd passes
km_dir=                 # finished k-means dir (centroids.npy) of another recipe; empty: learn on train_set
vocoder_config=conf/vocoder.yaml  # softassign.tts config (vocoder, train); its hop = the units' frame shift
vocoder_args=           # extra options of softassign.bin.train_vocoder, e.g. "--max_steps 1000"
vocoder_exp=            # vocoder dir; empty: exp/vocoder_<feats>_k<K>
systems="hard soft"     # what to synthesize
taus="4 8 16"           # soft-assignment temperatures
topk=                   # keep only the top-k posteriors in soft assignment (empty: all)
# Intelligibility: an ASR model trained by an asr1 recipe (asr.sh writes absolute paths into its
# config.yaml, so it decodes from here). Empty, or a model that is not done: WER/CER are skipped.
asr_exp=                # its exp dir, e.g. ../asr1/exp/asr_mfcc_continuous
asr_feats_conf=         # its feature reader, e.g. ../asr1/conf/feats/mfcc.yaml
asr_model=valid.acc.ave.pth                           # checkpoint of asr_exp
asr_inference_args="--beam_size 10 --ctc_weight 0.3"  # options of softassign.bin.asr_inference
num_samples=3           # utterances per test set copied for listening (stage 8)
dumpdir=dump
expdir=exp
help_message="Usage: $0 [--stage N] [--stop_stage N] [--feats_conf conf/feats/X.yaml] [--num_clusters K] ..."

# shellcheck source=../asr1/scripts/parse_options.sh
. scripts/parse_options.sh
if (($#)); then
  echo "$0: unexpected argument $1 (options are --name value)" >&2
  exit 2
fi
# shellcheck source=../asr1/path.sh
. ./path.sh
# shellcheck source=../asr1/cmd.sh
. ./cmd.sh
# shellcheck source=../asr1/scripts/stage_lib.sh
. scripts/stage_lib.sh

feats_tag=$(basename "${feats_conf}" .yaml)
units_tag=${feats_tag}_k${num_clusters}
feats_root=${dumpdir}/${feats_tag}
units_root=${dumpdir}/${units_tag}
own_km_dir=${expdir}/kmeans_${units_tag}
km_dir=${km_dir:-${own_km_dir}}
vocoder_exp=${vocoder_exp:-${expdir}/vocoder_${units_tag}}
results_dir=${expdir}/results_vocoder_${units_tag}

# The synthesized dir of one set and system name (hard, soft_tau<tau>).
#   synth_dir <set> <system name>
synth_dir() { echo "${vocoder_exp}/synth_$1_$2"; }

# The system names of ${systems} and ${taus}, one a line: hard, soft_tau4, ...
system_names() {
  local tau
  if want hard; then echo hard; fi
  if want soft; then
    for tau in ${taus}; do echo "soft_tau${tau}"; done
  fi
}


# ---- stage functions (the whole script is read before main runs: editing it mid-run is safe) ----

stage_features() {
  local set
  for set in ${train_set} ${test_sets}; do
    dump_feats "data/${set}" "${feats_conf}" "${feats_root}/${set}"
  done
}

stage_kmeans() {
  if [[ ${km_dir} != "${own_km_dir}" ]] && ! is_done "${km_dir}"; then
    echo "$0: --km_dir ${km_dir} is not done (no centroids.npy with a .done marker): run the recipe that" \
      "learns it first, or leave --km_dir out to learn K=${num_clusters} on ${train_set}" >&2
    exit 1
  fi
  learn_centroids "${feats_root}/${train_set}/feats.scp" "${km_dir}"
}

stage_units() {
  local set
  for set in ${train_set} ${test_sets}; do
    dump_unit_ids "${feats_root}/${set}/feats.scp" "${km_dir}/centroids.npy" "${units_root}/${set}"
  done
}

stage_train() {
  is_done "${vocoder_exp}" && return 0
  log "stage 5: vocoder (${vocoder_config}) on the ${units_tag} ids of ${train_set} -> ${vocoder_exp}"
  local launcher=("${train_launcher[@]}") train_device=${device} extra
  if ((ngpu > 0)); then
    launcher=("${cuda_launcher[@]}") train_device=cuda
  fi
  read -ra extra <<<"${vocoder_args}"
  mkdir -p "${vocoder_exp}/log"
  "${launcher[@]}" "${vocoder_exp}/log/train.log" \
    python -m softassign.bin.train_vocoder --config "${vocoder_config}" \
    --units_scp "${units_root}/${train_set}/units.scp" --data_dir "data/${train_set}" \
    --num_units "${num_clusters}" --out_dir "${vocoder_exp}" --device "${train_device}" "${extra[@]}"
  mark_done "${vocoder_exp}"
}

# Synthesize one set with one system into <out_dir> (a data dir: wav.scp, text, utt2spk).
#   synthesize <out_dir> <set> [softassign.bin.synthesize options...]
synthesize() {
  local out=$1 set=$2
  shift 2
  is_done "${out}" && return 0
  log "stage 6: synthesis of ${set} -> ${out}"
  mkdir -p "${out}/log"
  "${device_launcher[@]}" "${out}/log/synthesize.log" \
    python -m softassign.bin.synthesize --model "${vocoder_exp}/vocoder.pt" --device "${device}" \
    --ref_data_dir "data/${set}" --out_dir "${out}" "$@"
  mark_done "${out}"
}

stage_synthesize() {
  local set tau
  for set in ${test_sets}; do
    if want hard; then
      synthesize "$(synth_dir "${set}" hard)" "${set}" --units_scp "${units_root}/${set}/units.scp"
    fi
    if want soft; then
      for tau in ${taus}; do
        synthesize "$(synth_dir "${set}" "soft_tau${tau}")" "${set}" --feats_scp "${feats_root}/${set}/feats.scp" \
          --centroids "${km_dir}/centroids.npy" --tau "${tau}" ${topk:+--topk "${topk}"}
      done
    fi
  done
}

# MCD and log-F0 RMSE of a synthesized dir against data/<set>_ref into <dir>/scores/results.tsv.
#   score_against_references <synth_dir> <set> <system> <tau>
score_against_references() {
  local dir=$1 set=$2 system=$3 tau=$4 out=$1/scores
  is_done "${out}" && return 0
  log "stage 7: MCD and log-F0 RMSE of ${dir} against data/${set}_ref"
  mkdir -p "${out}/log"
  "${decode_launcher[@]}" "${out}/log/eval_synthesis.log" \
    python -m softassign.bin.eval_synthesis --ref_data_dir "data/${set}_ref" --syn_wav_scp "${dir}/wav.scp" \
    --test_set "${set}" --system "${system}" --tau "${tau}" --out_dir "${out}"
  mark_done "${out}"
}

# Whether --asr_exp names a finished ASR model; says why not otherwise.
asr_model_ready() {
  if [[ -z ${asr_exp} ]]; then
    log "stage 7: no --asr_exp: intelligibility (WER/CER) is not measured"
    return 1
  fi
  if ! is_done "${asr_exp}" || [[ ! -f ${asr_exp}/${asr_model} ]]; then
    log "stage 7: no finished ASR model ${asr_exp}/${asr_model} (run its ASR recipe first):" \
      "intelligibility (WER/CER) is not measured"
    return 1
  fi
}

# Recognise every synthesized dir of <dirs> with the ASR model: its features (--asr_feats_conf) of each
# dir, one decoding plan for all of them (one model load per job) -> <dir>/asr/text.
#   recognize_all <synth_dir>...
recognize_all() {
  local dir plan=${vocoder_exp}/asr_decode/plan.tsv opts=()
  mkdir -p "${plan%/*}"
  rm -f "${plan}"
  for dir in "$@"; do
    is_done "${dir}/asr" && continue
    dump_feats "${dir}" "${asr_feats_conf}" "${dir}/asr/feats"
    plan_task "${plan}" "${dir}/asr" feats "${dir}/asr/feats/feats.scp"
  done
  read -ra opts <<<"${asr_inference_args}"
  decode_plan "${asr_exp}" "${asr_model}" "${plan}" "${opts[@]}"
}

stage_evaluate() {
  local set name dir system tau tables=() recognized=()
  for set in ${test_sets}; do
    for name in $(system_names); do
      dir=$(synth_dir "${set}" "${name}")
      is_done "${dir}" || continue
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
      python -m softassign.bin.score --ref "${dir}/text" --hyp "${dir}/asr/text" \
        --test_set "${set}" --system "${system}" --tau "${tau}" --out "${dir}/asr/result.tsv"
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
        if is_done "${dir}"; then
          cp "${dir}/wav/${utt}.wav" "${out}/${utt}.${name}.wav"
        fi
      done
    done
  done
}

main() {
  run_stage 1 && prepare_data "${local_data_opts}"
  run_stage 2 && stage_features
  run_stage 3 && stage_kmeans
  run_stage 4 && stage_units
  run_stage 5 && stage_train
  run_stage 6 && stage_synthesize
  run_stage 7 && stage_evaluate
  run_stage 8 && stage_samples
  log "done (stages ${stage}-${stop_stage})"
}

main
exit
