"""The results tables: one machine-readable ``results.tsv`` and a Markdown summary.

Every scoring job writes a one-row TSV (:func:`write_rows`) next to its
hypotheses; :func:`merge_results` gathers them. Columns always start with
``test_set system tau``; metric columns follow (``wer cer n_utts`` for ASR,
other metric names for synthesis). ``system`` is ``hard``, ``soft`` or
``continuous``; ``tau`` is empty when it does not apply.
"""
from __future__ import annotations

import csv
import os
from pathlib import Path

from softassign.errors import DataError

KEY_COLUMNS = ["test_set", "system", "tau"]


def write_rows(path: str | os.PathLike, rows: list[dict]) -> None:
    """Write result rows (dicts with the key columns first) as TSV, atomically."""
    if not rows:
        raise ValueError("no result rows to write")
    columns = KEY_COLUMNS + [c for c in rows[0] if c not in KEY_COLUMNS]
    tmp = f"{path}.tmp"
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, columns, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    os.replace(tmp, path)


def read_rows(path: str | os.PathLike) -> list[dict]:
    """Read a results TSV written by :func:`write_rows`."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    if rows and not set(KEY_COLUMNS) <= set(rows[0]):
        raise DataError(f"{path}: not a results table (columns {list(rows[0])})")
    return rows


def _sort_key(row: dict) -> tuple:
    tau = float(row["tau"]) if row.get("tau") else -1.0
    return row["test_set"], {"continuous": 0, "hard": 1, "soft": 2}.get(row["system"], 3), row["system"], tau


def merge_results(paths: list[str | os.PathLike], out_dir: str | os.PathLike, title: str = "Results") -> list[dict]:
    """Merge per-job TSVs into ``out_dir/results.tsv`` and ``out_dir/results.md``; returns the rows."""
    rows = sorted((row for p in paths for row in read_rows(p)), key=_sort_key)
    if not rows:
        raise DataError("no result rows found to merge")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_rows(out_dir / "results.tsv", rows)
    (out_dir / "results.md").write_text(markdown_table(rows, title), encoding="utf-8")
    return rows


def markdown_table(rows: list[dict], title: str = "Results") -> str:
    """All rows as a Markdown table, metric columns as they come."""
    columns = list(rows[0])
    lines = [f"# {title}", "", "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(r.get(c, "")) for c in columns) + " |" for r in rows]
    return "\n".join(lines) + "\n"
