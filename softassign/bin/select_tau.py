"""Pick the soft-assignment temperature from unlabelled target-domain features (no transcripts).

    python -m softassign.bin.select_tau --feats_scp dump/wavlm/test_other/feats.scp \
        --centroids exp/kmeans/centroids.npy --target_perplexity 2 --out exp/asr/tau_test_other.txt
writes the chosen tau (one number) to ``--out``; see :mod:`softassign.analysis.temperature`.
"""
from __future__ import annotations

import argparse
import logging
from pathlib import Path

from softassign.analysis.temperature import CRITERIA, select_tau
from softassign.arkio import iter_feature_scp
from softassign.bin.common import setup_logging
from softassign.units.centroids import load_centroids


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, select tau, write it."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feats_scp", required=True, help="target-domain features")
    parser.add_argument("--centroids", required=True)
    parser.add_argument("--criterion", choices=CRITERIA, default="perplexity")
    parser.add_argument("--target_perplexity", type=float, default=2.0, help="clusters a frame spreads over")
    parser.add_argument("--topk", type=int, default=0, help="truncation used at inference (0: none)")
    parser.add_argument("--max_frames", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    setup_logging()
    feats = (matrix for _, matrix in iter_feature_scp(args.feats_scp))
    chosen = select_tau(feats, load_centroids(args.centroids), args.criterion, args.target_perplexity,
                        args.topk or None, args.max_frames, args.seed)
    out = Path(args.out)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(f"{chosen.tau:.6g}\n")
    tmp.replace(out)
    logging.info("%s: tau %.6g (%s; perplexity %.3f over %d frames)", args.feats_scp, chosen.tau,
                 chosen.criterion, chosen.perplexity, chosen.num_frames)


if __name__ == "__main__":
    main()
