import pytest
from sweep_table import ROWS

from softassign.bin import make_benchmark_report
from softassign.errors import ConfigError
from softassign.evaluation.results import write_rows


def test_named_tables_make_the_report(tmp_path, capsys):
    write_rows(tmp_path / "results.tsv", ROWS)
    make_benchmark_report.main(["--out_dir", str(tmp_path / "out"), "--results", f"hubert={tmp_path / 'results.tsv'}"])
    assert capsys.readouterr().out.strip() == str(tmp_path / "out" / "report.md")
    assert (tmp_path / "out" / "tau_sweep_hubert.png").is_file()


@pytest.mark.parametrize("pair", ["no_equals_sign", "=path", "mfcc="])
def test_malformed_pairs_are_config_errors(tmp_path, pair):
    with pytest.raises(ConfigError, match="--results: expected distinct name=path pairs"):
        make_benchmark_report.main(["--out_dir", str(tmp_path), "--results", pair])
