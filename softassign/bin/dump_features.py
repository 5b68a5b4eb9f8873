"""Dump one shard of the features of a set as an ark/scp: from a data dir's audio (or a feature scp).

    python -m softassign.bin.dump_features --data_dir data/train --reader_conf conf/feats/mfcc.yaml \
        --out_dir dump/mfcc/train --job 1 --nj 4 [--dtype float16]
writes ``<out_dir>/feats.<job>.{ark,scp}`` and the shard's record ``feats.<job>.scp.done``; a shard whose
record matches (same command, same inputs) is skipped. ``--dtype float16`` halves the disk (NumPy records
in the ark; see :mod:`softassign.dump`). Merge with ``softassign.bin.merge_shards``.
"""

from __future__ import annotations

import argparse

from softassign.bin.common import add_shard_args, job_record, run, setup_logging
from softassign.dump import FEATURE_DTYPES, dump_features
from softassign.features.sources import add_feature_source_args, feature_source_from_args


def build_parser() -> argparse.ArgumentParser:
    """The feature source, output dir, storage dtype and shard options."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_feature_source_args(parser)
    parser.add_argument("--out_dir", required=True)
    parser.add_argument("--dtype", choices=FEATURE_DTYPES, default="float32", help="storage dtype")
    add_shard_args(parser)
    return parser


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and dump the shard."""
    args = build_parser().parse_args(argv)
    setup_logging()
    record = job_record("softassign.bin.dump_features", argv, [args.out_dir])
    dump_features(feature_source_from_args(args), args.out_dir, record, args.job, args.nj, args.dtype)


if __name__ == "__main__":
    run(main)
