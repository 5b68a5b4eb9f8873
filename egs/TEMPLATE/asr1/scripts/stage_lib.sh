# shellcheck shell=bash
# Helpers shared by the stage scripts asr.sh and tts.sh. Source it after the options are parsed and
# path.sh and cmd.sh are sourced. It reads the caller's settings: stage, stop_stage, systems, nj,
# decode_nj, device, num_clusters, km_portion, km_seed, km_max_iter; and it sets the launcher arrays
# train_launcher, cuda_launcher, decode_launcher and device_launcher from cmd.sh's ${train_cmd} etc.
# shellcheck disable=SC2154,SC2034  # reads the caller's settings; sets the caller's launcher arrays

read -ra train_launcher <<<"${train_cmd}"
read -ra cuda_launcher <<<"${cuda_cmd}"
read -ra decode_launcher <<<"${decode_cmd}"
# Jobs that run torch on ${device} (feature extraction, decoding) ask the scheduler for a GPU when it is cuda.
if [[ ${device} == cuda* ]]; then
  device_launcher=("${cuda_launcher[@]}")
else
  device_launcher=("${decode_launcher[@]}")
fi

log() { echo "$(date '+%Y-%m-%dT%H:%M:%S') (${0##*/}) $*" >&2; }
want() { [[ " ${systems} " == *" $1 "* ]]; }
run_stage() { ((stage <= $1 && $1 <= stop_stage)); }
is_done() { [[ -f $1/.done ]]; }
mark_done() { touch "$1/.done"; }

# Stage 1 of every recipe: run local/data.sh once. data/.done records its options: a rerun with the
# same options skips it, one with other options (e.g. another --size) stops instead of mixing corpora.
#   prepare_data <local/data.sh options, as one string of words>
prepare_data() {
  if is_done data; then
    if [[ $(<data/.done) != "$1" ]]; then
      log "error: data/ was made by 'local/data.sh $(<data/.done)', not '$1';" \
        "remove data/ dump/ exp/ (or run in a copy of the recipe) to change the corpus"
      return 1
    fi
    log "stage 1: data dirs are done"
    return 0
  fi
  log "stage 1: data preparation (local/data.sh $1)"
  # shellcheck disable=SC2086  # options are words
  local/data.sh $1
  echo "$1" >data/.done
}

# Concatenate shards 1..nj (in job order = sorted utterance order) into one file, atomically.
#   merge_shards <out_file> <nj> <shard path with JOB for the job index>
merge_shards() {
  local out=$1 shards=$2 pattern=$3 job
  for job in $(seq "${shards}"); do
    cat "${pattern//JOB/${job}}"
  done >"${out}.tmp"
  mv "${out}.tmp" "${out}"
}

# Dump the features of a data dir, sharded JOB=1:${nj}, into <out_dir>/feats.scp (skipped when done).
# The scp names its arks by the path given as <out_dir> (make it absolute for readers elsewhere).
#   dump_feats <data_dir> <reader_conf> <out_dir>
dump_feats() {
  local data=$1 conf=$2 out=$3
  is_done "${out}" && return 0
  log "features (${conf}) of ${data} -> ${out}"
  mkdir -p "${out}/log"
  "${device_launcher[@]}" JOB=1:"${nj}" "${out}/log/dump_features.JOB.log" \
    python -m softassign.bin.dump_features --data_dir "${data}" --reader_conf "${conf}" \
    --device "${device}" --out_dir "${out}" --job JOB --nj "${nj}"
  merge_shards "${out}/feats.scp" "${nj}" "${out}/feats.JOB.scp"
  mark_done "${out}"
}

# Learn ${num_clusters} centroids on ${km_portion} of a feature scp into <km_dir>/centroids.npy (skipped when done).
#   learn_centroids <feats_scp> <km_dir>
learn_centroids() {
  local feats_scp=$1 km_dir=$2
  is_done "${km_dir}" && return 0
  log "k-means K=${num_clusters} on ${km_portion} of ${feats_scp} -> ${km_dir}"
  mkdir -p "${km_dir}/log"
  "${train_launcher[@]}" "${km_dir}/log/learn_kmeans.log" \
    python -m softassign.bin.learn_kmeans --feats_scp "${feats_scp}" \
    --num_clusters "${num_clusters}" --portion "${km_portion}" --seed "${km_seed}" \
    --max_iter "${km_max_iter}" --device "${device}" --out "${km_dir}/centroids.npy"
  mark_done "${km_dir}"
}

# Dump the hard unit ids (nearest centroid) of a feature scp, sharded, into <out_dir>/units.scp (skipped when done).
#   dump_unit_ids <feats_scp> <centroids.npy> <out_dir>
dump_unit_ids() {
  local feats_scp=$1 centroids=$2 out=$3
  is_done "${out}" && return 0
  log "unit ids of ${feats_scp} -> ${out}"
  mkdir -p "${out}/log"
  "${train_launcher[@]}" JOB=1:"${nj}" "${out}/log/dump_units.JOB.log" \
    python -m softassign.bin.dump_units --feats_scp "${feats_scp}" \
    --centroids "${centroids}" --out_dir "${out}" --job JOB --nj "${nj}"
  merge_shards "${out}/units.scp" "${nj}" "${out}/units.JOB.scp"
  mark_done "${out}"
}

# Add a decoding task to plan file <plan> unless its output dir is done (see asr_inference --plan).
#   plan_task <plan> <output_dir> units|feats <scp> [hard|soft] [tau]
plan_task() {
  local plan=$1 out=$2
  is_done "${out}" && return 0
  mkdir -p "${out}"
  printf '%s\t%s\t%s\t%s\t%s\n' "${out}" "$3" "$4" "${5:--}" "${6:--}" >>"${plan}"
}

# Decode every task of <plan> with the ESPnet ASR model <exp>/<model_file>, sharded JOB=1:${decode_nj}
# on ${device} (one model load per job for all tasks); then merge each task's shards into
# <output_dir>/text and mark it done. Logs go to <plan dir>/log/.
#   decode_plan <exp> <model_file> <plan> [asr_inference options: beam search, --centroids, --topk ...]
decode_plan() {
  local exp=$1 model=$2 plan=$3 out
  shift 3
  [[ -s ${plan} ]] || return 0
  log "decoding $(wc -l <"${plan}") set/system pairs with ${exp}"
  mkdir -p "${plan%/*}/log"
  "${device_launcher[@]}" JOB=1:"${decode_nj}" "${plan%/*}/log/decode.JOB.log" \
    python -m softassign.bin.asr_inference --asr_train_config "${exp}/config.yaml" \
    --asr_model_file "${exp}/${model}" --device "${device}" "$@" \
    --plan "${plan}" --skip_existing --job JOB --nj "${decode_nj}"
  while IFS=$'\t' read -r out _; do
    merge_shards "${out}/text" "${decode_nj}" "${out}/text.JOB"
    mark_done "${out}"
  done <"${plan}"
  rm "${plan}"
}
