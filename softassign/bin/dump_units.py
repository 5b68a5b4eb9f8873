"""Dump one shard of hard unit ids (int32 vectors) from dumped features or straight from audio.

From a feature scp:
    python -m softassign.bin.dump_units --feats_scp dump/feats/test/feats.scp \
        --centroids exp/kmeans/centroids.npy --out_dir dump/units/test --job 1 --nj 4
From a data dir (features computed on the fly, nothing stored but the ids):
    python -m softassign.bin.dump_units --data_dir data/train --reader_conf conf/feats/hubert.yaml ...
writes ``<out_dir>/units.<job>.{ark,scp}`` (+ ``.done``).
"""

from __future__ import annotations

import argparse
import logging

from softassign.arkio import is_done
from softassign.bin.common import add_reader_args, add_shard_args, reader_from_args, setup_logging
from softassign.dump import dump_units, feature_shard, shard_paths
from softassign.units.centroids import load_centroids


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and dump the shard."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--feats_scp", help="dumped features")
    source.add_argument("--data_dir", help="Kaldi data dir; needs --reader_conf")
    parser.add_argument("--centroids", required=True, help="centroid file (.npy, K x D)")
    parser.add_argument("--out_dir", required=True)
    add_reader_args(parser)
    add_shard_args(parser)
    args = parser.parse_args(argv)
    if args.data_dir and not args.reader_conf:
        parser.error("--data_dir needs --reader_conf")
    setup_logging()
    if is_done(shard_paths(args.out_dir, "units", args.job)[1]):
        logging.info("shard %d of %s is done; skipping", args.job, args.out_dir)
        return
    reader = reader_from_args(args) if args.data_dir else None
    stream, total = feature_shard(args.job, args.nj, args.feats_scp, args.data_dir, reader, args.batch_size)
    dump_units(stream, load_centroids(args.centroids), args.out_dir, args.job, total)


if __name__ == "__main__":
    main()
