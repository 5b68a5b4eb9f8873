import pytest

from softassign.bin import score
from softassign.errors import DataError
from softassign.evaluation.results import read_rows
from softassign.evaluation.scoring import score_asr


def test_counts_against_hand_computed_errors():
    refs = {"a": "THE CAT SAT", "b": "ON THE MAT"}
    hyps = {"a": "THE CAT SAT", "b": "ON A MAT TODAY"}
    scores = score_asr(refs, hyps)
    assert scores.n_words == 6 and scores.n_utts == 2
    assert scores.wer == pytest.approx(100 * 2 / 6)  # one substitution, one insertion
    # chars: "ON THE MAT" -> "ON A MAT TODAY": THE->A (2 del + 1 sub) + " TODAY" (6 ins) = 9 of 21
    assert scores.cer == pytest.approx(100 * 9 / 21)


def test_empty_hypothesis_is_all_deletions_and_missing_is_an_error():
    assert score_asr({"a": "ONE TWO"}, {"a": ""}).wer == 100.0
    with pytest.raises(DataError, match="no hypothesis for utterance 'b'"):
        score_asr({"a": "X", "b": "Y"}, {"a": "X"})


def test_hypotheses_without_a_reference_are_an_error_unless_allowed():
    with pytest.raises(DataError, match=r"hyp.txt: utterance 'c' has a hypothesis but no reference \(2 without\)"):
        score_asr({"a": "X"}, {"a": "X", "c": "Y", "d": "Z"}, "hyp.txt")
    assert score_asr({"a": "X"}, {"a": "X", "c": "Y"}, allow_extra=True).n_utts == 1


def write_kaldi(path, table):
    path.write_text("".join(f"{k} {v}\n" for k, v in table.items()))
    return str(path)


def score_main(tmp_path, refs, hyps):
    args = ["--ref", write_kaldi(tmp_path / "ref", refs), "--hyp", write_kaldi(tmp_path / "hyp", hyps)]
    score.main(args + ["--test_set", "t", "--system", "hard", "--out", str(tmp_path / "result.tsv")])


def test_score_entry_point_rejects_a_reference_text_that_lost_an_utterance(tmp_path):
    score_main(tmp_path, {"a": "X Y", "b": "Z"}, {"a": "X Y", "b": "Z"})
    assert read_rows(tmp_path / "result.tsv")[0]["n_utts"] == "2"
    (tmp_path / "result.tsv").unlink()
    with pytest.raises(
        DataError, match=f"{tmp_path / 'hyp'}: utterance 'b' has a hypothesis but no reference \\(1 without"
    ):
        score_main(tmp_path, {"a": "X Y"}, {"a": "X Y", "b": "Z"})
    assert not list(tmp_path.glob("result.tsv*"))
