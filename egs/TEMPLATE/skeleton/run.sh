#!/usr/bin/env bash
# <corpus>: discrete units of one feature layer, ESPnet CTC/attention ASR on the hard unit ids, decoded
# with hard and soft assignment (tau grid) and against the same model on the continuous features.
# Write local/data.sh first (egs/TEMPLATE/README.md), then
#     ./run.sh [asr.sh options...]    e.g. --stop_stage 4, --num_clusters 500, --ngpu 1
# Outputs: exp/results_<feats>_k<K>/results.{tsv,md}.
set -euo pipefail

# A quick first configuration (MFCC, small models, characters); for the published set-up use e.g.
# --feats_conf conf/feats/wavlm_large_l21.yaml --token_type bpe and full-size model configs.
./asr.sh \
  --train_set train --valid_set dev --test_sets "test" \
  --feats_conf conf/feats/mfcc.yaml \
  --num_clusters 128 --km_portion 1.0 \
  --token_type char \
  --asr_units_config conf/train_asr_units.yaml \
  --asr_continuous_config conf/train_asr_continuous.yaml \
  --taus "5 10 20 40 80" \
  "$@"
