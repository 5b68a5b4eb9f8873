"""Per-utterance word and character error counts, read off jiwer's alignments.

:func:`utterance_counts` aligns all utterances in one jiwer call and counts, for each
utterance, the reference length and the correct, substituted, deleted and inserted
words (or characters). :class:`ErrorCounts` add up, so corpus-level figures are
``sum(counts.values(), ErrorCounts())``. Whitespace is normalised as in
:mod:`softassign.evaluation.scoring`; at character level the space between two words is a
character, as in ``jiwer.process_characters`` (ESPnet's CER writes it as a ``<space>``
token: the same counts).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal

import jiwer

from softassign.errors import DataError

PROCESS = {"word": jiwer.process_words, "char": jiwer.process_characters}


@dataclass(frozen=True)
class ErrorCounts:
    """Alignment counts of one utterance, or of a sum of them; ``ref_len = correct + substitutions + deletions``."""

    ref_len: int = 0
    correct: int = 0
    substitutions: int = 0
    deletions: int = 0
    insertions: int = 0

    @property
    def errors(self) -> int:
        """Substitutions + deletions + insertions, the numerator of the error rate."""
        return self.substitutions + self.deletions + self.insertions

    def __add__(self, other: ErrorCounts) -> ErrorCounts:
        return ErrorCounts(
            self.ref_len + other.ref_len,
            self.correct + other.correct,
            self.substitutions + other.substitutions,
            self.deletions + other.deletions,
            self.insertions + other.insertions,
        )


def paired_utterances(first: dict, second: dict, first_name: str, second_name: str, context: str) -> list[str]:
    """The sorted utterance ids of two mappings that must hold the same ones; otherwise a DataError naming one."""
    for have, lack, name in ((first, second, second_name), (second, first, first_name)):
        missing = sorted(set(have) - set(lack))
        if missing:
            raise DataError(f"{context}: no {name} for utterance {missing[0]!r} ({len(missing)} missing)")
    if not first:
        raise DataError(f"{context}: no utterances")
    return sorted(first)


def _counts(ref_len: int, chunks: list[jiwer.AlignmentChunk]) -> ErrorCounts:
    size = Counter()
    for chunk in chunks:
        if chunk.type == "insert":
            size[chunk.type] += chunk.hyp_end_idx - chunk.hyp_start_idx
        else:
            size[chunk.type] += chunk.ref_end_idx - chunk.ref_start_idx
    return ErrorCounts(ref_len, size["equal"], size["substitute"], size["delete"], size["insert"])


def utterance_counts(
    refs: dict[str, str], hyps: dict[str, str], unit: Literal["word", "char"] = "word", name: str = "hypotheses"
) -> dict[str, ErrorCounts]:
    """Error counts of every utterance at ``unit`` ("word" or "char") level, keyed by utterance id.

    ``refs`` and ``hyps`` must hold the same utterances (a DataError, prefixed by
    ``name``, names one that lacks a reference or a hypothesis). An empty hypothesis
    scores all deletions, an empty reference all insertions.
    """
    if unit not in PROCESS:
        raise ValueError(f"unit must be 'word' or 'char', not {unit!r}")
    utts = paired_utterances(refs, hyps, "reference", "hypothesis", name)
    output = PROCESS[unit]([" ".join(refs[u].split()) for u in utts], [" ".join(hyps[u].split()) for u in utts])
    return {u: _counts(len(ref), chunks) for u, ref, chunks in zip(utts, output.references, output.alignments)}
