r"""Write the benchmark report directory from the recipe's results, the phone analyses and micro-benchmarks.

    python -m softassign.bin.make_benchmark_report --out_dir exp/benchmark \
        --results mfcc=exp/results_mfcc_k256/results.tsv \
        --results tiny_hubert=exp/results_tiny_hubert_k256/results.tsv \
        --analysis mfcc=exp/benchmark/analysis_mfcc/analysis.tsv \
        --figures exp/benchmark/micro/decode_speed.json exp/benchmark/micro/kmeans_k1024.json
writes report.md, report.tsv (per feature type and test set: continuous, hard, best grid soft and label-free
soft rows), micro_benchmarks.tsv and tau_sweep_<feats>.png; see softassign.benchmarks.report.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from softassign.benchmarks.report import ReportInputs, write_report
from softassign.bin.common import run
from softassign.errors import ConfigError


def named_paths(pairs: list[str], option: str) -> dict[str, Path]:
    """``name=path`` arguments as a dict (in order); ConfigError on a malformed or repeated name."""
    named: dict[str, Path] = {}
    for pair in pairs:
        name, sep, path = pair.partition("=")
        if not (sep and name and path) or name in named:
            raise ConfigError(f"{option}: expected distinct name=path pairs, got {pair!r}")
        named[name] = Path(path)
    return named


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, write the report, print its path."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out_dir", required=True)
    parser.add_argument("--results", action="append", default=[], help="feats=results.tsv (repeatable)")
    parser.add_argument("--analysis", action="append", default=[], help="feats=analysis.tsv (repeatable)")
    parser.add_argument("--figures", nargs="*", default=[], help="micro-benchmark figures files (JSON)")
    parser.add_argument("--title", default="softassign benchmark")
    parser.add_argument("--metric", choices=("cer", "wer"), default="cer", help="picks the best grid tau")
    args = parser.parse_args(argv)
    inputs = ReportInputs(
        named_paths(args.results, "--results"),
        named_paths(args.analysis, "--analysis"),
        [Path(p) for p in args.figures],
    )
    print(write_report(args.out_dir, inputs, args.title, args.metric))


if __name__ == "__main__":
    run(main)
