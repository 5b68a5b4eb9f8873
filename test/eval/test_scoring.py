import pytest

from softassign.errors import DataError
from softassign.eval.scoring import score_asr


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
