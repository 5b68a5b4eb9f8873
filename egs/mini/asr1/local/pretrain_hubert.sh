#!/usr/bin/env bash
# Pretrains a small HuBERT on the recipe's own corpus (no downloaded weights) by masked prediction of k-means
# ids: HuBERT's first iteration predicts those of MFCC (stage 4 of the mfcc pipeline, 100 Hz: every second id
# kept, --units_stride 2), its second those of a layer of the first model (50 Hz: --units_stride 1). Run from
# the recipe dir once the units exist (run.sh does both iterations):
#     local/pretrain_hubert.sh [--num_clusters 256] [--units_scp ...] [--units_stride 2] [--max_steps 3000]
#         [--device cpu] [--out_dir exp/hubert_pretrain] [--pretrain_args "..."]
# writes <out_dir>/encoder.pt (exp/hubert_pretrain: the checkpoint of conf/feats/hubert_pretrained.yaml) and
# the dir's record; an interrupted run resumes from its last checkpoint, a run with other options starts again.
# pretrain_args: more python -m softassign.bin.pretrain_hubert options (--batch_size, --learning_rate, ...).
set -euo pipefail

data_dir=data/train        # the audio
num_clusters=256           # K of the MFCC units = number of target classes
units_scp=                 # the targets ('' = dump/mfcc_k<num_clusters>/<data_dir's name>/units.scp)
units_stride=2             # keep every n-th target id (2: 100 Hz MFCC units -> the model's 50 Hz)
model=small_hubert         # architecture (softassign.features.ssl: small_hubert or tiny_hubert)
max_steps=3000             # training steps (small_hubert: about 4 steps/s on one CPU core, 2026-12-02)
device=cpu                 # torch device (cpu, cuda)
num_threads=1              # CPU threads of the job (on 2 shared cores, 2 threads ran slower than 1)
out_dir=exp/hubert_pretrain
pretrain_args=

# shellcheck source=../scripts/parse_options.sh
. scripts/parse_options.sh
# shellcheck source=../path.sh
. ./path.sh
# shellcheck source=../cmd.sh
. ./cmd.sh
# shellcheck source=../scripts/stage_lib.sh
. scripts/stage_lib.sh

units_scp=${units_scp:-dump/mfcc_k${num_clusters}/$(basename "${data_dir}")/units.scp}
if [[ ! -f ${units_scp} ]]; then
  echo "$0: no ${units_scp}: run the mfcc pipeline up to stage 4 (units) first" >&2
  exit 1
fi
read -ra extra_args <<<"${pretrain_args}"
pretrain=(python -m softassign.bin.pretrain_hubert --data_dir "${data_dir}" --units_scp "${units_scp}"
  --num_classes "${num_clusters}" --units_stride "${units_stride}" --model "${model}" --max_steps "${max_steps}"
  --device "${device}" --out_dir "${out_dir}" "${extra_args[@]}")
if ! begin_resumable "${out_dir}" "${pretrain[@]}"; then
  log "${out_dir} is done"
  exit 0
fi
launcher_for "${device}" launcher
log "pretraining ${model} on ${data_dir} with targets ${units_scp} -> ${out_dir} (log: ${out_dir}/log)"
"${launcher[@]}" --num_threads "${num_threads}" "${out_dir}/log/pretrain.log" "${pretrain[@]}"
write_record "${out_dir}" "${pretrain[@]}"
