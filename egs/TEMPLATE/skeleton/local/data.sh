#!/usr/bin/env bash
# Data preparation of this recipe: NOT WRITTEN YET. It must make, from the corpus on disk, one Kaldi
# data dir data/<set>/ for each set run.sh names (default: train, dev, test) with
#   wav.scp   utt -> absolute audio path (wav, flac: anything soundfile reads) or "command |"
#   text      utt -> transcript, normalised by softassign.text.normalize_transcript
#   utt2spk   utt -> speaker (utterance ids start with their speaker id)
#   spk2utt   speaker -> its utterances
# (optional: segments), sorted and valid for softassign.datadir.load_data_dir. Put the corpus layout
# parsing in Python (softassign/corpora/<corpus>.py + softassign/bin/prepare_<corpus>.py, written with
# softassign.datadir.write_data_dir) and call it here; see egs/librispeech/asr1/local/data.sh.
set -euo pipefail

echo "$0: local/data.sh is not written yet: it must make the Kaldi data dirs data/{train,dev,test}" \
  "(see the header of $0 and egs/TEMPLATE/README.md)" >&2
exit 1
