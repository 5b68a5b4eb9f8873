"""softassign.bin.score: one results row per decode dir; --compare adds the difference to another system with
its paired-bootstrap interval; bad input names the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from softassign.bin import score
from softassign.evaluation.results import read_rows

REFS = {"u1": "THE CAT SAT", "u2": "HELLO WORLD", "u3": "SEE YOU LATER", "u4": "GOOD NIGHT MOONS"}
WORSE = {"u1": "THE BAT SAT UP", "u2": "HELLO WORD", "u3": "SEE LATER", "u4": "GOOD NIGHT MOONS"}  # 4 of 11 words


def write_text(path: Path, table: dict[str, str]) -> Path:
    path.write_text("".join(f"{utt} {text}\n" for utt, text in table.items()))
    return path


def score_row(tmp_path: Path, hyps: dict[str, str], *options: str) -> dict[str, str]:
    out = tmp_path / "result.tsv"
    score.main(
        [
            "--ref",
            str(write_text(tmp_path / "ref", REFS)),
            "--hyp",
            str(write_text(tmp_path / "hyp", hyps)),
            "--test_set",
            "test_in",
            "--system",
            "soft",
            "--tau",
            "8",
            "--out",
            str(out),
            *options,
        ]
    )
    [row] = read_rows(out)
    return row


def test_a_row_without_comparisons(tmp_path) -> None:
    row = score_row(tmp_path, WORSE)
    assert (row["test_set"], row["system"], row["tau"], row["n_utts"]) == ("test_in", "soft", "8", "4")
    assert float(row["wer"]) == pytest.approx(100 * 4 / 11, abs=0.01)
    assert not any(column.startswith(("wer_vs", "cer_vs")) for column in row)


def test_compare_gives_the_difference_and_its_interval(tmp_path) -> None:
    worse = write_text(tmp_path / "worse", WORSE)
    row = score_row(tmp_path, REFS, "--compare", f"hard={worse}", "--compare", f"self={tmp_path / 'hyp'}")
    assert row["wer_vs_hard"] == "-36.36"  # 0 of 11 words wrong against 4 of 11
    low, high = (float(x) for x in row["wer_vs_hard_ci95"].strip("[]").split(","))
    assert low <= -36.36 / 2 and high <= 0  # fewer errors on every resample
    assert float(row["cer_vs_hard"]) < 0
    assert (row["wer_vs_self"], row["wer_vs_self_ci95"]) == ("+0.00", "[+0.00, +0.00]")


def test_the_interval_is_reproducible_and_seeded(tmp_path) -> None:
    worse = write_text(tmp_path / "worse", WORSE)
    mixed = {**REFS, "u1": WORSE["u1"]}
    rows = [score_row(tmp_path, mixed, "--compare", f"hard={worse}", "--seed", seed) for seed in ("0", "0", "1")]
    assert rows[0] == rows[1]
    assert rows[0]["wer_vs_hard"] == rows[2]["wer_vs_hard"]


@pytest.mark.parametrize(
    "spec, message",
    [("hard", "--compare expects NAME=HYP_TEXT"), ("=x", "--compare expects NAME=HYP_TEXT")],
)
def test_a_bad_compare_spec_is_an_error(tmp_path, spec, message, capsys) -> None:
    with pytest.raises(SystemExit):
        score.run(lambda: score_row(tmp_path, REFS, "--compare", spec))
    assert message in capsys.readouterr().err
    assert not (tmp_path / "result.tsv").exists()


def test_a_compared_system_missing_an_utterance_is_named(tmp_path, capsys) -> None:
    partial = write_text(tmp_path / "partial", {k: v for k, v in WORSE.items() if k != "u3"})
    with pytest.raises(SystemExit):
        score.run(lambda: score_row(tmp_path, REFS, "--compare", f"hard={partial}"))
    err = capsys.readouterr().err
    assert str(partial) in err and "u3" in err
    assert not (tmp_path / "result.tsv").exists()
