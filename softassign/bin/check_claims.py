r"""Decide the published ASR claims of soft assignment from a results table; print (and write) the checklist.

    python -m softassign.bin.check_claims --results exp/results_mfcc_k512/results.tsv \
        --in_domain test_in --shifted test_voice test_accent test_real --non_native test_accent \
        [--metric cer] [--out exp/results_mfcc_k512/claims.md]
Each claim is held, not held, undecided (its interval holds zero) or not measurable here (rows missing),
with the figures that decide it (softassign.evaluation.claims).
"""

from __future__ import annotations

import argparse

from softassign.atomic import atomic_write_text
from softassign.bin.common import run
from softassign.evaluation.claims import check_claims, checklist_markdown
from softassign.evaluation.results import read_rows


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, decide the claims, print the Markdown checklist."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", required=True, help="results.tsv of stage 10")
    parser.add_argument("--in_domain", required=True, help="the in-domain test set")
    parser.add_argument("--shifted", nargs="*", default=[], help="out-of-domain test sets")
    parser.add_argument("--non_native", nargs="*", default=[], help="non-native (accented) test sets")
    parser.add_argument("--metric", default="cer", choices=["wer", "cer"])
    parser.add_argument("--out", help="also write the checklist here (Markdown)")
    args = parser.parse_args(argv)
    verdicts = check_claims(read_rows(args.results), args.in_domain, args.shifted, args.non_native, args.metric)
    table = checklist_markdown(verdicts, f"Published claims ({args.metric}): {args.results}")
    if args.out:
        atomic_write_text(args.out, table)
    print(table, end="")


if __name__ == "__main__":
    run(main)
