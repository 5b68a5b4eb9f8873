import pytest
from sweep_table import ROWS, row

from softassign.errors import DataError
from softassign.evaluation.plots import plot_tau_sweep, tau_sweep_figure


def test_one_panel_per_test_set_with_log_tau_axis_and_reference_lines(tmp_path):
    figure = plot_tau_sweep(ROWS, tmp_path / "sweep.png", title="mfcc")
    assert (tmp_path / "sweep.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not list(tmp_path.glob("*.tmp*"))
    panel_in, panel_out = figure.axes
    assert (panel_in.get_title(), panel_out.get_title()) == ("in", "out")
    assert panel_in.get_xscale() == "log"
    soft, hard, continuous, _, label_free = panel_in.get_lines()
    assert list(soft.get_xdata()) == [2.0, 8.0, 32.0] and list(soft.get_ydata()) == [18.0, 16.0, 15.0]
    assert list(hard.get_ydata()) == [20.0, 20.0] and list(continuous.get_ydata()) == [10.0, 10.0]
    assert list(label_free.get_xdata()) == [5.3] and list(label_free.get_ydata()) == [17.0]
    labels = [text.get_text() for text in panel_out.get_legend().get_texts()]
    assert labels == ["soft (grid)", "hard", "label-free tau=3.1"]  # no continuous row for "out"


def test_sets_without_soft_rows_get_no_panel_and_none_at_all_is_an_error():
    figure = tau_sweep_figure(ROWS + [row("only_hard", "hard", wer="1.0")])
    assert [axes.get_title() for axes in figure.axes] == ["in", "out"]
    with pytest.raises(DataError, match="no soft rows with 'wer' to plot"):
        tau_sweep_figure([row("only_hard", "hard", wer="1.0")])
