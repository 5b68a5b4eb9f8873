import pytest

from softassign.errors import DataError
from softassign.evaluation.results import merge_results, read_rows, write_rows


def test_merge_sorts_and_writes_tsv_and_markdown(tmp_path):
    rows = [
        {"test_set": "b", "system": "soft", "tau": "8", "wer": "1.0", "cer": "0.5", "n_utts": 3},
        {"test_set": "b", "system": "soft", "tau": "2", "wer": "1.5", "cer": "0.6", "n_utts": 3},
        {"test_set": "b", "system": "hard", "tau": "", "wer": "2.0", "cer": "0.7", "n_utts": 3},
        {"test_set": "a", "system": "continuous", "tau": "", "wer": "3.0", "cer": "0.8", "n_utts": 3},
    ]
    paths = []
    for i, row in enumerate(rows):
        paths.append(tmp_path / f"r{i}.tsv")
        write_rows(paths[-1], [row])
    merged = merge_results(paths, tmp_path / "out")
    assert [(r["test_set"], r["system"], r["tau"]) for r in merged] == [
        ("a", "continuous", ""),
        ("b", "hard", ""),
        ("b", "soft", "2"),
        ("b", "soft", "8"),
    ]
    tsv = (tmp_path / "out/results.tsv").read_text().splitlines()
    assert tsv[0].split("\t") == ["test_set", "system", "tau", "wer", "cer", "n_utts"]
    assert read_rows(tmp_path / "out/results.tsv") == merged
    md = (tmp_path / "out/results.md").read_text()
    assert "| b | soft | 8 | 1.0 | 0.5 | 3 |" in md


def test_foreign_tables_are_rejected(tmp_path):
    (tmp_path / "x.tsv").write_text("a\tb\n1\t2\n")
    with pytest.raises(DataError, match="x.tsv: not a results table"):
        read_rows(tmp_path / "x.tsv")


def test_join_puts_the_metrics_of_one_system_in_one_row(tmp_path):
    tables = {
        "mcd_hard.tsv": [
            {"test_set": "t", "system": "hard", "tau": "", "mcd": "7.1", "log_f0_rmse": "0.2", "n_utts": 3}
        ],
        "wer_hard.tsv": [{"test_set": "t", "system": "hard", "tau": "", "wer": "10.0", "cer": "4.0", "n_utts": 3}],
        "wer_soft.tsv": [{"test_set": "t", "system": "soft", "tau": "8", "wer": "9.0", "cer": "3.0", "n_utts": 3}],
        "wer_ood.tsv": [{"test_set": "ood", "system": "hard", "tau": "", "wer": "30.0", "cer": "20.0", "n_utts": 2}],
    }
    for name, rows in tables.items():
        write_rows(tmp_path / name, rows)
    merged = merge_results([tmp_path / name for name in tables], tmp_path / "out", join=True)
    assert [(r["test_set"], r["system"], r["tau"]) for r in merged] == [
        ("ood", "hard", ""),
        ("t", "hard", ""),
        ("t", "soft", "8"),
    ]
    assert merged[1] == {
        "test_set": "t",
        "system": "hard",
        "tau": "",
        "mcd": "7.1",
        "log_f0_rmse": "0.2",
        "n_utts": "3",
        "wer": "10.0",
        "cer": "4.0",
    }
    written = read_rows(tmp_path / "out/results.tsv")
    assert list(written[0]) == ["test_set", "system", "tau", "wer", "cer", "n_utts", "mcd", "log_f0_rmse"]
    assert written[0]["mcd"] == "" and written[2]["mcd"] == "" and written[0]["wer"] == "30.0"
    assert "| t | soft | 8 | 9.0 | 3.0 | 3 |  |  |" in (tmp_path / "out/results.md").read_text()


def test_join_rejects_two_values_of_one_metric(tmp_path):
    for name, n_utts in [("a.tsv", 3), ("b.tsv", 4)]:
        write_rows(tmp_path / name, [{"test_set": "t", "system": "hard", "tau": "", "n_utts": n_utts}])
    with pytest.raises(DataError, match=r"b.tsv: n_utts='4' for \('t', 'hard', ''\), but .*a.tsv has '3'"):
        merge_results([tmp_path / "a.tsv", tmp_path / "b.tsv"], tmp_path / "out", join=True)
    assert not (tmp_path / "out").exists()
    assert len(merge_results([tmp_path / "a.tsv", tmp_path / "b.tsv"], tmp_path / "out")) == 2
