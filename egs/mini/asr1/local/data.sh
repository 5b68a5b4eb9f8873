#!/usr/bin/env bash
# Data preparation of the mini recipe: synthesises a multi-voice English corpus on this machine
# (flite, festival, espeak-ng, piper voices; accented espeak-ng; recorded Asterisk prompts).
# No download. Run from the recipe dir:
#     local/data.sh [--size tiny|ci|small|bench] [--nj 2] [--seed 0] [--data_root data] [--wav_root data/wav]
#                   [--shared_root ../../../../shared/data] [--kathleen_utts 100] [--real_train false]
#                   [--real_speed_perturb 0.9,1.1]
# writes <data_root>/{train,dev,test_in,test_voice,test_accent,test_real} (Kaldi data dirs; test_real
# only when the asterisk-core-sounds-en packages are installed) and the 16 kHz wavs under <wav_root>;
# with --shared_root (where that dir exists), the real-speech sets real_kathleen and real_ljspeech
# (local/shared_data.sh). --real_train true also trains on real speech: <data_root>/train_all is train plus
# train_real (the Asterisk prompts that test_real does not hold) plus, with the shared dir, train_kathleen
# (every take of the ARCTIC prompts that real_kathleen does not hold); --real_speed_perturb adds their
# speed-perturbed copies (<set>_sp<factor>, sox pipes: no wav written) to train_all. Reruns reuse finished wavs.
set -euo pipefail

size=ci           # tiny (tests), ci (minutes on 2 cores), small (an hour) or bench (hours)
nj=2              # parallel synthesis jobs
seed=0            # sentences and voice assignment
data_root=data    # where the data dirs go
wav_root=data/wav # where the synthesised wavs go
shared_root=      # the project's shared data dir with real speech ('' or absent: none)
kathleen_utts=100 # prompts of real_kathleen
real_train=false  # true: also write train_all, the train set plus real speech
real_speed_perturb= # comma-separated speed factors of the real training speech in train_all ('': none)

# shellcheck source=../scripts/parse_options.sh
. scripts/parse_options.sh
# shellcheck source=../path.sh
. ./path.sh

case ${size} in
  tiny) sizes=(--train_utts 12 --train_sentences 12 --dev_utts 3 --test_utts 3 --real_utts 3) ;;
  ci) sizes=(--train_utts 2400 --train_sentences 2400 --dev_utts 100 --test_utts 100 --real_utts 100) ;;
  small) sizes=(--train_utts 1000 --train_sentences 600 --dev_utts 40 --test_utts 30 --real_utts 30) ;;
  bench) sizes=(--train_utts 8000 --train_sentences 8000 --dev_utts 200 --test_utts 200 --real_utts 100) ;;
  *)
    echo "$0: unknown --size ${size} (tiny, ci, small or bench)" >&2
    exit 2
    ;;
esac
if [[ -n ${real_speed_perturb} && ${real_train} != true ]]; then
  echo "$0: --real_speed_perturb ${real_speed_perturb} perturbs the real training speech: it needs --real_train true" >&2
  exit 2
fi

splits=train,dev,test_in,test_voice,test_accent,test_real
[[ ${real_train} == true ]] && splits+=,train_real
python -m softassign.bin.make_synthetic_corpus --data_root "${data_root}" --wav_root "${wav_root}" \
  --seed "${seed}" --nj "${nj}" --splits "${splits}" "${sizes[@]}"
rm -rf "${data_root}/train_kathleen"
if [[ -n ${shared_root} ]]; then
  local/shared_data.sh --data_root "${data_root}" --kathleen_utts "${kathleen_utts}" --kathleen_train "${real_train}" \
    "${shared_root}"
fi
if [[ ${real_train} == true ]]; then
  sources=()
  IFS=, read -ra factors <<<"${real_speed_perturb}"
  for set in train train_real train_kathleen; do
    [[ -d ${data_root}/${set} ]] || continue
    sources+=("${data_root}/${set}")
    if [[ ${set} != train && ${#factors[@]} -gt 0 ]]; then
      python -m softassign.bin.perturb_speed --factors "${factors[@]}" --out_prefix "${data_root}/${set}_sp" \
        "${data_root}/${set}"
      for factor in "${factors[@]}"; do
        sources+=("${data_root}/${set}_sp${factor}")
      done
    fi
  done
  python -m softassign.bin.combine_data_dirs --out_dir "${data_root}/train_all" "${sources[@]}"
fi
