import pytest
from sweep_table import ROWS, row

from softassign.evaluation.sweep import best_grid_row, selected_rows, sweep_summary


def test_summary_per_test_set_best_grid_and_label_free():
    summary_in, summary_out = sweep_summary(ROWS)
    assert summary_in.test_set == "in"
    assert (summary_in.hard, summary_in.continuous) == (20.0, 10.0)
    assert (summary_in.best_grid_tau, summary_in.best_grid) == (32.0, 15.0)
    assert (summary_in.label_free_tau, summary_in.label_free) == (5.3, 17.0)
    assert summary_in.gap == pytest.approx(2.0) and summary_in.ratio == pytest.approx(17 / 15)
    # a tie picks the smaller tau; no continuous row gives None
    assert (summary_out.best_grid_tau, summary_out.best_grid, summary_out.continuous) == (2.0, 30.0, None)
    assert summary_out.gap == pytest.approx(3.0) and summary_out.ratio == pytest.approx(1.1)


def test_summary_by_cer_and_missing_rows():
    (summary_in, summary_out) = sweep_summary(ROWS, metric="cer")
    assert (summary_in.best_grid_tau, summary_in.best_grid) == (32.0, 6.5)
    assert (summary_out.best_grid_tau, summary_out.best_grid) == (8.0, 14.0)
    (hard_only,) = sweep_summary([row("x", "hard", wer="5.0")])
    assert hard_only.best_grid is None and hard_only.label_free is None
    assert hard_only.gap is None and hard_only.ratio is None
    assert best_grid_row([row("x", "soft", "4", "", "", "grid")], "x") is None  # not scored


def test_rows_without_tau_from_count_as_grid_points():
    rows = [row("x", "soft", "4", "3.0"), row("x", "soft", "1", "2.0")]
    assert best_grid_row(rows, "x")["tau"] == "1"


def test_selected_rows_keep_every_column_and_mark_the_picks():
    selected = selected_rows(ROWS)
    assert [(r["test_set"], r["system"], r["tau"], r["tau_from"]) for r in selected] == [
        ("in", "continuous", "", ""),
        ("in", "hard", "", ""),
        ("in", "soft", "32", "best_grid"),
        ("in", "soft", "5.3", "label_free"),
        ("out", "hard", "", ""),
        ("out", "soft", "2", "best_grid"),
        ("out", "soft", "3.1", "label_free"),
    ]
    label_free = selected[3]
    assert (label_free["wer"], label_free["cer"], label_free["gap"], label_free["ratio"]) == (
        "17.00",
        "7.50",
        "2.00",
        "1.133",
    )
    assert ROWS[4]["tau_from"] == "grid"  # the input rows are not changed
