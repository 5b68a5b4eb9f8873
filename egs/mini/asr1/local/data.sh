#!/usr/bin/env bash
# Data preparation of the mini recipe: synthesises a multi-voice English corpus on this machine
# (flite, festival, espeak-ng, piper voices; accented espeak-ng; recorded Asterisk prompts).
# No download. Run from the recipe dir:
#     local/data.sh [--size tiny|ci|small|bench] [--nj 2] [--seed 0] [--data_root data] [--wav_root data/wav]
# writes <data_root>/{train,dev,test_in,test_voice,test_accent,test_real} (Kaldi data dirs; test_real
# only when the asterisk-core-sounds-en packages are installed) and the 16 kHz wavs under <wav_root>.
# Reruns reuse finished wavs.
set -euo pipefail

size=ci           # tiny (tests), ci (minutes on 2 cores), small (an hour) or bench (hours)
nj=2              # parallel synthesis jobs
seed=0            # sentences and voice assignment
data_root=data    # where the data dirs go
wav_root=data/wav # where the synthesised wavs go

# shellcheck source=../scripts/parse_options.sh
. scripts/parse_options.sh
# shellcheck source=../path.sh
. ./path.sh

case ${size} in
  tiny) sizes=(--train_utts 12 --train_sentences 12 --dev_utts 3 --test_utts 3 --real_utts 3) ;;
  ci) sizes=(--train_utts 800 --train_sentences 800 --dev_utts 30 --test_utts 100 --real_utts 100) ;;
  small) sizes=(--train_utts 1000 --train_sentences 600 --dev_utts 40 --test_utts 30 --real_utts 30) ;;
  bench) sizes=(--train_utts 4000 --train_sentences 2000 --dev_utts 200 --test_utts 200 --real_utts 200) ;;
  *)
    echo "$0: unknown --size ${size} (tiny, ci, small or bench)" >&2
    exit 2
    ;;
esac

python -m softassign.bin.make_synthetic_corpus --data_root "${data_root}" --wav_root "${wav_root}" \
  --seed "${seed}" --nj "${nj}" "${sizes[@]}"
