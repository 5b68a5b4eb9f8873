r"""Print the disk and peak RAM of every stage of a finished ASR run, and its extrapolation to LibriSpeech scale.

    python -m softassign.bin.storage_report --recipe_dir egs/librispeech/asr1 --num_clusters 8 \
        [--target_clusters 4096] [--ram_probes ram.json] [--out storage.md]
measures the run (its data/, dump/, exp/ and the jobs' max_rss, see :mod:`softassign.benchmarks.storage`) and
extrapolates the disk to LibriSpeech 100 h and 960 h at ``--target_clusters``. ``--ram_probes`` adds the peak
RSS measured by ``softassign.bin.memory_probe`` at full size (k-means at K=4096, D=1024; a unit dump of a
35 s utterance). Prints a Markdown table (and writes it to ``--out``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from softassign.atomic import atomic_write_text
from softassign.benchmarks.storage import LIBRISPEECH_100, LIBRISPEECH_960, Run, extrapolate, measure, read_sizes
from softassign.bin.common import run

#: Disk targets of the full-size recipes, GB (issue: LibriSpeech-100 <= 15, 960 h <= 20, RAM <= 8 GB a job).
TARGETS = {LIBRISPEECH_100.name: 15.0, LIBRISPEECH_960.name: 20.0}


def gigabytes(value: float | None) -> str:
    """Bytes as GB with 2 decimals (or MB below 10 MB)."""
    if value is None:
        return ""
    return f"{value / 1e6:.1f} MB" if value < 1e7 else f"{value / 1e9:.2f} GB"


def report(args: argparse.Namespace) -> str:
    """The Markdown report of the run named by the arguments."""
    finished = Run(Path(args.recipe_dir), args.feats_tag, args.num_clusters, args.train_set)
    uses, sizes = measure(finished), read_sizes(finished)
    scaled = {
        c.name: extrapolate(finished, sizes, c, args.target_clusters, args.decode_tasks)
        for c in (LIBRISPEECH_100, LIBRISPEECH_960)
    }
    probes = json.loads(Path(args.ram_probes).read_text()) if args.ram_probes else {}
    k = args.target_clusters
    lines = [
        f"| stage | stores | rehearsal disk | rehearsal peak RSS | {LIBRISPEECH_100.name}, K={k} | "
        f"{LIBRISPEECH_960.name}, K={k} | peak RSS at full size |",
        "|---|---|---|---|---|---|---|",
    ]
    for use in uses:
        rss = f"{use.peak_rss_mb} MB" if use.peak_rss_mb is not None else ""
        full = probes.get(use.stage.split()[1], "")
        lines.append(
            f"| {use.stage} | {use.stores} | {gigabytes(use.bytes)} | {rss} | "
            f"{gigabytes(scaled[LIBRISPEECH_100.name][use.stage])} | "
            f"{gigabytes(scaled[LIBRISPEECH_960.name][use.stage])} | {full} |"
        )
    totals = {name: sum(stage_bytes.values()) for name, stage_bytes in scaled.items()}
    lines.append(
        f"| **total** | | {gigabytes(sum(u.bytes for u in uses))} | | "
        f"**{gigabytes(totals[LIBRISPEECH_100.name])}** (target <= {TARGETS[LIBRISPEECH_100.name]:.0f} GB) | "
        f"**{gigabytes(totals[LIBRISPEECH_960.name])}** (target <= {TARGETS[LIBRISPEECH_960.name]:.0f} GB) | |"
    )
    lines.append("")
    lines.append(
        f"Rehearsal: {finished.recipe} ({sizes.km_utts} utterances in the k-means portion, "
        f"{sizes.unit_utts} with unit ids, D={sizes.feat_dim}, K={finished.num_clusters}, "
        f"keep_nbest_models={sizes.nbest})."
    )
    return "\n".join(lines) + "\n"


def run_parser(description: str, stage_script: str, train_set: str, target_clusters: int) -> argparse.ArgumentParser:
    """The options every storage report takes: the finished run (``--recipe_dir`` of a ``stage_script`` run, its
    ``--feats_tag``, ``--num_clusters`` and ``--train_set``), the K of the extrapolation and ``--out``."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recipe_dir", required=True, help=f"a recipe dir with a finished {stage_script} run")
    parser.add_argument("--feats_tag", default="wavlm_large_l21", help="its conf/feats/<feats_tag>.yaml")
    parser.add_argument("--num_clusters", type=int, required=True, help="the run's K")
    parser.add_argument("--train_set", default=train_set)
    parser.add_argument("--target_clusters", type=int, default=target_clusters, help="K of the extrapolation")
    parser.add_argument("--out", help="also write the report here")
    return parser


def print_report(text: str, out: str | None) -> None:
    """Print a report, and write it atomically to ``out`` first when given."""
    if out:
        atomic_write_text(out, text)
    print(text, end="")


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, measure, extrapolate, print."""
    parser = run_parser(__doc__, "asr.sh", "train_clean_100", 4096)
    parser.add_argument(
        "--decode_tasks",
        type=int,
        default=9,
        help="decodings per test set: hard, 5 taus, label-free, continuous, espnet_asr2 (run.sh's grid)",
    )
    parser.add_argument("--ram_probes", help="JSON of softassign.bin.memory_probe: stage -> measured peak RSS")
    args = parser.parse_args(argv)
    print_report(report(args), args.out)


if __name__ == "__main__":
    run(main)
