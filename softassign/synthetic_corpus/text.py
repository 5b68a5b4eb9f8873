"""Seeded sentences from a small template grammar over :mod:`softassign.synthetic_corpus.vocabulary`.

:func:`disjoint_sentence_sets` cuts one deterministic stream of distinct
sentences (4-12 words, lower case, numbers spelled out) into named sets,
e.g. test, dev and train: the sets never share a sentence, and a set keeps
its sentences when the sizes of the sets after it change.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from softassign.errors import ConfigError
from softassign.synthetic_corpus import vocabulary as vocab

MIN_WORDS, MAX_WORDS = 4, 12
_SYMBOL = re.compile(r"<([A-Z0-9_]+)>")
_MAX_REPEATS = 10_000

_TEMPLATES = {
    "SENTENCE": [
        "<SUBJ_SG> <VP_3SG>",
        "<SUBJ_PL> <VP_BASE> <FREQUENCY>",
        "<SUBJ> <VP_PAST> <TIME_PAST>",
        "<SUBJ> will <VP_BASE> <TIME_FUTURE>",
        "<SUBJ> <NEGATION> <VP_BASE>",
        "there <EXISTENCE> <PLACE_PHRASE>",
        "please <VP_BASE> <ADVERB>",
        "did <SUBJ> <VP_BASE> <TIME_PAST>",
        "where did <SUBJ> <TV_BASE> <OBJECT>",
        "i think <SUBJ> <VP_PAST>",
        "<SUBJ> wanted to <VP_BASE> because it was <WEATHER>",
        "<SUBJ> <VP_PAST> because it was <WEATHER>",
        "it's <WEATHER> <PLACE_PHRASE> <TIME_NOW>",
        "<NP_SG> is <ADJ> <TIME_NOW>",
    ],
    "SUBJ": ["<SUBJ_SG>", "<SUBJ_PL>"],
    "SUBJ_SG": ["<NAME>", "<NP_SG>", "<PRONOUN_SG>"],
    "SUBJ_PL": ["<NP_PL>", "<PRONOUN_PL>", "<NAME> and <NAME>"],
    "NP_SG": ["the <ADJ_OPT> <NOUN_SG>", "my <ADJ_OPT> <NOUN_SG>", "<NAME_POSS> <NOUN_SG>", "this <NOUN_SG>"],
    "NP_SG_INDEF": ["a <ADJ_OPT> <NOUN_SG>"],
    "NP_PL": ["the <ADJ_OPT> <NOUN_PL>", "<NUMBER> <ADJ_OPT> <NOUN_PL>", "some <NOUN_PL>", "our <NOUN_PL>"],
    "OBJECT": ["<NP_SG>", "<NP_SG_INDEF>", "<NP_PL>", "<OBJECT_PRONOUN>", "<NAME>"],
    "VP_PAST": [
        "<TV_PAST> <OBJECT> <PLACE_PHRASE_OPT>",
        "<IV_PAST> <ADVERB_OPT> <PLACE_PHRASE_OPT>",
        "<MV_PAST> to the <PLACE>",
        "<MV_PAST> home <ADVERB_OPT>",
    ],
    "VP_BASE": ["<TV_BASE> <OBJECT> <PLACE_PHRASE_OPT>", "<IV_BASE> <PLACE_PHRASE>", "<MV_BASE> to the <PLACE>"],
    "VP_3SG": ["<TV_3SG> <OBJECT> <FREQUENCY>", "<IV_3SG> <PLACE_PHRASE>", "<MV_3SG> to the <PLACE> <FREQUENCY>"],
    "NEGATION": ["did not", "didn't", "can't", "won't", "could not"],
    "EXISTENCE": ["is <NP_SG_INDEF>", "was <NP_SG_INDEF>", "are <NP_PL>", "were <NP_PL>"],
    "PLACE_PHRASE": ["<PREPOSITION> the <PLACE>"],
    "PLACE_PHRASE_OPT": ["", "<PLACE_PHRASE>"],
    "ADJ_OPT": ["", "<ADJ>"],
    "ADVERB_OPT": ["", "<ADVERB>"],
    "TIME_PAST": ["", "yesterday", "last night", "this morning", "on <DAY>", "at <HOUR> o'clock", "<NUMBER> days ago"],
    "TIME_FUTURE": ["", "tomorrow", "next week", "on <DAY>", "tonight", "at <HOUR> o'clock", "soon"],
    "TIME_NOW": ["", "today", "this morning", "tonight", "again"],
    "FREQUENCY": ["", "every day", "every morning", "on <DAY_PL>", "twice a week", "once a month"],
}


def _word_rules() -> dict[str, list[str]]:
    nouns = [vocab.split_irregular(entry) for entry in vocab.PEOPLE + vocab.ANIMALS + vocab.THINGS]
    rules = {
        "NOUN_SG": [singular for singular, _ in nouns],
        "NOUN_PL": [plural for _, plural in nouns],
        "PLACE": vocab.PLACES,
        "NAME": vocab.NAMES,
        "NAME_POSS": [f"{name}'s" for name in vocab.NAMES],
        "ADJ": vocab.ADJECTIVES,
        "WEATHER": vocab.WEATHER,
        "ADVERB": vocab.ADVERBS,
        "PREPOSITION": vocab.PREPOSITIONS,
        "DAY": vocab.DAYS,
        "DAY_PL": [vocab.add_s(day) for day in vocab.DAYS],
        "PRONOUN_SG": vocab.PRONOUNS_SINGULAR,
        "PRONOUN_PL": vocab.PRONOUNS_PLURAL,
        "OBJECT_PRONOUN": vocab.OBJECT_PRONOUNS,
        "HOUR": [vocab.spell_number(n) for n in range(1, 13)],
        "NUMBER": [vocab.spell_number(n) for n in range(2, 100)],
    }
    verb_classes = [("TV", vocab.TRANSITIVE_VERBS), ("IV", vocab.INTRANSITIVE_VERBS), ("MV", vocab.MOTION_VERBS)]
    for prefix, entries in verb_classes:
        verbs = [vocab.split_irregular(entry) for entry in entries]
        rules[f"{prefix}_BASE"] = [base for base, _ in verbs]
        rules[f"{prefix}_PAST"] = [past for _, past in verbs]
        rules[f"{prefix}_3SG"] = [vocab.add_s(base) for base, _ in verbs]
    return rules


GRAMMAR: dict[str, list[str]] = {**_TEMPLATES, **_word_rules()}


def _expand(symbol: str, rng: random.Random) -> str:
    return _SYMBOL.sub(lambda match: _expand(match.group(1), rng), rng.choice(GRAMMAR[symbol]))


def _fix_articles(words: list[str]) -> list[str]:
    following = words[1:] + [""]
    return ["an" if word == "a" and after[:1] in tuple("aeio") else word for word, after in zip(words, following)]


def random_sentence(rng: random.Random) -> str:
    """One sentence of the grammar (any length), lower case, single-spaced."""
    return " ".join(_fix_articles(_expand("SENTENCE", rng).split()))


def unique_sentences(seed: int) -> Iterator[str]:
    """An endless deterministic stream of distinct sentences of MIN_WORDS..MAX_WORDS words."""
    rng, seen, repeats = random.Random(seed), set(), 0
    while repeats < _MAX_REPEATS:
        sentence = random_sentence(rng)
        if sentence in seen or not MIN_WORDS <= len(sentence.split()) <= MAX_WORDS:
            repeats += 1
            continue
        seen.add(sentence)
        repeats = 0
        yield sentence
    raise ConfigError(f"the grammar gives no new sentence after {len(seen)} (seed {seed})")


def disjoint_sentence_sets(seed: int, sizes: dict[str, int]) -> dict[str, list[str]]:
    """Consecutive slices of :func:`unique_sentences`, one per name of ``sizes``, in its order."""
    stream = unique_sentences(seed)
    return {name: [next(stream) for _ in range(size)] for name, size in sizes.items()}


def vocabulary() -> set[str]:
    """Every word a sentence can contain."""
    texts = [text for alternatives in GRAMMAR.values() for text in alternatives]
    return {word for text in texts for word in _SYMBOL.sub(" ", text).split()} | {"an"}
