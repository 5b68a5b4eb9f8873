from claims_table import ROWS

from softassign.bin import check_claims
from softassign.evaluation.results import write_rows


def test_prints_and_writes_the_checklist(tmp_path, capsys):
    write_rows(tmp_path / "results.tsv", ROWS)
    args = ["--results", str(tmp_path / "results.tsv"), "--in_domain", "in", "--shifted", "accent", "voice"]
    check_claims.main([*args, "--non_native", "accent", "--out", str(tmp_path / "claims.md")])
    printed = capsys.readouterr().out
    assert printed == (tmp_path / "claims.md").read_text()
    assert "| claim | verdict | evidence |" in printed
    assert "| in-domain: soft beats hard | held | in: CER hard 30.0, soft 27.0 at tau 11" in printed
    assert "| non-native: soft beats continuous | undecided |" in printed
