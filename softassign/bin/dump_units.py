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

from softassign.bin.common import add_dump_args, dump_jobs, run, setup_logging
from softassign.dump import dump_units
from softassign.units.centroids import load_centroids


def build_parser() -> argparse.ArgumentParser:
    """The centroids, the reader, device and shard options and the SOURCE:OUT_DIR pairs."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--centroids", required=True, help="centroid file (.npy, K x D)")
    add_dump_args(parser)
    return parser


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, load reader and centroids once and dump this shard of every set."""
    args = build_parser().parse_args(argv)
    setup_logging()
    centroids = load_centroids(args.centroids)
    for features, out, record in dump_jobs("softassign.bin.dump_units", args, [f"--centroids={args.centroids}"]):
        dump_units(features, centroids, out, record, args.job, args.nj)


if __name__ == "__main__":
    run(main)
