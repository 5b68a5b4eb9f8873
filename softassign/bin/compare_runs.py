r"""Compare two runs of a recipe file by file, to check that a run is reproducible.

    python -m softassign.bin.compare_runs <recipe_dir> <other_recipe_dir>

e.g. two clones of one commit, each after ``./run.sh``. It compares the outputs under data/, dump/ and exp/
(see softassign.run_comparison for what counts as the same and what is left out as provenance). It prints
the numbers of identical and differing files and every differing or one-sided path. It exits 1 when the runs
differ.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from softassign.bin.common import run
from softassign.errors import ConfigError
from softassign.run_comparison import compare_runs


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, compare, print; exit 1 when the runs differ."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("first", type=Path, help="a recipe dir after a run")
    parser.add_argument("second", type=Path, help="another recipe dir after a run of the same configuration")
    args = parser.parse_args(argv)
    for recipe_dir in (args.first, args.second):
        if not (recipe_dir / "exp").is_dir():
            raise ConfigError(f"{recipe_dir}: no exp/ dir: not a recipe dir after a run")
    result = compare_runs(args.first, args.second)
    print(
        f"{len(result.identical)} outputs identical, {len(result.differing)} differ, "
        f"{len(result.only_first)} only in {args.first}, {len(result.only_second)} only in {args.second}"
    )
    for label, paths in (
        ("differs", result.differing),
        ("only in first", result.only_first),
        ("only in second", result.only_second),
    ):
        for rel in paths:
            print(f"{label}: {rel}")
    if not result.same:
        sys.exit(1)


if __name__ == "__main__":
    run(main)
