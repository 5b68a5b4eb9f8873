#!/usr/bin/env bash
# The softassign benchmark. From a clone, after tools/install.sh:
#     tools/benchmark.sh [--shared_root ../shared/data] [--out_dir egs/mini/asr1/exp/benchmark] [--stage 1] ...
#  1 recipe    egs/mini/asr1/run.sh --size bench (or --size small) for every feature type of its conf/bench.sh; where
#              --shared_root exists, its real speech joins the training set and the test sets (real_kathleen,
#              real_ljspeech) through local/data.sh (hours on 2 CPU cores; resumable like every recipe stage)
#  2 analysis  phone analysis of each unit model on real_kathleen (phones from its phones.ctm)
#  3 micro     micro-benchmarks on the bench corpus' MFCC train features (its k-means portion): soft vs hard
#              decoding time (test_in's features computed from its audio) at
#              K=--decode_clusters, our k-means vs ESPnet's MiniBatchKMeans, peak memory on N and 2N utts; then
#              both k-means again on synthetic frames of WavLM Large's shape (--shape_frames of --shape_dim dims,
#              a Gaussian mixture: softassign.benchmarks.mixture_features) at K=--shape_clusters ("" skips it)
#  4 report    <out_dir>/report.md, report.tsv, micro_benchmarks.tsv, tau_sweep_<feats>.png
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
recipe=${root}/egs/mini/asr1
stage=1                    # first stage to run
stop_stage=4               # last stage to run
size=bench                 # recipe size (egs/mini/asr1/conf/<size>.sh)
shared_root=${root}/../shared/data  # real speech; skipped when absent
out_dir=${recipe}/exp/benchmark     # the report directory
micro_feats=mfcc           # feature type (dump/<micro_feats>/) of the micro-benchmarks
decode_clusters=1024       # K of the decoding-speed model
decode_train_utts=500      # its training utterances (one epoch: decoding cost does not depend on accuracy)
decode_epochs=1
decode_utts=20             # utterances of test_in decoded hard and soft
decode_repeats=3           # timed rounds per mode
kmeans_clusters="128 1024" # K of the k-means comparison
memory_utts=1000           # N of the memory benchmark (the train set needs 2N utterances)
shape_frames=180000        # frames of the k-means comparison at WavLM Large's shape (one hour at 50 Hz)
shape_dim=1024             # their dims
shape_clusters=1024        # its K ("": not run); ESPnet's time grows with K (20 k-means++ inits)

# shellcheck source=../egs/TEMPLATE/asr1/scripts/parse_options.sh
. "${root}/egs/TEMPLATE/asr1/scripts/parse_options.sh"
shared_root=$(realpath -m "${shared_root}")
export SOFTASSIGN_SHARED=${shared_root}  # read by the size confs' local_data_opts
out_dir=$(realpath -m "${out_dir}")

run_stage() { ((stage <= $1 && $1 <= stop_stage)); }

cd "${recipe}"
# shellcheck source=../egs/mini/asr1/path.sh
. ./path.sh
# shellcheck source=../egs/mini/asr1/cmd.sh
. ./cmd.sh
# shellcheck source=../egs/TEMPLATE/asr1/scripts/stage_lib.sh
. scripts/stage_lib.sh # log, for_feats
# shellcheck source=../egs/mini/asr1/conf/bench.sh
. "conf/${size}.sh" # feats_list, num_clusters, taus (taus_<feats>), asr_units_config, train_set

if run_stage 1; then
  log "stage 1: the mini recipe at size ${size} (${feats_list})"
  ./run.sh --size "${size}"
fi

ctm=${shared_root}/kathleen_arctic_a/phones.ctm
if run_stage 2 && [[ -d data/real_kathleen && -f ${ctm} ]]; then
  for feats in ${feats_list}; do
    units=${feats}_k${num_clusters}
    read -ra taus <<<"$(for_feats taus "${feats}")"
    tau_file=exp/asr_${units}/label_free_tau_real_kathleen.txt
    label_free=()
    [[ -f ${tau_file} ]] && label_free=(--label_free_tau "$(<"${tau_file}")")
    log "stage 2: phone analysis of ${units} on real_kathleen -> ${out_dir}/analysis_${feats}"
    # features from the audio (even where the recipe stored every set's); the model brings its centroids
    python -m softassign.bin.analyze_units --data_dir data/real_kathleen --reader_conf "conf/feats/${feats}.yaml" \
      --asr_train_config "exp/asr_${units}/config.yaml" --asr_model_file "exp/asr_${units}/${inference_model}" \
      --taus "${taus[@]}" "${label_free[@]}" --ctm "${ctm}" --test_set real_kathleen \
      --out_dir "${out_dir}/analysis_${feats}"
  done
fi

micro=${out_dir}/micro
# the recipe's k-means portion of the train set (km_portion 1.0 in the mini recipe: all of it), float16
train_scp=dump/${micro_feats}/${train_set}_kmeans/feats.scp
if run_stage 3; then
  mkdir -p "${micro}"
  log "stage 3: micro-benchmarks on ${train_scp} -> ${micro}"
  python -m softassign.bin.bench_decode_speed --feats_scp "${train_scp}" --text "data/${train_set}/text" \
    --asr_config "${asr_units_config}" --num_clusters "${decode_clusters}" --train_utts "${decode_train_utts}" \
    --epochs "${decode_epochs}" --decode_data_dir data/test_in --reader_conf "conf/feats/${micro_feats}.yaml" \
    --decode_utts "${decode_utts}" \
    --repeats "${decode_repeats}" --work_dir "${micro}/decode_speed" --out "${micro}/decode_speed.json"
  read -ra clusters <<<"${kmeans_clusters}"
  python -m softassign.bin.bench_kmeans --feats_scp "${train_scp}" --num_clusters "${clusters[@]}" \
    --out "${micro}/kmeans.json"
  python -m softassign.bin.bench_memory --feats_scp "${train_scp}" --num_utts "${memory_utts}" \
    --num_clusters "${num_clusters}" --work_dir "${micro}/memory" --out "${micro}/memory.json"
  if [[ -n ${shape_clusters} ]]; then
    shape=${micro}/frames_${shape_dim}d
    python -m softassign.bin.make_mixture_features --num_frames "${shape_frames}" --dim "${shape_dim}" \
      --out_dir "${shape}"
    read -ra clusters <<<"${shape_clusters}"
    python -m softassign.bin.bench_kmeans --feats_scp "${shape}/feats.scp" --num_clusters "${clusters[@]}" \
      --name "kmeans_${shape_dim}d" --out "${micro}/kmeans_${shape_dim}d.json"
    rm -r "${shape}"  # 0.74 GB an hour of frames
  fi
fi

if run_stage 4; then
  report_args=()
  for feats in ${feats_list}; do
    results=exp/results_${feats}_k${num_clusters}/results.tsv
    analysis=${out_dir}/analysis_${feats}/analysis.tsv
    [[ -f ${results} ]] && report_args+=(--results "${feats}=${results}")
    [[ -f ${analysis} ]] && report_args+=(--analysis "${feats}=${analysis}")
  done
  shopt -s nullglob
  figures=("${micro}"/*.json)
  log "stage 4: report -> ${out_dir}/report.md"
  python -m softassign.bin.make_benchmark_report --out_dir "${out_dir}" "${report_args[@]}" \
    --figures "${figures[@]}"
fi
