r"""Learn k-means centroids on a seeded portion of a feature scp and save them as .npy (K, D).

    python -m softassign.bin.learn_kmeans --feats_scp dump/feats/train/feats.scp \
        --num_clusters 128 --portion 0.5 --seed 0 --out exp/kmeans/centroids.npy

also writes exp/kmeans/centroids.json: num_clusters, num_frames (of the last streamed pass), passes,
inertia (the sum of squared distances of those frames to their nearest returned centroid, scikit-learn's
meaning), mean_squared_distance (inertia / num_frames) and mean_squared_distance_history (one per pass).
Invalid options (e.g. --max_iter 0) are reported as a usage error.
"""

from __future__ import annotations

import argparse
import json
import logging
from dataclasses import fields
from pathlib import Path

from softassign.atomic import atomic_write_text
from softassign.bin.common import setup_logging
from softassign.errors import ConfigError
from softassign.units.centroids import save_centroids
from softassign.units.kmeans import KMeansOptions, KMeansResult, learn_kmeans


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, learn the centroids, write them and a JSON summary next to them."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feats_scp", required=True)
    parser.add_argument("--num_clusters", type=int, required=True)
    parser.add_argument("--portion", type=float, default=1.0, help="fraction of utterances used")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--init_frames", type=int, default=100_000, help="frames of the in-memory sample")
    parser.add_argument("--plusplus_frames", type=int, default=30_000, help="sample frames seeding k-means++")
    parser.add_argument("--sample_iter", type=int, default=10, help="Lloyd passes over the sample")
    parser.add_argument("--max_iter", type=int, default=20, help="Lloyd passes over the whole portion, at most")
    parser.add_argument("--tol", type=float, default=1e-3, help="stop once a pass improves by at most this (relative)")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--out", required=True, help="centroid file (.npy)")
    args = parser.parse_args(argv)
    try:
        options = KMeansOptions(**{field.name: getattr(args, field.name) for field in fields(KMeansOptions)})
    except ConfigError as err:
        parser.error(str(err))
    setup_logging()
    result = learn_kmeans(args.feats_scp, options)
    save_centroids(args.out, result.centroids)
    atomic_write_text(Path(args.out).with_suffix(".json"), json.dumps(summary(result), indent=1) + "\n")
    logging.info("wrote %s (mean squared distance %.6g)", args.out, result.mean_squared_distance)


def summary(result: KMeansResult) -> dict:
    """The JSON summary written next to the centroids: figures of the returned centroids and the pass history."""
    return {
        "num_clusters": len(result.centroids),
        "num_frames": result.num_frames,
        "passes": len(result.history),
        "inertia": result.inertia,
        "mean_squared_distance": result.mean_squared_distance,
        "mean_squared_distance_history": result.history,
    }


if __name__ == "__main__":
    main()
