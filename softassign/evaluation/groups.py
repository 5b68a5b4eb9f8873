"""Error rates per group of utterances (speaker, native language...) from a ``utt2group`` map.

A ``utt2group`` table is a Kaldi table ``utt group`` (``utt2spk`` is one;
L2-ARCTIC's ``utt2lang`` another). :func:`score_by_group` scores each group's
utterances on their own with :func:`softassign.evaluation.scoring.score_asr`;
:func:`group_rows` turns that into results-table rows
(:mod:`softassign.evaluation.results`) with the group in a column of its own.
"""

from __future__ import annotations

from softassign.errors import DataError
from softassign.evaluation.scoring import AsrScores, check_no_extra_hypotheses, score_asr

#: The metric columns of a group row (:func:`group_rows`).
METRIC_COLUMNS = ("wer", "cer", "n_utts")


def score_by_group(
    refs: dict[str, str], hyps: dict[str, str], utt2group: dict[str, str], name: str = "hypotheses"
) -> dict[str, AsrScores]:
    """Group -> scores of its reference utterances, groups sorted by name.

    Every reference utterance needs a group (DataError naming it
    otherwise); groups are taken from ``utt2group`` for the references only,
    so a map covering more utterances (a whole corpus) is fine. A hypothesis
    without a reference is a DataError, as in :func:`score_asr`.
    """
    check_no_extra_hypotheses(refs, hyps, name)
    ungrouped = sorted(set(refs) - set(utt2group))
    if ungrouped:
        raise DataError(f"{name}: utterance {ungrouped[0]!r} has no group ({len(ungrouped)} without)")
    groups: dict[str, dict[str, str]] = {}
    for utt in sorted(refs):
        groups.setdefault(utt2group[utt], {})[utt] = refs[utt]
    return {group: score_asr(groups[group], hyps, f"{name} ({group})", allow_extra=True) for group in sorted(groups)}


def group_rows(labels: dict[str, str], group_column: str, scores: dict[str, AsrScores]) -> list[dict]:
    """Result rows, one per group: ``labels`` (test_set, system, tau...), ``group_column`` = group, the metrics."""
    return [
        {**labels, group_column: group, "wer": f"{s.wer:.2f}", "cer": f"{s.cer:.2f}", "n_utts": s.n_utts}
        for group, s in scores.items()
    ]
