import pytest
from sweep_table import ROWS

from softassign.benchmarks.figures import write_figures
from softassign.benchmarks.report import ReportInputs, target_lines, write_report
from softassign.errors import DataError
from softassign.evaluation.results import read_rows, write_rows

ANALYSIS = [
    {
        "test_set": "real_kathleen",
        "system": "hard",
        "tau": "",
        "intra": "0.5",
        "inter": "1.2",
        "ratio": "2.4",
        "pnmi": "0.31",
    },
    {
        "test_set": "real_kathleen",
        "system": "soft",
        "tau": "8",
        "intra": "0.3",
        "inter": "1.0",
        "ratio": "3.3",
        "tau_from": "grid",
    },
]


@pytest.fixture
def inputs(tmp_path):
    write_rows(tmp_path / "results.tsv", ROWS)
    write_rows(tmp_path / "analysis.tsv", ANALYSIS)
    write_figures(
        tmp_path / "decode.json",
        "decode_speed",
        {"threads": 1},
        {"decode_ratio": 1.02, "soft_extra_frontend_share": 0.001},
    )
    write_figures(tmp_path / "kmeans.json", "kmeans_k128", {}, {"speedup": 2.5, "inertia_ratio": 0.99})
    return ReportInputs(
        {"mfcc": tmp_path / "results.tsv"},
        {"mfcc": tmp_path / "analysis.tsv"},
        [tmp_path / "decode.json", tmp_path / "kmeans.json"],
    )


def test_report_directory(inputs, tmp_path):
    report = write_report(tmp_path / "report", inputs)
    out = tmp_path / "report"
    assert report == out / "report.md"
    rows = read_rows(out / "report.tsv")
    assert [(r["feats"], r["test_set"], r["system"], r["tau"], r["tau_from"]) for r in rows][:4] == [
        ("mfcc", "in", "continuous", "", ""),
        ("mfcc", "in", "hard", "", ""),
        ("mfcc", "in", "soft", "32", "best_grid"),
        ("mfcc", "in", "soft", "5.3", "label_free"),
    ]
    assert (out / "tau_sweep_mfcc.png").read_bytes()[:4] == b"\x89PNG"
    micro = (out / "micro_benchmarks.tsv").read_text().splitlines()
    assert micro[0] == "benchmark\tfigure\tvalue" and "kmeans_k128\tspeedup\t2.5" in micro
    text = report.read_text()
    assert "## WER/CER: mfcc" in text and "![tau sweep, mfcc](tau_sweep_mfcc.png)" in text
    assert "## Phone analysis: mfcc" in text and "| real_kathleen | hard |  | 0.5 | 1.2 | 2.4 | 0.31 |" in text
    assert "soft decoding costs at most 5% more CPU time than hard: decode_ratio = 1.02 -> **met**" in text
    assert "ours at least 3x faster than ESPnet's MiniBatchKMeans: speedup = 2.5 -> **MISSED**" in text
    assert "at no worse inertia: inertia_ratio = 0.99 -> **met**" in text


def test_the_best_grid_tau_follows_the_metric(inputs, tmp_path):
    # set "out": WER ties at tau 2 and 8, CER is lowest at 8
    picks = {}
    for metric in ("cer", "wer"):
        report = write_report(tmp_path / metric, inputs, metric=metric)
        rows = read_rows(report.with_name("report.tsv"))
        picks[metric] = {(r["test_set"], r["tau"]) for r in rows if r["tau_from"] == "best_grid"}
        assert f"best grid tau by {metric.upper()}" in report.read_text()
    assert picks["cer"] == {("in", "32"), ("out", "8")}
    assert picks["wer"] == {("in", "32"), ("out", "2")}


def test_targets_follow_the_benchmark_name():
    assert target_lines("memory", {"kmeans_growth": 1.0}) == [
        "- k-means peak memory flat as the corpus doubles: kmeans_growth = 1 -> **met**"
    ]
    assert target_lines("other", {"speedup": 1}) == []


def test_micro_benchmarks_alone_and_nothing_at_all(inputs, tmp_path):
    write_report(tmp_path / "micro_only", ReportInputs(figures=inputs.figures))
    assert not (tmp_path / "micro_only" / "report.tsv").exists()
    assert (tmp_path / "micro_only" / "micro_benchmarks.tsv").is_file()
    with pytest.raises(DataError, match="nothing to report"):
        write_report(tmp_path / "empty", ReportInputs())
