r"""Write the data dir of a seeded random portion of a data dir's utterances (the k-means portion).

    python -m softassign.bin.subset_data_dir --data_dir data/train_clean_100 --portion 0.1 --seed 0 \
        --out_dir dump/kmeans/train_clean_100_subset0.1_seed0
takes ceil(portion x utterances) utterances chosen by ``seed`` (the same seed, the same subset), with
their recordings, segments, transcripts and speakers, as ESPnet's ``utils/subset_data_dir.sh`` does for
its k-means portion.
"""

from __future__ import annotations

import argparse
import logging

from softassign.bin.common import run, setup_logging
from softassign.datadir import load_data_dir, subset_data_dir
from softassign.units.kmeans import select_portion


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, choose the portion and write its data dir."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data_dir", required=True)
    parser.add_argument("--portion", type=float, required=True, help="fraction of utterances, in (0, 1]")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out_dir", required=True)
    args = parser.parse_args(argv)
    setup_logging()
    data = load_data_dir(args.data_dir)
    subset = subset_data_dir(data, select_portion(data.utterances, args.portion, args.seed), args.out_dir)
    logging.info("%s: %d of %d utterances of %s", args.out_dir, len(subset.utterances), len(data.utterances), data.path)


if __name__ == "__main__":
    run(main)
