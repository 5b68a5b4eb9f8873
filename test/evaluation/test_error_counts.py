import pytest

from softassign.errors import DataError
from softassign.evaluation.error_counts import ErrorCounts, utterance_counts

# Each edit below is the only minimal one, so the counts are fixed by hand (sclite would agree).
REFS = {"u1": "THE CAT SAT", "u2": "HELLO WORLD", "u3": "SEE YOU LATER", "u4": "GOOD NIGHT MOONS"}
HYPS = {"u1": "THE BAT SAT UP", "u2": "HELLO WORD", "u3": "SEE LATER", "u4": "GOOD\tNIGHT  MOONS "}


def test_word_counts_against_hand_worked_alignments():
    assert utterance_counts(REFS, HYPS, "word") == {
        "u1": ErrorCounts(3, 2, 1, 0, 1),  # CAT->BAT, +UP
        "u2": ErrorCounts(2, 1, 1, 0, 0),  # WORLD->WORD
        "u3": ErrorCounts(3, 2, 0, 1, 0),  # -YOU
        "u4": ErrorCounts(3, 3, 0, 0, 0),  # tabs and extra spaces are not errors
    }


def test_char_counts_treat_the_space_as_a_character():
    assert utterance_counts(REFS, HYPS, "char") == {
        "u1": ErrorCounts(11, 10, 1, 0, 3),  # C->B, +" UP"
        "u2": ErrorCounts(11, 10, 0, 1, 0),  # -L
        "u3": ErrorCounts(13, 9, 0, 4, 0),  # -"YOU "
        "u4": ErrorCounts(16, 16, 0, 0, 0),
    }
    assert utterance_counts({"a": "AB CD"}, {"a": "ABCD"}, "char") == {"a": ErrorCounts(5, 4, 0, 1, 0)}


def test_empty_hypothesis_is_all_deletions_and_empty_reference_all_insertions():
    counts = utterance_counts({"a": "ONE TWO", "b": ""}, {"a": "", "b": "HI"}, "word")
    assert counts == {"a": ErrorCounts(2, 0, 0, 2, 0), "b": ErrorCounts(0, 0, 0, 0, 1)}


def test_counts_add_up_and_count_errors():
    total = sum(utterance_counts(REFS, HYPS, "word").values(), ErrorCounts())
    assert total == ErrorCounts(11, 8, 2, 1, 1)
    assert total.errors == 4
    chars = sum(utterance_counts(REFS, HYPS, "char").values(), ErrorCounts())
    assert chars == ErrorCounts(51, 45, 1, 5, 3)
    assert chars.errors == 9


def test_missing_hypothesis_or_reference_is_an_error_naming_it():
    with pytest.raises(DataError, match="hyps.txt: no hypothesis for utterance 'b'"):
        utterance_counts({"a": "X", "b": "Y"}, {"a": "X"}, "word", name="hyps.txt")
    with pytest.raises(DataError, match="no reference for utterance 'c'"):
        utterance_counts({"a": "X"}, {"a": "X", "c": "Z"}, "char")
    with pytest.raises(DataError, match="no utterances"):
        utterance_counts({}, {}, "word")
    with pytest.raises(ValueError, match="unit must be"):
        utterance_counts({"a": "X"}, {"a": "X"}, "phone")
