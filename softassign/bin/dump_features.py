"""Dump one shard of the features of a Kaldi data dir as a float ark/scp.

    python -m softassign.bin.dump_features --data_dir data/train --reader_conf conf/feats/mfcc.yaml \
        --out_dir dump/feats/train --job 1 --nj 4
writes ``<out_dir>/feats.<job>.{ark,scp}`` (+ ``.done``).
"""

from __future__ import annotations

import argparse
import logging

from softassign.arkio import is_done
from softassign.bin.common import add_reader_args, add_shard_args, reader_from_args, setup_logging
from softassign.dump import dump_features, shard_paths


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and dump the shard."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data_dir", required=True)
    parser.add_argument("--out_dir", required=True)
    add_reader_args(parser)
    add_shard_args(parser)
    args = parser.parse_args(argv)
    setup_logging()
    if is_done(shard_paths(args.out_dir, "feats", args.job)[1]):
        logging.info("shard %d of %s is done; skipping", args.job, args.out_dir)
        return
    dump_features(args.data_dir, reader_from_args(args), args.out_dir, args.job, args.nj, args.batch_size)


if __name__ == "__main__":
    main()
