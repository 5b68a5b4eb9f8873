from sweep_table import ROWS

from softassign.bin import plot_tau_sweep
from softassign.evaluation.results import read_rows, write_rows


def test_writes_the_png_and_prints_and_writes_the_summary(tmp_path, capsys):
    write_rows(tmp_path / "results.tsv", ROWS)
    plot_tau_sweep.main(
        [
            "--results",
            str(tmp_path / "results.tsv"),
            "--out",
            str(tmp_path / "sweep.png"),
            "--summary",
            str(tmp_path / "summary.tsv"),
        ]
    )
    assert (tmp_path / "sweep.png").read_bytes()[:4] == b"\x89PNG"
    summary = read_rows(tmp_path / "summary.tsv")
    assert [(r["test_set"], r["system"], r["tau"], r["tau_from"]) for r in summary][2:4] == [
        ("in", "soft", "32", "best_grid"),
        ("in", "soft", "5.3", "label_free"),
    ]
    assert "| in | soft | 5.3 | 17.00 | 7.50 | 3 | label_free | 2.00 | 1.133 |" in capsys.readouterr().out
