#!/usr/bin/env bash
# LibriSpeech data preparation: Kaldi data dirs in data/ from the unpacked release at ${LIBRISPEECH}
# (db.sh). Run from the recipe dir:
#     local/data.sh [--train_set train_clean_100|train_960] [--data_root data]
# writes <data_root>/{<train_set>,dev,dev_clean,dev_other,test_clean,test_other}, dev = dev-clean +
# dev-other (the validation set), train_960 = train-clean-100 + train-clean-360 + train-other-500.
# Needs the release splits of those sets under ${LIBRISPEECH}; fails naming the path otherwise.
set -euo pipefail

train_set=train_clean_100  # train_clean_100 (100 h) or train_960 (960 h)
data_root=data             # where the data dirs go

# shellcheck source=../scripts/parse_options.sh
. scripts/parse_options.sh
# shellcheck source=../path.sh
. ./path.sh
# shellcheck source=../db.sh
. ./db.sh

python -m softassign.bin.prepare_librispeech --corpus_root "${LIBRISPEECH}" --data_root "${data_root}" \
  --sets "${train_set}" dev dev_clean dev_other test_clean test_other
