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


def score_asr(refs: dict[str, str], hyps: dict[str, str], name: str = "hypotheses") -> AsrScores:
    """Score every reference utterance; an utterance without a hypothesis is an error naming it.

    An empty hypothesis is scored (all deletions); hypotheses for utterances
    outside ``refs`` are ignored.
    """
    missing = sorted(set(refs) - set(hyps))
    if missing:
        raise DataError(f"{name}: no hypothesis for utterance {missing[0]!r} ({len(missing)} missing)")
    if not refs:
        raise DataError(f"{name}: no reference utterances to score")
    utts = sorted(refs)
    ref, hyp = _join([refs[u] for u in utts]), _join([hyps[u] for u in utts])
    words = jiwer.process_words(ref, hyp)
    chars = jiwer.process_characters(ref, hyp)
    n_words = sum(len(r.split()) for r in ref)
    n_chars = sum(len(r) for r in ref)
    return AsrScores(100 * words.wer, 100 * chars.cer, len(utts), n_words, n_chars)
