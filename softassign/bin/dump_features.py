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

from softassign.bin.common import add_shard_args, parse_pairs, run, setup_logging, source_of
from softassign.dump import FEATURE_DTYPES, dump_features
from softassign.features.sources import build_reader_conf
from softassign.records import command_record


def build_parser() -> argparse.ArgumentParser:
    """The reader, storage dtype, device, shard options and the SOURCE:OUT_DIR pairs."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--reader_conf", help="YAML feature reader config ({type: mfcc|ssl, ...}); needed for data dir sources"
    )
    parser.add_argument("--dtype", choices=FEATURE_DTYPES, default="float32", help="storage dtype")
    parser.add_argument("--device", default="cpu", help="torch device of the reader (cpu, cuda, cuda:1)")
    add_shard_args(parser)
    parser.add_argument("sets", nargs="+", metavar="SOURCE:OUT_DIR", help="a data dir (or feature scp) and its output")
    return parser


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, load the reader once and dump this shard of every set."""
    args = build_parser().parse_args(argv)
    setup_logging()
    pairs = parse_pairs(args.sets)
    reader = build_reader_conf(args.reader_conf, args.device) if args.reader_conf else None
    options = [f"--reader_conf={args.reader_conf}", f"--dtype={args.dtype}", f"--device={args.device}"]
    for source, out in pairs:
        words = ["python", "-m", "softassign.bin.dump_features", *options, f"{source}:{out}"]
        record = command_record([*words, f"--job={args.job}", f"--nj={args.nj}"], [out])
        dump_features(source_of(source, reader), out, record, args.job, args.nj, args.dtype)


if __name__ == "__main__":
    run(main)
