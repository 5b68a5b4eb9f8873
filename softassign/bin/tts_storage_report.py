r"""Print the disk and peak RAM of every stage of a finished synthesis run (tts.sh), and its extrapolation to the
LJSpeech recipe at release size.

    python -m softassign.bin.tts_storage_report --recipe_dir egs/ljspeech/tts1 --num_clusters 8 \
        [--km_dir ../../librispeech/asr1/exp/kmeans_wavlm_large_l21_k8] [--target_clusters 1024] [--systems 6] \
        [--out storage.md]
measures the run (its data/, dump/, exp/ and the jobs' max_rss, see :mod:`softassign.benchmarks.tts_storage`)
and extrapolates the disk to LJSpeech (tr_no_dev, eval1) with LibriSpeech test_clean and L2-ARCTIC converted
into the LJ voice, at ``--target_clusters`` with ``--systems`` syntheses a test set (hard and one a tau: 6 for
egs/ljspeech/tts1's five taus). Prints a Markdown table (and writes it to ``--out``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from softassign.benchmarks.tts_storage import SynthesisRun, extrapolate, ljspeech_recipe, measure, read_sizes
from softassign.bin.common import run
from softassign.bin.storage_report import gigabytes, print_report, run_parser


def report(args: argparse.Namespace) -> str:
    """The Markdown report of the run named by the arguments."""
    km_dir = Path(args.recipe_dir, args.km_dir) if args.km_dir else None
    finished = SynthesisRun(Path(args.recipe_dir), args.feats_tag, args.num_clusters, args.train_set, km_dir)
    uses, sizes = measure(finished), read_sizes(finished)
    corpus = ljspeech_recipe()
    scaled = extrapolate(sizes, corpus, args.target_clusters, finished.num_clusters, args.systems)
    at_scale = f"{corpus.name} recipe, K={args.target_clusters}, {args.systems} systems"
    lines = [
        f"| stage | stores | rehearsal disk | rehearsal peak RSS | {at_scale} |",
        "|---|---|---|---|---|",
    ]
    for use in uses:
        rss = f"{use.peak_rss_mb} MB" if use.peak_rss_mb is not None else ""
        lines.append(
            f"| {use.stage} | {use.stores} | {gigabytes(use.bytes)} | {rss} | {gigabytes(scaled[use.stage])} |"
        )
    lines.append(f"| **total** | | {gigabytes(sum(u.bytes for u in uses))} | | **{gigabytes(sum(scaled.values()))}** |")
    sets = ", ".join(f"{name} {hours:.1f} h" for name, (hours, _, _) in corpus.test_sets.items())
    lines += [
        "",
        f"Rehearsal: {finished.recipe} ({sizes.unit_utts} utterances with unit ids, D={sizes.feat_dim}, "
        f"K={finished.num_clusters}, synthesized speech {sizes.speech_bytes_per_s / 1e3:.1f} kB a second). "
        f"At scale: tr_no_dev {corpus.train_hours:.1f} h, k-means on {corpus.km_portion:.0%} of it; test sets {sets}.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, measure, extrapolate, print."""
    parser = run_parser(__doc__, "tts.sh", "tr_no_dev", 1024)
    parser.add_argument("--km_dir", help="the --km_dir the run took its centroids from (relative to --recipe_dir)")
    parser.add_argument("--systems", type=int, default=6, help="syntheses a test set: hard and one a tau")
    args = parser.parse_args(argv)
    print_report(report(args), args.out)


if __name__ == "__main__":
    run(main)
