r"""Make Kaldi test sets of the real speech in the project's shared data dir (kathleen ARCTIC, LJSpeech samples).

    python -m softassign.bin.prepare_shared_speech --shared_root ../shared/data --data_root data \
        [--kathleen_utts 100] [--kathleen_train]
writes ``<data_root>/real_kathleen`` (one aligned take per prompt, the first ``--kathleen_utts`` prompts)
and ``<data_root>/real_ljspeech`` (the 32 clips) for the sample dirs present; with ``--kathleen_train``,
real_kathleen holds every take of those prompts and ``<data_root>/train_kathleen`` every take of the others
(to train on). See softassign.corpora.shared_speech.
"""

from __future__ import annotations

import argparse
import logging

from softassign.bin.common import setup_logging
from softassign.corpora.shared_speech import prepare_shared_sets


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and write the data dirs."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared_root", required=True, help="the shared data dir (kathleen_arctic_a/, ...)")
    parser.add_argument("--data_root", required=True)
    parser.add_argument("--kathleen_utts", type=int, default=100, help="prompts of the kathleen set")
    parser.add_argument(
        "--kathleen_train", action="store_true", help="also write train_kathleen: every take of the other prompts"
    )
    args = parser.parse_args(argv)
    setup_logging()
    sets = prepare_shared_sets(args.shared_root, args.data_root, args.kathleen_utts, args.kathleen_train)
    for data in sets.values():
        logging.info("wrote %s: %d utterances", data.path, len(data.utterances))
    if not sets:
        logging.info("%s holds none of the real-speech sample dirs; nothing written", args.shared_root)


if __name__ == "__main__":
    main()
