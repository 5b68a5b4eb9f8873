"""The shared LibriSpeech-style transcript normaliser."""

import pytest

from softassign.errors import DataError
from softassign.text import normalize_transcript


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Hello, world!", "HELLO WORLD"),
        ("  Call-Forward on   Busy. ", "CALL FORWARD ON BUSY"),
        ("Don't stop; it's fine...", "DON'T STOP IT'S FINE"),
        ("\u2018quoted\u2019 words \u201clike\u201d this", "QUOTED WORDS LIKE THIS"),
        ("the party's extension", "THE PARTY'S EXTENSION"),
        ("don\u2019t", "DON'T"),
        ("caf\u00e9 na\u00efve", "CAFE NAIVE"),
        ("(parenthetical) remark", "PARENTHETICAL REMARK"),
        ("ALREADY NORMAL", "ALREADY NORMAL"),
        ("", ""),
    ],
)
def test_normalises_to_letters_apostrophes_and_spaces(raw, expected):
    assert normalize_transcript(raw) == expected


def test_is_idempotent():
    once = normalize_transcript("It's ten o'clock -- isn't it?")
    assert normalize_transcript(once) == once == "IT'S TEN O'CLOCK ISN'T IT"


@pytest.mark.parametrize("raw", ["press 1 now", "dial #", "ten % off", "at [@]", "<beep>", "a & b", "\u4f60\u597d"])
def test_rejects_what_it_cannot_spell_out(raw):
    with pytest.raises(DataError, match="cannot normalise"):
        normalize_transcript(raw)
