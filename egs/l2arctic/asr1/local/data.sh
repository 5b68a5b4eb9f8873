#!/usr/bin/env bash
# L2-ARCTIC data preparation from the release at ${L2ARCTIC} (db.sh). Run from the recipe dir:
#     local/data.sh [--set l2arctic] [--speakers ABA,BWC,...] [--data_root data]
# writes <data_root>/<set>/{wav.scp,text,utt2spk,spk2utt} plus utt2lang (utterance -> native
# language), textgrid.scp (the annotated subset's TextGrids) and their phone alignment as CTM:
# phones.ctm (perceived phones, what the speaker said) and phones_canonical.ctm (the expected ones).
set -euo pipefail

set=l2arctic          # name of the data dir written
speakers=   # comma-separated speaker ids; empty: all 24
data_root=data        # where the data dir goes

# shellcheck source=../scripts/parse_options.sh
. scripts/parse_options.sh
# shellcheck source=../path.sh
. ./path.sh
# shellcheck source=../db.sh
. ./db.sh

data=${data_root}/${set}
# shellcheck disable=SC2086  # speakers are words
python -m softassign.bin.prepare_l2arctic --corpus_root "${L2ARCTIC}" --data_dir "${data}" \
  ${speakers:+--speakers ${speakers//,/ }}
if [[ -f ${data}/textgrid.scp ]]; then
  python -m softassign.bin.textgrid_to_ctm --textgrid_scp "${data}/textgrid.scp" --tier phones \
    --view perceived --out "${data}/phones.ctm"
  python -m softassign.bin.textgrid_to_ctm --textgrid_scp "${data}/textgrid.scp" --tier phones \
    --view canonical --out "${data}/phones_canonical.ctm"
fi
