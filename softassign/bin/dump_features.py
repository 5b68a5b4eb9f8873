r"""Dump one shard of the features of one or several sets as ark/scp, with one model load for all of them.

    python -m softassign.bin.dump_features --reader_conf conf/feats/wavlm_large_l21.yaml --dtype float16 \
        --job 1 --nj 4 dump/data/train_kmeans:dump/wavlm_large_l21/train_kmeans [SOURCE:OUT_DIR ...]
A SOURCE is a Kaldi data dir (features computed from its audio) or a feature scp. Writes shard ``job``
of each set, ``<out_dir>/feats.<job>.{ark,scp}``, with its record ``feats.<job>.scp.done``: a shard whose
record matches (same options, same input) is skipped. ``--dtype float16`` halves the disk (NumPy records in
the ark; :mod:`softassign.dump`). Merge each set with ``softassign.bin.merge_shards``.
"""

from __future__ import annotations

import argparse

from softassign.bin.common import add_dump_args, dump_jobs, run, setup_logging
from softassign.dump import FEATURE_DTYPES, dump_features


def build_parser() -> argparse.ArgumentParser:
    """The storage dtype, the reader, device and shard options and the SOURCE:OUT_DIR pairs."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dtype", choices=FEATURE_DTYPES, default="float32", help="storage dtype")
    add_dump_args(parser)
    return parser


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, load the reader once and dump this shard of every set."""
    args = build_parser().parse_args(argv)
    setup_logging()
    for features, out, record in dump_jobs("softassign.bin.dump_features", args, [f"--dtype={args.dtype}"]):
        dump_features(features, out, record, args.job, args.nj, args.dtype)


if __name__ == "__main__":
    run(main)
