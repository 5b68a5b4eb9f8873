"""Learn k-means centroids on a seeded portion of a feature scp and save them as .npy (K, D).

    python -m softassign.bin.learn_kmeans --feats_scp dump/feats/train/feats.scp \
        --num_clusters 128 --portion 0.5 --seed 0 --out exp/kmeans/centroids.npy
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from softassign.bin.common import setup_logging
from softassign.units.centroids import save_centroids
from softassign.units.kmeans import learn_kmeans


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
    parser.add_argument("--tol", type=float, default=1e-3, help="stop when a pass improves by less (relative)")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--out", required=True, help="centroid file (.npy)")
    args = parser.parse_args(argv)
    setup_logging()
    result = learn_kmeans(
        args.feats_scp,
        args.num_clusters,
        args.portion,
        args.seed,
        args.init_frames,
        args.max_iter,
        args.tol,
        args.device,
        args.plusplus_frames,
        args.sample_iter,
    )
    save_centroids(args.out, result.centroids)
    summary = {"num_clusters": args.num_clusters, "frames": result.num_frames, "inertia": result.inertia_history}
    Path(args.out).with_suffix(".json").write_text(json.dumps(summary, indent=1) + "\n")
    logging.info("wrote %s (final mean squared distance %.6g)", args.out, result.inertia_history[-1])


if __name__ == "__main__":
    main()
