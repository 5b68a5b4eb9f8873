"""The seeded sentence generator: deterministic, 4-12 words, disjoint and stable sets."""

import itertools
import random

from softassign.synthetic_corpus.text import MAX_WORDS, MIN_WORDS, disjoint_sentence_sets, random_sentence, vocabulary
from softassign.text import normalize_transcript

SIZES = {"test": 40, "dev": 40, "train": 300}


def test_same_seed_same_sentences_other_seed_others():
    first = disjoint_sentence_sets(3, SIZES)
    assert first == disjoint_sentence_sets(3, SIZES)
    assert first["train"] != disjoint_sentence_sets(4, SIZES)["train"]


def test_sets_are_disjoint_and_have_the_requested_sizes():
    sets = disjoint_sentence_sets(0, SIZES)
    assert {name: len(sentences) for name, sentences in sets.items()} == SIZES
    everything = [s for sentences in sets.values() for s in sentences]
    assert len(set(everything)) == len(everything)


def test_earlier_sets_do_not_depend_on_later_sizes():
    small = disjoint_sentence_sets(0, {"test": 20, "dev": 10, "train": 5})
    large = disjoint_sentence_sets(0, {"test": 20, "dev": 10, "train": 500})
    assert small["test"] == large["test"] and small["dev"] == large["dev"]
    assert large["train"][:5] == small["train"]


def test_sentences_are_short_plain_lower_case_words():
    for sentence in disjoint_sentence_sets(1, SIZES)["train"]:
        assert MIN_WORDS <= len(sentence.split()) <= MAX_WORDS
        assert sentence == sentence.lower()
        assert normalize_transcript(sentence) == sentence.upper()


def test_sentences_use_the_vocabulary_and_vary():
    words = vocabulary()
    assert 300 <= len(words) <= 800
    rng = random.Random(0)
    sentences = [random_sentence(rng) for _ in range(500)]
    used = {word for sentence in sentences for word in sentence.split()}
    assert used <= words
    assert len(used) > 200
    assert len({s.split()[0] for s in sentences}) > 20


def test_articles_agree_with_the_next_word():
    rng = random.Random(5)
    for _ in range(2000):
        words = random_sentence(rng).split()
        for article, following in itertools.pairwise(words):
            if article in ("a", "an"):
                assert (article == "an") == (following[0] in "aeio"), " ".join(words)
