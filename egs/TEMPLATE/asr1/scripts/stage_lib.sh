# shellcheck shell=bash
# Helpers shared by the stage scripts asr.sh and tts.sh. Source it after the options are parsed and
# path.sh and cmd.sh are sourced. It reads the caller's settings: stage, stop_stage, systems, nj,
# device, num_clusters, km_portion, km_seed, km_max_iter; and it sets the launcher
# arrays train_launcher, cuda_launcher and decode_launcher from cmd.sh's ${train_cmd} etc.
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
