"""Dump one shard of hard unit ids (nearest centroid) of a set: from a data dir's audio or a feature scp.

    python -m softassign.bin.dump_units --data_dir data/test --reader_conf conf/feats/wavlm_large_l21.yaml \
        --centroids exp/kmeans/centroids.npy --out_dir dump/wavlm_large_l21_k1024/test --job 1 --nj 4
computes the features on the fly (nothing stored but the ids); ``--feats_scp`` reads dumped features
instead. Writes ``<out_dir>/units.<job>.{ark,scp}`` (int16 ids when K <= 32768) and the shard's record;
a shard whose record matches is skipped. Merge with ``softassign.bin.merge_shards``.
"""

from __future__ import annotations

import argparse

from softassign.bin.common import add_shard_args, job_record, run, setup_logging
from softassign.dump import dump_units
from softassign.features.sources import add_feature_source_args, feature_source_from_args
from softassign.units.centroids import load_centroids


def build_parser() -> argparse.ArgumentParser:
    """The feature source, centroids, output dir and shard options."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_feature_source_args(parser)
    parser.add_argument("--centroids", required=True, help="centroid file (.npy, K x D)")
    parser.add_argument("--out_dir", required=True)
    add_shard_args(parser)
    return parser


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and dump the shard."""
    args = build_parser().parse_args(argv)
    setup_logging()
    record = job_record("softassign.bin.dump_units", argv, [args.out_dir])
    centroids = load_centroids(args.centroids)
    dump_units(feature_source_from_args(args), centroids, args.out_dir, record, args.job, args.nj)


if __name__ == "__main__":
    run(main)
