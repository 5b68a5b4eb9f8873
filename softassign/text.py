"""Transcript normalisation shared by every corpus: LibriSpeech style.

A normalised transcript holds upper-case ASCII letters, apostrophes inside
words (``DON'T``) and single spaces only. Punctuation that carries no words
(``. , ; : ! ? " - ( )`` and the like) becomes a word break; accents are
stripped (``café`` -> ``CAFE``). Characters that stand for words that would
have to be spelled out (digits, ``& % $ # * + = @ /`` ...), annotation
brackets (``[noise]``, ``<beep>``, ``{...}``) and letters outside the Latin
alphabet cannot be normalised: they raise DataError, so a caller can skip
the transcript or report it, never silently drop or invent words.
"""

from __future__ import annotations

import re
import unicodedata

from softassign.errors import DataError

_WORD_BREAKS = re.compile(r"""[\s.,;:!?"()\-\u2010-\u2015\u2026\u00ab\u00bb\u201c\u201d\u201e]+""")
_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc`]")
_NOT_NORMALISED = re.compile(r"[^A-Z' ]")
_STRAY_APOSTROPHE = re.compile(r"(?<![A-Z])'|'(?![A-Z])")


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def normalize_transcript(text: str) -> str:
    """Return ``text`` upper-cased with letters, in-word apostrophes and single spaces only.

    Raises DataError naming the character and the text when a character
    cannot be normalised (digits, symbols, non-Latin letters).
    """
    cleaned = _WORD_BREAKS.sub(" ", _APOSTROPHES.sub("'", _strip_accents(text))).upper()
    bad = _NOT_NORMALISED.search(cleaned)
    if bad:
        raise DataError(f"cannot normalise transcript {text!r}: character {bad.group()!r} is not a letter")
    return " ".join(_STRAY_APOSTROPHE.sub("", cleaned).split())
