r"""Make a Kaldi data dir from an L2-ARCTIC release (``<root>/<SPK>/{wav,transcript,annotation}/``).

    python -m softassign.bin.prepare_l2arctic --corpus_root /data/l2arctic --data_dir data/l2arctic \
        [--speakers ABA BWC ...]
writes ``<data_dir>/{wav.scp,text,utt2spk,spk2utt,utt2lang}`` and, for the annotated subset,
``textgrid.scp`` (softassign.corpora.l2arctic).
"""

from __future__ import annotations

import argparse
import logging

from softassign.bin.common import setup_logging
from softassign.corpora.l2arctic import SPEAKER_L1, prepare


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and write the data dir."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus_root", required=True, help="the dir holding the speaker dirs (ABA, ASI, ...)")
    parser.add_argument("--data_dir", required=True)
    parser.add_argument("--speakers", nargs="+", choices=sorted(SPEAKER_L1), metavar="SPK", help="default: all 24")
    args = parser.parse_args(argv)
    setup_logging()
    data = prepare(args.corpus_root, args.data_dir, args.speakers)
    logging.info(
        "wrote %s: %d utterances of %d speakers", data.path, len(data.utterances), len(set(data.utt2spk.values()))
    )


if __name__ == "__main__":
    main()
