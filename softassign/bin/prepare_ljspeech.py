r"""Make Kaldi data dirs from an LJSpeech-1.1 release (``metadata.csv`` and ``wavs/``).

    python -m softassign.bin.prepare_ljspeech --corpus_root /data/LJSpeech-1.1 --data_root data \
        [--dev_utts 250] [--eval_utts 250]
writes ``<data_root>/{tr_no_dev,dev,eval1}/{wav.scp,text,utt2spk,spk2utt}``: eval1 = the last
``--eval_utts`` clips in id order, dev = the ``--dev_utts`` before them (ESPnet's LJSpeech split),
tr_no_dev = the rest; transcripts from the normalized column (softassign.corpora.ljspeech).
"""

from __future__ import annotations

import argparse
import logging

from softassign.bin.common import setup_logging
from softassign.corpora.ljspeech import prepare_sets


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and write the data dirs."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus_root", required=True, help="the LJSpeech-1.1 dir (metadata.csv, wavs/)")
    parser.add_argument("--data_root", required=True)
    parser.add_argument("--dev_utts", type=int, default=250, help="clips of dev (before eval1)")
    parser.add_argument("--eval_utts", type=int, default=250, help="clips of eval1 (the last ones)")
    args = parser.parse_args(argv)
    setup_logging()
    for data in prepare_sets(args.corpus_root, args.data_root, args.dev_utts, args.eval_utts).values():
        logging.info("wrote %s: %d utterances", data.path, len(data.utterances))


if __name__ == "__main__":
    main()
