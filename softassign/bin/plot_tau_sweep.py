r"""Plot WER against the soft-assignment temperature from a results table; print the best/label-free summary.

    python -m softassign.bin.plot_tau_sweep --results exp/results_mfcc_k256/results.tsv \
        --out exp/results_mfcc_k256/tau_sweep.png [--metric wer] [--summary exp/results_mfcc_k256/tau_summary.tsv]
draws one panel per test set (soft grid points on a log tau axis, hard and continuous as horizontal lines,
the label-free tau as a star) and prints, per test set, the continuous and hard rows, the best grid tau's
row (tau_from=best_grid) and the label-free tau's row with its gap (points) and ratio to the best;
``--summary`` also writes that table as a results TSV.
"""

from __future__ import annotations

import argparse

from softassign.evaluation.plots import plot_tau_sweep
from softassign.evaluation.results import markdown_table, read_rows, write_rows
from softassign.evaluation.sweep import selected_rows


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, plot, print (and write) the summary."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", required=True, help="results.tsv (test_set system tau wer cer ... tau_from)")
    parser.add_argument("--out", required=True, help="PNG file")
    parser.add_argument("--metric", default="wer", choices=["wer", "cer"])
    parser.add_argument("--title")
    parser.add_argument("--summary", help="also write the summary table here (TSV)")
    args = parser.parse_args(argv)
    rows = read_rows(args.results)
    plot_tau_sweep(rows, args.out, args.metric, args.title)
    summary = selected_rows(rows, args.metric)
    if args.summary:
        write_rows(args.summary, summary)
    print(markdown_table(summary, f"Tau sweep ({args.metric}): {args.results}"), end="")


if __name__ == "__main__":
    main()
