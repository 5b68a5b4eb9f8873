#!/usr/bin/env bash
# LJSpeech data preparation: Kaldi data dirs in data/ from the unpacked release at ${LJSPEECH} (db.sh),
# split as ESPnet's egs2/ljspeech/tts1: eval1 = the last 250 clips in id order, dev = the 250 before,
# tr_no_dev = the other 12,600. Run from the recipe dir:
#     local/data.sh [--data_root data] [--dev_utts 250] [--eval_utts 250] [--ood_dirs dir1,dir2]
# writes <data_root>/{tr_no_dev,dev,eval1} and their parallel references dev_ref, eval1_ref (the sets
# themselves: LJ's own recordings); each --ood_dirs entry (a Kaldi data dir of another recipe, e.g.
# ../../librispeech/asr1/data/test_clean) is linked as <data_root>/<its name>, to be converted into the
# LJSpeech voice (no references: intelligibility only). Fails naming the path on a broken corpus.
set -euo pipefail

data_root=data        # where the data dirs go
dev_utts=250          # clips held out for dev
eval_utts=250         # clips held out for eval1
ood_dirs=             # comma-separated data dirs of other corpora to convert into the LJ voice

# shellcheck source=../scripts/parse_options.sh
. scripts/parse_options.sh
# shellcheck source=../path.sh
. ./path.sh
# shellcheck source=../db.sh
. ./db.sh

IFS=, read -ra ood <<<"${ood_dirs}"
for dir in "${ood[@]}"; do
  case $(basename "${dir}") in
    tr_no_dev | dev | eval1 | dev_ref | eval1_ref)
      echo "$0: out-of-domain dir ${dir} has the name of an LJSpeech set; link it under another name" >&2
      exit 1
      ;;
  esac
  if [[ ! -f ${dir}/wav.scp ]]; then
    echo "$0: out-of-domain dir ${dir}: no wav.scp (run that recipe's data stage first)" >&2
    exit 1
  fi
done

python -m softassign.bin.prepare_ljspeech --corpus_root "${LJSPEECH}" --data_root "${data_root}" \
  --dev_utts "${dev_utts}" --eval_utts "${eval_utts}"
for set in dev eval1; do
  ln -sfn "${set}" "${data_root}/${set}_ref"
done
for dir in "${ood[@]}"; do
  ln -sfn "$(cd "${dir}" && pwd)" "${data_root}/$(basename "${dir}")"
done
