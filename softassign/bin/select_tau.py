r"""Pick the soft-assignment temperature of each target set from its unlabelled audio (no transcripts).

    python -m softassign.bin.select_tau --centroids exp/kmeans/centroids.npy \
        --reader_conf conf/feats/wavlm_large_l21.yaml --target_perplexity 2 \
        data/test_other:exp/asr/label_free_tau_test_other.txt [more SOURCE:OUT pairs]
A SOURCE is a data dir (features computed with --reader_conf) or a feature scp. The features of a seeded
random order of its utterances are computed until ``--max_frames`` frames are in hand (not the whole set);
each set's tau (one number) is written to its OUT file. See :mod:`softassign.units.temperature`.

    python -m softassign.bin.select_tau --centroids ... --reader_conf ... \
        --calibration exp/asr/tau_calibration.json --rule distortion \
        data/test_other:exp/asr/label_free_tau_test_other.txt
moves the best grid tau of a labelled set (``softassign.bin.best_grid_tau``, on its source)
to each target set by ``--rule`` (distortion: tau scales with the mean nearest-centroid distance;
perplexity: the same mean perplexity) instead of fixing a perplexity.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import torch

from softassign.atomic import replacing
from softassign.bin.common import parse_pairs, run, setup_logging, source_of
from softassign.errors import ConfigError, DataError
from softassign.features.sources import FeatureSource, build_reader_conf
from softassign.units.centroids import load_centroids
from softassign.units.temperature import (
    CRITERIA,
    TRANSFER_RULES,
    TauSelection,
    check_criterion,
    sampled_distances,
    select_tau,
    transfer_tau,
)


def build_parser() -> argparse.ArgumentParser:
    """Centroids, reader, criterion, sample size and the SOURCE:OUT pairs."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--centroids", required=True)
    parser.add_argument("--reader_conf", help="feature reader of data dir sources")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--criterion", choices=CRITERIA, default="perplexity")
    parser.add_argument("--target_perplexity", type=float, default=2.0, help="clusters a frame spreads over")
    parser.add_argument("--calibration", help="JSON of softassign.bin.best_grid_tau: transfer its tau")
    parser.add_argument("--calibration_source", help="the labelled set it was found on (default: the JSON's source)")
    parser.add_argument("--rule", choices=TRANSFER_RULES, default="distortion", help="how --calibration transfers")
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


def read_calibration(path: str) -> tuple[float, str | None]:
    """(tau, source or None) of a calibration JSON (``softassign.bin.best_grid_tau``); ConfigError naming it."""
    try:
        calibration = json.loads(Path(path).read_text(encoding="utf-8"))
        return float(calibration["tau"]), calibration.get("source")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise ConfigError(f"{path}: not a tau calibration ({err})") from err


class Chooser:
    """Chooses the tau of one set: a fixed criterion, or the transferred calibration (distances sampled once)."""

    def __init__(self, args: argparse.Namespace, centroids: torch.Tensor, reader) -> None:
        self.args, self.centroids, self.reader = args, centroids, reader
        self.calibration = None
        if args.calibration:
            tau, source = read_calibration(args.calibration)
            source = args.calibration_source or source
            if not source:
                raise ConfigError(f"{args.calibration} names no source: give --calibration_source")
            with naming(source):
                self.calibration = (tau, self.distances(source))
        else:
            check_criterion(args.criterion, args.target_perplexity, args.topk or len(centroids))

    def distances(self, source_path: str) -> torch.Tensor:
        """Squared distances of a seeded frame sample of a source to the centroids."""
        feats = sampled_features(source_of(source_path, self.reader), self.args.max_frames, self.args.seed)
        return sampled_distances(feats, self.centroids, self.args.max_frames, self.args.seed)

    def choose(self, source_path: str) -> TauSelection:
        """The tau of one target set; bad input is an error naming it."""
        args, topk = self.args, self.args.topk or None
        with naming(source_path):
            if self.calibration is not None:
                tau, calibration = self.calibration
                return transfer_tau(tau, calibration, self.distances(source_path), args.rule, topk)
            feats = sampled_features(source_of(source_path, self.reader), args.max_frames, args.seed)
            return select_tau(
                feats, self.centroids, args.criterion, args.target_perplexity, topk, args.max_frames, args.seed
            )


@contextlib.contextmanager
def naming(source_path: str) -> Iterator[None]:
    """Prefix the message of a DataError or ConfigError raised inside with the source's path."""
    try:
        yield
    except (DataError, ConfigError) as err:
        raise type(err)(f"{source_path}: {err}") from err


def main(argv: list[str] | None = None) -> None:
    """Parse and check all options first, then select and write each set's tau."""
    args = build_parser().parse_args(argv)
    setup_logging()
    pairs = parse_pairs(args.sets)
    centroids = load_centroids(args.centroids)
    reader = build_reader_conf(args.reader_conf, args.device) if args.reader_conf else None
    chooser = Chooser(args, centroids, reader)
    for source_path, out in pairs:
        chosen = chooser.choose(source_path)
        with replacing(out) as tmp:
            tmp.write_text(f"{chosen.tau:.6g}\n")
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
