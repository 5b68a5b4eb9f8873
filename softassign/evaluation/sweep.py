"""The tau sweep of a results table: soft assignment over a grid of temperatures against its references.

Rows are those of :func:`softassign.evaluation.results.read_rows` (string values).
A ``soft`` row whose ``tau_from`` is ``label_free`` was decoded at the tau
picked from unlabelled audio of its test set; every other ``soft`` row is a
grid point. Per test set, :func:`sweep_summary` reports the best grid tau
(oracle: picked with the test labels) and the label-free tau with their
error rates, the gap (label-free minus best, in points) and the ratio
(label-free / best), next to the ``hard`` and ``continuous`` references;
:func:`selected_rows` gives the same as a results table (the rows picked).
"""

from __future__ import annotations

from dataclasses import dataclass

LABEL_FREE = "label_free"


def set_names(rows: list[dict]) -> list[str]:
    """The test sets of a table, in order of first appearance."""
    return list(dict.fromkeys(row["test_set"] for row in rows))


def value_of(row: dict | None, metric: str) -> float | None:
    """``row[metric]`` as a number, or None when the row or the value is missing."""
    if row is None or row.get(metric) in (None, ""):
        return None
    return float(row[metric])


def grid_rows(rows: list[dict], test_set: str, metric: str) -> list[dict]:
    """The soft grid rows of ``test_set`` that have ``metric``, by increasing tau."""
    grid = [
        row
        for row in rows
        if row["test_set"] == test_set
        and row["system"] == "soft"
        and row.get("tau_from") != LABEL_FREE
        and value_of(row, metric) is not None
    ]
    return sorted(grid, key=lambda row: float(row["tau"]))


def best_grid_row(rows: list[dict], test_set: str, metric: str = "wer") -> dict | None:
    """The grid row of ``test_set`` with the lowest ``metric`` (the smaller tau on a tie), or None."""
    grid = grid_rows(rows, test_set, metric)
    return min(grid, key=lambda row: value_of(row, metric)) if grid else None


def system_row(rows: list[dict], test_set: str, system: str) -> dict | None:
    """The first row of ``system`` for ``test_set`` (``label_free`` for the label-free soft row), or None."""
    for row in rows:
        if row["test_set"] != test_set:
            continue
        if system == LABEL_FREE and row["system"] == "soft" and row.get("tau_from") == LABEL_FREE:
            return row
        if system != LABEL_FREE and row["system"] == system:
            return row
    return None


@dataclass(frozen=True)
class SweepSummary:
    """One test set's sweep: references, best grid tau, label-free tau, and how far apart they are."""

    test_set: str
    hard: float | None
    continuous: float | None
    best_grid_tau: float | None
    best_grid: float | None
    label_free_tau: float | None
    label_free: float | None

    @property
    def gap(self) -> float | None:
        """Label-free minus best grid error rate (points); None unless both exist."""
        if self.label_free is None or self.best_grid is None:
            return None
        return self.label_free - self.best_grid

    @property
    def ratio(self) -> float | None:
        """Label-free / best grid error rate; None unless both exist and the best is not zero."""
        if self.label_free is None or not self.best_grid:
            return None
        return self.label_free / self.best_grid


def summarize_set(rows: list[dict], test_set: str, metric: str = "wer") -> SweepSummary:
    """The :class:`SweepSummary` of one test set for ``metric``."""
    best = best_grid_row(rows, test_set, metric)
    label_free = system_row(rows, test_set, LABEL_FREE)
    return SweepSummary(
        test_set=test_set,
        hard=value_of(system_row(rows, test_set, "hard"), metric),
        continuous=value_of(system_row(rows, test_set, "continuous"), metric),
        best_grid_tau=value_of(best, "tau"),
        best_grid=value_of(best, metric),
        label_free_tau=value_of(label_free, "tau"),
        label_free=value_of(label_free, metric),
    )


def sweep_summary(rows: list[dict], metric: str = "wer") -> list[SweepSummary]:
    """One :class:`SweepSummary` per test set of the table."""
    return [summarize_set(rows, test_set, metric) for test_set in set_names(rows)]


def selected_rows(rows: list[dict], metric: str = "wer") -> list[dict]:
    """Per test set: its continuous, hard, best grid soft and label-free soft rows (those that exist).

    Copies of the table's rows (all their columns), the best grid row with
    ``tau_from=best_grid``; the label-free row gets ``gap`` (points above the
    best grid row) and ``ratio`` (to the best grid row) when both exist.
    The result is a results table (:func:`softassign.evaluation.results.write_rows`).
    """
    selected = []
    for test_set in set_names(rows):
        summary = summarize_set(rows, test_set, metric)
        picks = [
            (system_row(rows, test_set, "continuous"), {}),
            (system_row(rows, test_set, "hard"), {}),
            (best_grid_row(rows, test_set, metric), {"tau_from": "best_grid"}),
        ]
        gaps = {} if summary.gap is None else {"gap": f"{summary.gap:.2f}"}
        gaps.update({} if summary.ratio is None else {"ratio": f"{summary.ratio:.3f}"})
        picks.append((system_row(rows, test_set, LABEL_FREE), gaps))
        selected += [{**row, **extra} for row, extra in picks if row is not None]
    return selected
