"""Word and character error rates of hypotheses against reference transcripts (jiwer)."""

from __future__ import annotations

from dataclasses import dataclass

import jiwer

from softassign.errors import DataError


@dataclass(frozen=True)
class AsrScores:
    """Corpus-level error rates in percent, and the counts behind them."""

    wer: float
    cer: float
    n_utts: int
    n_words: int
    n_chars: int


def _join(texts: list[str]) -> list[str]:
    return [" ".join(t.split()) for t in texts]


def check_no_extra_hypotheses(refs: dict[str, str], hyps: dict[str, str], name: str = "hypotheses") -> None:
    """Raise DataError naming the first utterance of ``hyps`` that has no reference, and how many have none."""
    extra = sorted(set(hyps) - set(refs))
    if extra:
        raise DataError(f"{name}: utterance {extra[0]!r} has a hypothesis but no reference ({len(extra)} without)")


def score_asr(
    refs: dict[str, str], hyps: dict[str, str], name: str = "hypotheses", *, allow_extra: bool = False
) -> AsrScores:
    """Score every reference utterance against its hypothesis; an empty hypothesis is all deletions.

    A reference without a hypothesis, or (unless ``allow_extra``) a
    hypothesis without a reference, is a DataError naming the first such
    utterance and the count. ``allow_extra`` is for scoring a chosen subset
    of a set checked with :func:`check_no_extra_hypotheses`, such as one group of it.
    """
    missing = sorted(set(refs) - set(hyps))
    if missing:
        raise DataError(f"{name}: no hypothesis for utterance {missing[0]!r} ({len(missing)} missing)")
    if not allow_extra:
        check_no_extra_hypotheses(refs, hyps, name)
    if not refs:
        raise DataError(f"{name}: no reference utterances to score")
    utts = sorted(refs)
    ref, hyp = _join([refs[u] for u in utts]), _join([hyps[u] for u in utts])
    words = jiwer.process_words(ref, hyp)
    chars = jiwer.process_characters(ref, hyp)
    n_words = sum(len(r.split()) for r in ref)
    n_chars = sum(len(r) for r in ref)
    return AsrScores(100 * words.wer, 100 * chars.cer, len(utts), n_words, n_chars)
