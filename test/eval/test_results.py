import pytest

from softassign.errors import DataError
from softassign.eval.results import merge_results, read_rows, write_rows


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
        ("a", "continuous", ""), ("b", "hard", ""), ("b", "soft", "2"), ("b", "soft", "8")]
    tsv = (tmp_path / "out/results.tsv").read_text().splitlines()
    assert tsv[0].split("\t") == ["test_set", "system", "tau", "wer", "cer", "n_utts"]
    assert read_rows(tmp_path / "out/results.tsv") == merged
    md = (tmp_path / "out/results.md").read_text()
    assert "| b | soft | 8 | 1.0 | 0.5 | 3 |" in md


def test_foreign_tables_are_rejected(tmp_path):
    (tmp_path / "x.tsv").write_text("a\tb\n1\t2\n")
    with pytest.raises(DataError, match="x.tsv: not a results table"):
        read_rows(tmp_path / "x.tsv")
