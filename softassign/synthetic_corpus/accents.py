"""Rule-based foreign accents: respelled espeak-ng phonemes, spoken with ``[[...]]`` phoneme input.

A text is turned into espeak-ng phoneme mnemonics (``espeak-ng -q -x``,
words split by spaces, phonemes by ``|``, e.g. ``D|@2 T|'I|N``); the rules
of an L1 profile rewrite the phonemes of each word; the result is spoken by
the same espeak-ng voice. A phoneme keeps its stress mark (``'`` primary,
``,`` secondary) when it is replaced. Pause marks (``_``, ``_:``) are never
changed and do not count as a word's first or last phoneme.

The profiles are caricatures built from textbook L1-transfer patterns
(th-stopping, r/l and v/w confusion, final devoicing, final-consonant
deletion, vowel epenthesis, tense/lax vowel mergers), not models of real
speakers.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass
from pathlib import Path

from softassign.errors import ConfigError
from softassign.synthetic_corpus.voices import EspeakVoice, Voice

_STRESS_MARKS = "',%="
CONSONANTS = frozenset(
    [
        "p",
        "b",
        "t",
        "d",
        "k",
        "g",
        "f",
        "v",
        "T",
        "D",
        "s",
        "z",
        "S",
        "Z",
        "h",
        "tS",
        "dZ",
        "m",
        "n",
        "N",
        "l",
        "r",
        "w",
        "j",
        "t#",
    ]
)
"""espeak-ng English consonant mnemonics."""


def _split_stress(phoneme: str) -> tuple[str, str]:
    base = phoneme.lstrip(_STRESS_MARKS)
    return phoneme[: len(phoneme) - len(base)], base


def _base(phoneme: str) -> str:
    return _split_stress(phoneme)[1]


def _is_pause(phoneme: str) -> bool:
    return phoneme.startswith("_")


def _edge_index(word: list[str], position: str) -> int | None:
    """Index of the first ("initial") or last ("final") non-pause phoneme of a word."""
    indices = [i for i, phoneme in enumerate(word) if not _is_pause(phoneme)]
    if not indices:
        return None
    return indices[0] if position == "initial" else indices[-1]


class Rule(abc.ABC):
    """One rewrite of the phonemes of a word."""

    @abc.abstractmethod
    def apply(self, word: list[str]) -> list[str]:
        """Return the rewritten phoneme list of one word (the input is not modified)."""


@dataclass(frozen=True)
class Substitute(Rule):
    """Replace phoneme ``source`` by ``target`` (space-separated phonemes; empty deletes it).

    ``position`` is ``any``, ``initial`` (the word's first phoneme) or
    ``final`` (its last phoneme).
    """

    source: str
    target: str
    position: str = "any"

    def apply(self, word: list[str]) -> list[str]:
        """Replace every matching phoneme in the allowed position."""
        if self.position == "any":
            allowed = set(range(len(word)))
        else:
            edge = _edge_index(word, self.position)
            allowed = set() if edge is None else {edge}
        rewritten: list[str] = []
        for index, phoneme in enumerate(word):
            stress, base = _split_stress(phoneme)
            if index in allowed and base == self.source:
                replacement = self.target.split()
                rewritten += [stress + replacement[0], *replacement[1:]] if replacement else []
            else:
                rewritten.append(phoneme)
        return rewritten


@dataclass(frozen=True)
class EpentheticVowel(Rule):
    """Insert ``vowel`` at a word edge: ``final``: after a final consonant; ``initial``: before ``s`` + consonant.

    Final consonants in ``except_after`` are left alone (e.g. nasals for a CV(N) syllable structure).
    """

    vowel: str
    position: str
    except_after: tuple[str, ...] = ()

    def apply(self, word: list[str]) -> list[str]:
        """Insert the vowel when the word edge matches."""
        edge = _edge_index(word, self.position)
        if edge is None:
            return list(word)
        if self.position == "final":
            last = _base(word[edge])
            if last in CONSONANTS and last not in self.except_after:
                return word[: edge + 1] + [self.vowel] + word[edge + 1 :]
            return list(word)
        if _base(word[edge]) == "s" and edge + 1 < len(word) and _base(word[edge + 1]) in CONSONANTS:
            return word[:edge] + [self.vowel] + word[edge:]
        return list(word)


@dataclass(frozen=True)
class AccentProfile:
    """A named L1 profile: its rules, applied in order to every word."""

    name: str
    description: str
    rules: tuple[Rule, ...]

    def apply(self, phonemes: str) -> str:
        """Rewrite a phoneme string in the ``|``-separated format of :meth:`EspeakVoice.phonemes`."""
        words = []
        for word in phonemes.split():
            segments = word.split("|")
            for rule in self.rules:
                segments = rule.apply(segments)
            words.append("|".join(segments))
        return " ".join(word for word in words if word)


def _devoice_final(pairs: str) -> tuple[Rule, ...]:
    """Word-final ``voiced>voiceless`` substitutions."""
    return tuple(Substitute(*pair.split(">"), "final") for pair in pairs.split())


PROFILES: dict[str, AccentProfile] = {
    profile.name: profile
    for profile in [
        AccentProfile(
            "german",
            "th -> s/z; w -> v; final obstruent devoicing; trap vowel -> dress vowel",
            (
                Substitute("T", "s"),
                Substitute("D", "z"),
                Substitute("w", "v"),
                Substitute("a", "E"),
                *_devoice_final("b>p d>t g>k z>s v>f dZ>tS"),
            ),
        ),
        AccentProfile(
            "spanish",
            "v -> b; z -> s; sh -> ch; th -> t/d; kit -> fleece, foot -> goose, strut -> a; e- before s + consonant",
            (
                Substitute("v", "b"),
                Substitute("z", "s"),
                Substitute("S", "tS"),
                Substitute("T", "t"),
                Substitute("D", "d"),
                Substitute("I", "i:"),
                Substitute("U", "u:"),
                Substitute("V", "a"),
                EpentheticVowel("E", "initial"),
            ),
        ),
        AccentProfile(
            "japanese",
            "l -> r; th -> s/z; v -> b; a vowel after every final consonant but n/m/ng",
            (
                Substitute("l", "r"),
                Substitute("T", "s"),
                Substitute("D", "z"),
                Substitute("v", "b"),
                EpentheticVowel("u:", "final", except_after=("n", "m", "N")),
            ),
        ),
        AccentProfile(
            "mandarin",
            "final stops deleted; th -> s/d; v -> w; z -> s; kit -> fleece",
            (
                *(Substitute(stop, "", "final") for stop in ["p", "b", "t", "d", "k", "g"]),
                Substitute("T", "s"),
                Substitute("D", "d"),
                Substitute("v", "w"),
                Substitute("z", "s"),
                Substitute("I", "i:"),
            ),
        ),
        AccentProfile(
            "french",
            "h dropped; th -> s/z; ch -> sh, j -> zh; kit -> fleece, foot -> goose",
            (
                Substitute("h", ""),
                Substitute("T", "s"),
                Substitute("D", "z"),
                Substitute("tS", "S"),
                Substitute("dZ", "Z"),
                Substitute("I", "i:"),
                Substitute("U", "u:"),
            ),
        ),
        AccentProfile(
            "hindi",
            "w -> v; th -> t/d; z -> j (as in jam); i- before s + consonant",
            (
                Substitute("w", "v"),
                Substitute("T", "t"),
                Substitute("D", "d"),
                Substitute("z", "dZ"),
                EpentheticVowel("I", "initial"),
            ),
        ),
    ]
}
"""Every L1 profile, by name."""


def get_profile(name: str) -> AccentProfile:
    """The profile ``name``; ConfigError listing the known profiles otherwise."""
    if name not in PROFILES:
        raise ConfigError(f"unknown accent profile {name!r}; known profiles: {', '.join(PROFILES)}")
    return PROFILES[name]


def phoneme_input(phonemes: str) -> str:
    """espeak-ng ``[[...]]`` input for a ``|``-separated phoneme string."""
    return f"[[{phonemes.replace('|', '')}]]"


@dataclass(frozen=True)
class AccentedVoice(Voice):
    """An espeak-ng voice that speaks through the rules of an accent profile."""

    base: EspeakVoice
    profile: AccentProfile

    def render(self, text: str, wav_path: Path) -> None:
        """Phonemise ``text``, apply the profile, speak the respelled phonemes."""
        self.base.render(phoneme_input(self.profile.apply(self.base.phonemes(text))), wav_path)


def accented_voice(profile_name: str, base: EspeakVoice) -> AccentedVoice:
    """``base`` with accent ``profile_name``, named ``acc_<profile>_<base name>``."""
    return AccentedVoice(f"acc_{profile_name}_{base.name}", base, get_profile(profile_name))
