r"""Make Kaldi data dirs from a LibriSpeech release (``LibriSpeech/<split>/<reader>/<chapter>/``).

    python -m softassign.bin.prepare_librispeech --corpus_root /data/LibriSpeech --data_root data \
        --sets train_clean_100 dev dev_clean dev_other test_clean test_other [train_960]
writes ``<data_root>/<set>/{wav.scp,text,utt2spk,spk2utt}``; sets are release splits with ``_`` for
``-`` plus the unions ``train_960`` and ``dev`` (softassign.corpora.librispeech.DATA_SETS).
"""

from __future__ import annotations

import argparse
import logging

from softassign.bin.common import setup_logging
from softassign.corpora.librispeech import DATA_SETS, prepare_sets


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and write the data dirs."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus_root", required=True, help="the LibriSpeech dir (holding train-clean-100/...)")
    parser.add_argument("--data_root", required=True)
    parser.add_argument("--sets", nargs="+", required=True, choices=sorted(DATA_SETS), metavar="SET")
    args = parser.parse_args(argv)
    setup_logging()
    for _name, data in prepare_sets(args.corpus_root, args.data_root, args.sets).items():
        logging.info("wrote %s: %d utterances", data.path, len(data.utterances))


if __name__ == "__main__":
    main()
