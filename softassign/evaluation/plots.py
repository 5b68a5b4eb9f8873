"""Tau sweep plots: error rate against the soft-assignment temperature, one panel per test set.

Each panel shows the soft grid points (log tau axis), the ``hard`` and
``continuous`` error rates as horizontal lines, and the label-free tau as a
star with a vertical line (see :mod:`softassign.evaluation.sweep` for which rows
are which). Drawn with matplotlib's object API on an Agg canvas: no display
and no pyplot state are needed.
"""

from __future__ import annotations

import math
import os

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import NullFormatter

from softassign.atomic import replacing
from softassign.errors import DataError
from softassign.evaluation.sweep import grid_rows, set_names, summarize_set, value_of

#: Panels per row of the figure.
COLUMNS = 3


def draw_panel(axes: Axes, rows: list[dict], test_set: str, metric: str) -> None:
    """One test set's sweep on ``axes``."""
    grid = grid_rows(rows, test_set, metric)
    summary = summarize_set(rows, test_set, metric)
    if grid:
        axes.plot([float(r["tau"]) for r in grid], [value_of(r, metric) for r in grid], "o-", label="soft (grid)")
    if summary.hard is not None:
        axes.axhline(summary.hard, color="tab:red", linestyle="--", label="hard")
    if summary.continuous is not None:
        axes.axhline(summary.continuous, color="tab:green", linestyle=":", label="continuous")
    if summary.label_free is not None:
        axes.axvline(summary.label_free_tau, color="tab:purple", alpha=0.4)
        axes.plot(
            [summary.label_free_tau],
            [summary.label_free],
            "*",
            color="tab:purple",
            markersize=14,
            label=f"label-free tau={summary.label_free_tau:.3g}",
        )
    axes.set_xscale("log")
    if grid:  # the grid's taus as the tick labels: a short log range otherwise gets overlapping minor labels
        axes.set_xticks([float(r["tau"]) for r in grid], [r["tau"] for r in grid])
        axes.xaxis.set_minor_formatter(NullFormatter())
    axes.set_title(test_set)
    axes.set_xlabel("tau")
    axes.set_ylabel(f"{metric.upper()} (%)")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize="small")


def tau_sweep_figure(rows: list[dict], metric: str = "wer", title: str | None = None) -> Figure:
    """A figure with one panel per test set of ``rows`` (in table order); DataError without soft rows."""
    sets = [
        s
        for s in set_names(rows)
        if grid_rows(rows, s, metric) or summarize_set(rows, s, metric).label_free is not None
    ]
    if not sets:
        raise DataError(f"no soft rows with {metric!r} to plot")
    columns = min(COLUMNS, len(sets))
    lines = math.ceil(len(sets) / columns)
    figure = Figure(figsize=(4.5 * columns, 3.6 * lines), layout="constrained")
    FigureCanvasAgg(figure)
    for index, test_set in enumerate(sets):
        draw_panel(figure.add_subplot(lines, columns, index + 1), rows, test_set, metric)
    if title:
        figure.suptitle(title)
    return figure


def plot_tau_sweep(
    rows: list[dict], out_png: str | os.PathLike, metric: str = "wer", title: str | None = None
) -> Figure:
    """Draw :func:`tau_sweep_figure` into ``out_png`` (written atomically); returns the figure."""
    figure = tau_sweep_figure(rows, metric, title)
    with replacing(out_png, suffix=".png") as tmp:
        figure.savefig(tmp, dpi=100)
    return figure
