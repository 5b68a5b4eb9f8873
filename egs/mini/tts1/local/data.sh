#!/usr/bin/env bash
# Data preparation of the mini synthesis recipe: a single-speaker corpus of one synthetic voice (the
# vocoder's target) and test sets of the same held-out sentences said by it and by other voices,
# synthesised on this machine (no download). Run from the recipe dir:
#     local/data.sh [--size tiny|ci|bench] [--target_voice flite_slt] [--nj 2] [--seed 0] [--data_root data]
#                   [--wav_root data/wav]
# writes <data_root>/train (the target voice on the train sentences), test_in (the target voice on the
# test sentences), test_voice (held-out voices) and test_accent (accented espeak-ng voices) on the same
# test sentences, and the parallel references <set>_ref of the three test sets (the target voice's
# test_in utterance of each sentence; test_in_ref is test_in). Reruns reuse finished wavs.
set -euo pipefail

size=ci                  # tiny (tests), ci (minutes on 2 cores) or bench
target_voice=flite_slt   # a train voice of softassign/synthetic_corpus/voices.py
nj=2                     # parallel synthesis jobs
seed=0                   # sentences and voice assignment
data_root=data    # where the data dirs go
wav_root=data/wav # where the synthesised wavs go

# shellcheck source=../scripts/parse_options.sh
. scripts/parse_options.sh
# shellcheck source=../path.sh
. ./path.sh

# train sentences = train utterances: the target voice says each once
case ${size} in
  tiny) sizes=(--train_utts 12 --train_sentences 12 --test_utts 2) ;;
  ci) sizes=(--train_utts 150 --train_sentences 150 --test_utts 4) ;;
  bench) sizes=(--train_utts 1500 --train_sentences 1500 --test_utts 50) ;;
  *)
    echo "$0: unknown --size ${size} (tiny, ci or bench)" >&2
    exit 2
    ;;
esac

python -m softassign.bin.make_synthetic_corpus --data_root "${data_root}" --wav_root "${wav_root}" \
  --seed "${seed}" --nj "${nj}" --train_voices "${target_voice}" --splits train,test_in,test_voice,test_accent \
  "${sizes[@]}"
ln -sfn test_in "${data_root}/test_in_ref"
for set in test_voice test_accent; do
  python -m softassign.bin.make_parallel_refs --data_dir "${data_root}/${set}" \
    --ref_data_dir "${data_root}/test_in" --out_dir "${data_root}/${set}_ref"
done
