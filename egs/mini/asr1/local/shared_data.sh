#!/usr/bin/env bash
# Real-speech sets from the project's shared data dir, when there is one (developers' machines, CI):
#     local/shared_data.sh [--kathleen_utts 100] [--kathleen_train false] [--data_root data] <shared_root>
# writes <data_root>/real_kathleen (one aligned take per ARCTIC prompt, 16 kHz, phones.ctm alignments in
# <shared_root>/kathleen_arctic_a) and <data_root>/real_ljspeech (32 LJSpeech clips, 22.05 kHz, resampled
# on loading). With --kathleen_train true, real_kathleen holds every take of its prompts and
# <data_root>/train_kathleen every take of the other prompts, to train on. Without <shared_root> (a user's
# clone) it says so and exits 0 without writing anything.
set -euo pipefail

kathleen_utts=100   # prompts of real_kathleen
kathleen_train=false # true: every take of those prompts, and train_kathleen of the other prompts
data_root=data      # where the data dirs go
positional_args=true

# shellcheck source=../scripts/parse_options.sh
. scripts/parse_options.sh
if (($# != 1)); then
  echo "usage: $0 [--kathleen_utts N] [--kathleen_train false] [--data_root data] <shared_root> (--help says more)" >&2
  exit 2
fi
shared_root=$1

if [[ ! -d ${shared_root} ]]; then
  echo "$0: no shared data dir ${shared_root}; skipping the real-speech test sets" >&2
  exit 0
fi
# shellcheck source=../path.sh
. ./path.sh
train=()
[[ ${kathleen_train} == true ]] && train=(--kathleen_train)
python -m softassign.bin.prepare_shared_speech --shared_root "${shared_root}" --data_root "${data_root}" \
  --kathleen_utts "${kathleen_utts}" "${train[@]}"
