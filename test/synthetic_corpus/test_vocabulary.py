"""Spelled-out numbers and regular inflection of the sentence vocabulary."""

import pytest

from softassign.synthetic_corpus.vocabulary import add_s, spell_number, split_irregular


@pytest.mark.parametrize(
    "number, words",
    [(1, "one"), (9, "nine"), (10, "ten"), (13, "thirteen"), (20, "twenty"), (42, "forty two"), (99, "ninety nine")],
)
def test_spell_number(number, words):
    assert spell_number(number) == words


@pytest.mark.parametrize("number", [0, 100, -3])
def test_spell_number_rejects_out_of_range(number):
    with pytest.raises(ValueError):
        spell_number(number)


@pytest.mark.parametrize(
    "word, inflected",
    [("dog", "dogs"), ("box", "boxes"), ("wash", "washes"), ("go", "goes"), ("carry", "carries"), ("play", "plays")],
)
def test_add_s(word, inflected):
    assert add_s(word) == inflected


def test_split_irregular():
    assert split_irregular("child:children") == ("child", "children")
    assert split_irregular("glass") == ("glass", "glasses")
