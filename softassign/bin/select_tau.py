"""Pick the soft-assignment temperature of each target set from its unlabelled features (no transcripts).

    python -m softassign.bin.select_tau --centroids exp/kmeans/centroids.npy --target_perplexity 2 \
        dump/wavlm/test_other/feats.scp:exp/asr/label_free_tau_test_other.txt [more scp:out pairs]
writes each set's tau (one number) to its output file; see :mod:`softassign.analysis.temperature`.
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
    parser.add_argument("--centroids", required=True)
    parser.add_argument("--criterion", choices=CRITERIA, default="perplexity")
    parser.add_argument("--target_perplexity", type=float, default=2.0, help="clusters a frame spreads over")
    parser.add_argument("--topk", type=int, default=0, help="truncation used at inference (0: none)")
    parser.add_argument("--max_frames", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("sets", nargs="+", metavar="FEATS_SCP:OUT", help="target features and output file")
    args = parser.parse_args(argv)
    setup_logging()
    centroids = load_centroids(args.centroids)
    for pair in args.sets:
        feats_scp, _, out = pair.rpartition(":")
        if not feats_scp:
            parser.error(f"expected FEATS_SCP:OUT, got {pair!r}")
        feats = (matrix for _, matrix in iter_feature_scp(feats_scp))
        chosen = select_tau(
            feats, centroids, args.criterion, args.target_perplexity, args.topk or None, args.max_frames, args.seed
        )
        tmp = Path(f"{out}.tmp")
        tmp.write_text(f"{chosen.tau:.6g}\n")
        tmp.replace(out)
        logging.info(
            "%s: tau %.6g (%s; perplexity %.3f over %d frames)",
            feats_scp,
            chosen.tau,
            chosen.criterion,
            chosen.perplexity,
            chosen.num_frames,
        )


if __name__ == "__main__":
    main()
