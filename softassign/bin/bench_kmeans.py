r"""Micro-benchmark: our k-means against the ESPnet recipe's MiniBatchKMeans, time and inertia on one feature scp.

    python -m softassign.bin.bench_kmeans --feats_scp dump/mfcc/train_kmeans/feats.scp --num_clusters 128 1024 \
        [--max_iter 20] [--threads 1] [--name kmeans] [--out exp/benchmark/kmeans.json]
prints, per K, both learning times, the speed-up (ESPnet / ours) and both inertias (mean squared distance
over the same frames); see softassign.benchmarks.kmeans_speed. Both learners get --threads CPU threads.
"""

from __future__ import annotations

import argparse

import torch
from threadpoolctl import threadpool_limits

from softassign.benchmarks.figures import report_figures
from softassign.benchmarks.kmeans_speed import ESPNET_MINIBATCH_KMEANS, kmeans_speed
from softassign.bin.common import run, setup_logging


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, run both learners per K, report."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feats_scp", required=True)
    parser.add_argument("--num_clusters", type=int, nargs="+", default=[128])
    parser.add_argument("--max_iter", type=int, default=20, help="our Lloyd passes (the recipe's km_max_iter)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--name", default="kmeans", help="the benchmark's name, <name>_k<K> per K (the report's)")
    parser.add_argument("--out", help="also write the figures here (JSON); K is added to the name per K")
    args = parser.parse_args(argv)
    setup_logging()
    torch.set_num_threads(args.threads)
    settings = {
        "feats_scp": args.feats_scp,
        "threads": args.threads,
        "ours_max_iter": args.max_iter,
        "espnet": ", ".join(f"{k}={v}" for k, v in ESPNET_MINIBATCH_KMEANS.items()),
    }
    with threadpool_limits(args.threads):
        for num_clusters in args.num_clusters:
            out = args.out and args.out.replace(".json", f"_k{num_clusters}.json")
            report_figures(
                out,
                f"{args.name}_k{num_clusters}",
                settings,
                kmeans_speed(args.feats_scp, num_clusters, args.seed, args.max_iter),
            )


if __name__ == "__main__":
    run(main)
