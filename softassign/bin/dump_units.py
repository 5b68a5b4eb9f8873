r"""Dump one shard of the hard unit ids (nearest centroid) of one or several sets, with one model load for all.

    python -m softassign.bin.dump_units --reader_conf conf/feats/wavlm_large_l21.yaml \
        --centroids exp/kmeans/centroids.npy --job 1 --nj 4 \
        data/test_clean:dump/wavlm_large_l21_k1024/test_clean [SOURCE:OUT_DIR ...]
A SOURCE is a Kaldi data dir (features computed from its audio on the fly: nothing is stored but the ids)
or a feature scp (dumped features). Writes shard ``job`` of each set, ``<out_dir>/units.<job>.{ark,scp}``
(int16 ids when K <= 32768), with its record; a shard whose record matches is skipped. Merge each set with
``softassign.bin.merge_shards``.
"""

from __future__ import annotations

import argparse

from softassign.bin.common import add_shard_args, parse_pairs, run, setup_logging, source_of
from softassign.dump import dump_units
from softassign.features.sources import build_reader_conf
from softassign.records import command_record
from softassign.units.centroids import load_centroids


def build_parser() -> argparse.ArgumentParser:
    """The reader, centroids, device, shard options and the SOURCE:OUT_DIR pairs."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reader_conf", help="YAML feature reader config of the units; needed for data dir sources")
    parser.add_argument("--centroids", required=True, help="centroid file (.npy, K x D)")
    parser.add_argument("--device", default="cpu", help="torch device of the reader (cpu, cuda, cuda:1)")
    add_shard_args(parser)
    parser.add_argument("sets", nargs="+", metavar="SOURCE:OUT_DIR", help="a data dir (or feature scp) and its output")
    return parser


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, load reader and centroids once and dump this shard of every set."""
    args = build_parser().parse_args(argv)
    setup_logging()
    pairs = parse_pairs(args.sets)
    centroids = load_centroids(args.centroids)
    reader = build_reader_conf(args.reader_conf, args.device) if args.reader_conf else None
    options = [f"--reader_conf={args.reader_conf}", f"--centroids={args.centroids}", f"--device={args.device}"]
    for source, out in pairs:
        words = ["python", "-m", "softassign.bin.dump_units", *options, f"{source}:{out}"]
        record = command_record([*words, f"--job={args.job}", f"--nj={args.nj}"], [out])
        dump_units(source_of(source, reader), centroids, out, record, args.job, args.nj)


if __name__ == "__main__":
    run(main)
