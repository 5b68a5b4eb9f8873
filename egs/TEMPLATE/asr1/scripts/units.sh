#!/usr/bin/env bash
# The unit stages shared by asr.sh and tts.sh (one --step per stage of theirs):
#   features  the k-means portion of the train set: a seeded subset data dir, its features (float16)
#             -> <dumpdir>/data/<train_set>_kmeans/, <dumpdir>/<feats>/<train_set>_kmeans/feats.scp
#             (--dump_feats all: also the float32 features of every set -> <dumpdir>/<feats>/<set>/feats.scp)
#   kmeans    K centroids on the portion's features     -> <km_dir>/centroids.npy (+ centroids.json)
#   units     hard unit ids of every set, from its audio (or its dumped features with --dump_feats all)
#             -> <dumpdir>/<feats>_k<K>/<set>/units.scp
# Only the k-means portion is stored as features: at LibriSpeech scale with WavLM Large that is ~3.7 GB for
# 10 % of train-clean-100 instead of ~98 GB for every set (tools/storage_report.sh prints the table).
# Every output is recorded; a rerun redoes exactly what an option or input change affects.
set -euo pipefail

step=                 # features, kmeans or units
train_set=train       # the set whose portion the k-means learns on
sets=                 # the sets whose unit ids are dumped (and whose features, with --dump_feats all)
feats_conf=           # feature reader conf ({type: mfcc|fbank|ssl, ...})
num_clusters=128      # K
km_portion=0.1        # fraction of the train set's utterances in the k-means portion
km_seed=0             # seed of the portion, the k-means++ sample and its initialisation
km_max_iter=20        # streamed Lloyd passes over the portion, at most
km_dir=               # k-means output dir (centroids.npy)
dumpdir=dump          # root of the dumped data, features and unit ids
dump_feats=kmeans     # kmeans: features of the k-means portion only; all: also of every set (small corpora)
nj=4                  # jobs of the sharded steps
device=cpu            # torch device of feature extraction and k-means (cuda jobs go to the GPU launcher)

# shellcheck source=parse_options.sh
. "$(dirname "$0")/parse_options.sh"
# shellcheck source=../path.sh
. ./path.sh
# shellcheck source=../cmd.sh
. ./cmd.sh
# shellcheck source=stage_lib.sh
. "$(dirname "$0")/stage_lib.sh"

if [[ -z ${feats_conf} || -z ${km_dir} ]]; then
  echo "$0: --feats_conf and --km_dir are required" >&2
  exit 2
fi
feats_tag=$(basename "${feats_conf}" .yaml)
feats_dir=${dumpdir}/${feats_tag}
units_dir=${dumpdir}/${feats_tag}_k${num_clusters}
km_data=${dumpdir}/data/${train_set}_kmeans
km_feats=${feats_dir}/${train_set}_kmeans

# The seeded k-means portion of the train set as a data dir, and its features in float16 (with --dump_feats
# all, also the float32 features of every set).
step_features() {
  local subset=(python -m softassign.bin.subset_data_dir --data_dir "data/${train_set}" --portion "${km_portion}"
    --seed "${km_seed}" --out_dir "${km_data}") set all=()
  if ! is_current "${km_data}" "${subset[@]}" 2>/dev/null; then
    "${subset[@]}"
    write_record "${km_data}" "${subset[@]}"
  fi
  sharded_outputs feats "${nj}" "${device}" "${km_feats}/log" python -m softassign.bin.dump_features \
    --reader_conf "${feats_conf}" --device "${device}" --dtype float16 -- "${km_data}:${km_feats}"
  [[ ${dump_feats} == all ]] || return 0
  for set in ${sets}; do
    all+=("data/${set}:${feats_dir}/${set}")
  done
  sharded_outputs feats "${nj}" "${device}" "${feats_dir}/log" python -m softassign.bin.dump_features \
    --reader_conf "${feats_conf}" --device "${device}" -- "${all[@]}"
}

step_kmeans() {
  single_output "${km_dir}" learn_kmeans "${device}" python -m softassign.bin.learn_kmeans \
    --feats_scp "${km_feats}/feats.scp" --num_clusters "${num_clusters}" --seed "${km_seed}" \
    --max_iter "${km_max_iter}" --device "${device}" --out "${km_dir}/centroids.npy"
}

# Unit ids of every set, from its audio (or its dumped features): one job array for all sets.
step_units() {
  local set pairs=()
  if [[ ! -f ${km_dir}/.done ]]; then
    echo "$0: ${km_dir} is not done (no centroids with a record): run the k-means stage first" >&2
    exit 1
  fi
  for set in ${sets}; do
    if [[ ${dump_feats} == all ]]; then
      pairs+=("${feats_dir}/${set}/feats.scp:${units_dir}/${set}")
    else
      pairs+=("data/${set}:${units_dir}/${set}")
    fi
  done
  sharded_outputs units "${nj}" "${device}" "${units_dir}/log" python -m softassign.bin.dump_units \
    --reader_conf "${feats_conf}" --centroids "${km_dir}/centroids.npy" --device "${device}" -- "${pairs[@]}"
}

case ${step} in
  features | kmeans | units) "step_${step}" ;;
  *)
    echo "$0: --step must be features, kmeans or units, not '${step}'" >&2
    exit 2
    ;;
esac
