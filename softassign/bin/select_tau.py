r"""Pick the soft-assignment temperature of each target set from its unlabelled audio (no transcripts).

    python -m softassign.bin.select_tau --centroids exp/kmeans/centroids.npy \
        --reader_conf conf/feats/wavlm_large_l21.yaml --target_perplexity 2 \
        data/test_other:exp/asr/label_free_tau_test_other.txt [more SOURCE:OUT pairs]
A SOURCE is a data dir (features computed with --reader_conf) or a feature scp. The features of a seeded
random order of its utterances are computed until ``--max_frames`` frames are in hand (not the whole set);
each set's tau (one number) is written to its OUT file. See :mod:`softassign.units.temperature`.
"""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import torch

from softassign.bin.common import parse_pairs, run, setup_logging, source_of
from softassign.errors import ConfigError, DataError
from softassign.features.sources import FeatureSource, build_reader_conf
from softassign.units.centroids import load_centroids
from softassign.units.temperature import CRITERIA, check_criterion, select_tau


def build_parser() -> argparse.ArgumentParser:
    """Centroids, reader, criterion, sample size and the SOURCE:OUT pairs."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--centroids", required=True)
    parser.add_argument("--reader_conf", help="feature reader of data dir sources")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--criterion", choices=CRITERIA, default="perplexity")
    parser.add_argument("--target_perplexity", type=float, default=2.0, help="clusters a frame spreads over")
    parser.add_argument("--topk", type=int, default=0, help="truncation used at inference (0: none)")
    parser.add_argument("--max_frames", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("sets", nargs="+", metavar="SOURCE:OUT", help="target data dir or feature scp, output file")
    return parser


def sampled_features(source: FeatureSource, max_frames: int, seed: int) -> Iterator[torch.Tensor]:
    """Features of the source's utterances in a seeded random order, until ``max_frames`` frames are given."""
    utts = source.utterances()
    order = [utts[i] for i in np.random.default_rng(seed).permutation(len(utts))]
    given = 0
    for _, feats in source.iterate(order):
        yield feats
        given += len(feats)
        if given >= max_frames:
            return


def main(argv: list[str] | None = None) -> None:
    """Parse and check all options first, then select and write each set's tau."""
    args = build_parser().parse_args(argv)
    setup_logging()
    pairs = parse_pairs(args.sets)
    centroids = load_centroids(args.centroids)
    check_criterion(args.criterion, args.target_perplexity, args.topk or len(centroids))
    reader = build_reader_conf(args.reader_conf, args.device) if args.reader_conf else None
    for source_path, out in pairs:
        try:
            source = source_of(source_path, reader)
            feats = sampled_features(source, args.max_frames, args.seed)
            chosen = select_tau(
                feats, centroids, args.criterion, args.target_perplexity, args.topk or None, args.max_frames, args.seed
            )
        except (DataError, ConfigError) as err:
            raise type(err)(f"{source_path}: {err}") from err
        tmp = Path(f"{out}.{os.getpid()}.tmp")
        tmp.write_text(f"{chosen.tau:.6g}\n")
        tmp.replace(out)
        logging.info(
            "%s: tau %.6g (%s; perplexity %.3f over %d frames)",
            source_path,
            chosen.tau,
            chosen.criterion,
            chosen.perplexity,
            chosen.num_frames,
        )


if __name__ == "__main__":
    run(main)
