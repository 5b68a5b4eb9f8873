"""Merge per-decode result TSVs into ``results.tsv`` + ``results.md`` and print the Markdown table.

    python -m softassign.bin.make_results --out_dir exp/results exp/*/decode_*/result.tsv
With ``--join``, rows of the same test_set/system/tau from several tables (e.g. MCD and WER of one
synthesized set) become one row with the metric columns of all of them.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from softassign.evaluation.results import merge_results


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, merge, print."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out_dir", required=True)
    parser.add_argument("--title", default="Results")
    parser.add_argument("--join", action="store_true", help="one row per test_set/system/tau")
    parser.add_argument("tables", nargs="+")
    args = parser.parse_args(argv)
    merge_results(args.tables, args.out_dir, args.title, args.join)
    print((Path(args.out_dir) / "results.md").read_text(encoding="utf-8"), end="")


if __name__ == "__main__":
    main()
