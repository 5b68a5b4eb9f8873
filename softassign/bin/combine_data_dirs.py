r"""Write the union of Kaldi data dirs (ESPnet's ``utils/combine_data.sh``).

    python -m softassign.bin.combine_data_dirs --out_dir data/train_all data/train data/train_real ...
validates every source, refuses an utterance id that two sources give different contents, and swaps the
combined dir in whole (no partial output).
"""

from __future__ import annotations

import argparse
import logging

from softassign.bin.common import run, setup_logging
from softassign.datadir import combine_data_dirs, load_data_dir


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, load the sources and write their union."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out_dir", required=True)
    parser.add_argument("sources", nargs="+", help="data dirs")
    args = parser.parse_args(argv)
    setup_logging()
    combined = combine_data_dirs([load_data_dir(source) for source in args.sources], args.out_dir)
    logging.info("%s: %d utterances of %s", args.out_dir, len(combined.utterances), " ".join(args.sources))


if __name__ == "__main__":
    run(main)
