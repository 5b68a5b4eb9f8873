import json

import pytest

from softassign.benchmarks.figures import read_figures, report_figures, timed
from softassign.errors import DataError


def test_figures_are_printed_and_written_and_read_back(tmp_path, capsys):
    report_figures(tmp_path / "sub" / "x.json", "kmeans_k8", {"threads": 1}, {"speedup": 3.5, "frames": 10})
    assert capsys.readouterr().out == "kmeans_k8: setting threads = 1\nkmeans_k8: speedup 3.5\nkmeans_k8: frames 10\n"
    content = read_figures(tmp_path / "sub" / "x.json")
    assert content == {"benchmark": "kmeans_k8", "settings": {"threads": 1}, "figures": {"speedup": 3.5, "frames": 10}}
    report_figures(None, "b", {}, {"a": 1})
    assert capsys.readouterr().out == "b: a 1\n"


def test_reading_something_else_is_an_error(tmp_path):
    (tmp_path / "x.json").write_text(json.dumps({"figures": {}}))
    with pytest.raises(DataError, match="x.json: not a benchmark figures file"):
        read_figures(tmp_path / "x.json")
    (tmp_path / "y.json").write_text("{")
    with pytest.raises(DataError, match="y.json: cannot read benchmark figures"):
        read_figures(tmp_path / "y.json")


def test_timed_returns_the_result():
    seconds, value = timed(lambda: sum(range(1000)))
    assert value == 499500 and seconds >= 0
