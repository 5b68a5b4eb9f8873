r"""Micro-benchmark: peak memory of k-means learning and unit dumping on N and 2N utterances (target: flat).

    python -m softassign.bin.bench_memory --feats_scp dump/mfcc/train_kmeans/feats.scp --num_utts 1000 \
        --num_clusters 256 --work_dir exp/benchmark/memory [--out exp/benchmark/memory.json]
runs softassign.bin.learn_kmeans and softassign.bin.dump_units as subprocesses on the first N and 2N
utterances and prints each one's peak RSS and the growth factor; see softassign.benchmarks.memory.
"""

from __future__ import annotations

import argparse

from softassign.benchmarks.figures import report_figures
from softassign.benchmarks.memory import memory_scaling
from softassign.bin.common import run, setup_logging


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, measure, report."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feats_scp", required=True)
    parser.add_argument("--num_utts", type=int, required=True, help="N (the scp needs 2N utterances)")
    parser.add_argument("--num_clusters", type=int, default=256)
    parser.add_argument("--kmeans_iter", type=int, default=3, help="Lloyd passes per k-means run")
    parser.add_argument("--work_dir", required=True)
    parser.add_argument("--out", help="also write the figures here (JSON)")
    args = parser.parse_args(argv)
    setup_logging()
    settings = {"feats_scp": args.feats_scp, "kmeans_iter": args.kmeans_iter}
    report_figures(
        args.out,
        "memory",
        settings,
        memory_scaling(args.feats_scp, args.num_utts, args.num_clusters, args.work_dir, args.kmeans_iter),
    )


if __name__ == "__main__":
    run(main)
