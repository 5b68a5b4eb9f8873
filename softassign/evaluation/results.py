"""The results tables: one machine-readable ``results.tsv`` and a Markdown summary.

Every scoring job writes a one-row TSV (:func:`write_rows`) next to its
hypotheses; :func:`merge_results` gathers them. Columns always start with
``test_set system tau``; metric columns follow (``wer cer n_utts`` for ASR,
other metric names for synthesis). ``system`` is ``hard``, ``soft`` or
``continuous``; ``tau`` is empty when it does not apply. Rows of one table
may have different metric columns (their union is written, empty where a
row has none); ``join`` merges rows of the same test_set/system/tau from
several scorers (e.g. MCD and WER of one synthesized set) into one row.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from softassign.atomic import atomic_write_text
from softassign.errors import DataError

KEY_COLUMNS = ["test_set", "system", "tau"]


def columns_of(rows: list[dict]) -> list[str]:
    """The key columns, then every other column in the order the rows first name it."""
    return KEY_COLUMNS + list(dict.fromkeys(c for row in rows for c in row if c not in KEY_COLUMNS))


def write_rows(path: str | os.PathLike, rows: list[dict]) -> None:
    """Write result rows (dicts with the key columns) as TSV, atomically; missing metrics stay empty."""
    if not rows:
        raise ValueError("no result rows to write")
    text = io.StringIO()
    writer = csv.DictWriter(text, columns_of(rows), restval="", delimiter="\t", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    atomic_write_text(path, text.getvalue())


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


def join_rows(tables: list[tuple[str, list[dict]]]) -> list[dict]:
    """One row per test_set/system/tau with the non-empty columns of every row of ``tables`` ((path, rows) pairs).

    Two rows giving one column different values is a DataError naming both tables.
    """
    joined: dict[tuple, dict] = {}
    source: dict[tuple, str] = {}
    for path, rows in tables:
        for row in rows:
            key = tuple(row[c] for c in KEY_COLUMNS)
            target = joined.setdefault(key, {c: row[c] for c in KEY_COLUMNS})
            for column, value in row.items():
                if value in ("", None) or column in KEY_COLUMNS:
                    continue
                if target.setdefault(column, value) != value:
                    raise DataError(
                        f"{path}: {column}={value!r} for {key}, but {source[key, column]} has {target[column]!r}"
                    )
                source.setdefault((key, column), path)
    return list(joined.values())


def merge_results(
    paths: list[str | os.PathLike], out_dir: str | os.PathLike, title: str = "Results", join: bool = False
) -> list[dict]:
    """Merge per-job TSVs into ``out_dir/results.tsv`` and ``out_dir/results.md``; returns the rows.

    With ``join``, rows of the same test_set/system/tau become one (:func:`join_rows`).
    """
    tables = [(str(p), read_rows(p)) for p in paths]
    rows = join_rows(tables) if join else [row for _, rows in tables for row in rows]
    rows.sort(key=_sort_key)
    if not rows:
        raise DataError("no result rows found to merge")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_rows(out_dir / "results.tsv", rows)
    atomic_write_text(out_dir / "results.md", markdown_table(rows, title))
    return rows


def markdown_table(rows: list[dict], title: str = "Results") -> str:
    """All rows as a Markdown table, metric columns as they come."""
    columns = columns_of(rows)
    lines = [f"# {title}", "", "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(r.get(c, "")) for c in columns) + " |" for r in rows]
    return "\n".join(lines) + "\n"
