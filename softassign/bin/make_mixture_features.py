r"""Synthetic frames of an SSL layer's shape (Gaussian mixture) for the k-means benchmark at the users' scale.

    python -m softassign.bin.make_mixture_features --num_frames 180000 --dim 1024 --num_components 2048 \
        --out_dir exp/benchmark/mixture_1024
writes ``<out_dir>/feats.{ark,scp}`` (180000 frames: one hour of WavLM Large's layer at 50 Hz, 0.74 GB as
float32); see softassign.benchmarks.mixture_features. Then ``softassign.bin.bench_kmeans --feats_scp
<out_dir>/feats.scp``.
"""

from __future__ import annotations

import argparse

from softassign.benchmarks.mixture_features import write_mixture_scp
from softassign.bin.common import run, setup_logging


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, write the frames."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--num_frames", type=int, required=True)
    parser.add_argument("--dim", type=int, default=1024, help="WavLM Large's layer width")
    parser.add_argument("--num_components", type=int, default=2048, help="mixture components (not K)")
    parser.add_argument("--utt_frames", type=int, default=500, help="frames an utterance (10 s at 50 Hz)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out_dir", required=True)
    args = parser.parse_args(argv)
    setup_logging()
    write_mixture_scp(args.out_dir, args.num_frames, args.dim, args.num_components, args.seed, args.utt_frames)


if __name__ == "__main__":
    run(main)
