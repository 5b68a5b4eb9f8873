"""The published ASR claims of soft assignment, decided from a results table.

Onda et al. (2026) report, with hard-unit models decoded with soft assignment:
soft beats hard in-domain; it gains more out of domain; on non-native speech it
even beats continuous features; and the best temperature grows with the domain
shift. :func:`check_claims` decides each claim from the rows of
:func:`softassign.evaluation.results.read_rows` (``results.tsv`` of stage 10).

Soft rows are those of the label-free tau (the tau a user gets without test
labels); a difference is decided by its paired-bootstrap 95 % interval
(``<metric>_vs_hard_ci95``): ``held`` when the interval lies on the claimed
side of zero, ``not held`` when it lies on the other side, ``undecided`` when
it holds zero. "More out of domain" compares relative gains (soft against hard,
as a fraction of the hard error rate), point estimates only; it and the tau
claim are ``held`` when every shifted set agrees, ``not held`` when none does,
``k of n sets`` otherwise. A claim whose rows are missing is ``not measurable here``.
"""

from __future__ import annotations

from dataclasses import dataclass

from softassign.errors import DataError
from softassign.evaluation.bootstrap import parse_interval
from softassign.evaluation.sweep import LABEL_FREE, best_grid_row, system_row, value_of

HELD, NOT_HELD, UNDECIDED, NOT_MEASURABLE = "held", "not held", "undecided", "not measurable here"


@dataclass(frozen=True)
class Verdict:
    """One claim, what the table says of it, and the figures that decide it."""

    claim: str
    verdict: str
    evidence: str


def interval_verdict(low: float, high: float) -> str:
    """``held`` when the interval of soft minus the other is below 0, ``not held`` above, else ``undecided``."""
    if high < 0:
        return HELD
    if low > 0:
        return NOT_HELD
    return UNDECIDED


def soft_against(rows: list[dict], claim: str, test_set: str, other: str, metric: str) -> Verdict:
    """``claim`` decided by soft (label-free tau) minus ``other`` on ``test_set``, with its interval."""
    row = system_row(rows, test_set, LABEL_FREE)
    column = f"{metric}_vs_{other}"
    if row is None or not row.get(f"{column}_ci95"):
        return Verdict(claim, NOT_MEASURABLE, f"no label-free soft row with {column}_ci95 on {test_set}")
    low, high = parse_interval(row[f"{column}_ci95"], f"{test_set} {column}_ci95")
    evidence = (
        f"{test_set}: {metric.upper()} {other} {value_of(system_row(rows, test_set, other), metric)}, "
        f"soft {row[metric]} at tau {row['tau']}, soft - {other} {row[column]} {row[f'{column}_ci95']}"
    )
    return Verdict(claim, interval_verdict(low, high), evidence)


def count_verdict(agreeing: int, sets: int) -> str:
    """``held`` when every shifted set agrees with a claim, ``not held`` when none does, else ``k of n sets``."""
    if agreeing == sets:
        return HELD
    return NOT_HELD if agreeing == 0 else f"{agreeing} of {sets} sets"


def relative_gain(rows: list[dict], test_set: str, metric: str) -> float | None:
    """(hard - soft) / hard at the label-free tau, or None when a row is missing or hard is 0."""
    hard = value_of(system_row(rows, test_set, "hard"), metric)
    soft = value_of(system_row(rows, test_set, LABEL_FREE), metric)
    if hard is None or soft is None or hard == 0:
        return None
    return (hard - soft) / hard


def more_out_of_domain(rows: list[dict], in_domain: str, shifted: list[str], metric: str) -> Verdict:
    """Held when every shifted set's relative gain exceeds the in-domain one, not held when none does."""
    claim = "soft gains more out of domain (relative to hard)"
    base = relative_gain(rows, in_domain, metric)
    gains = {s: relative_gain(rows, s, metric) for s in shifted}
    gains = {s: g for s, g in gains.items() if g is not None}
    if base is None or not gains:
        return Verdict(claim, NOT_MEASURABLE, f"no hard and label-free soft rows of {in_domain} and a shifted set")
    verdict = count_verdict(sum(g > base for g in gains.values()), len(gains))
    evidence = ", ".join(f"{s} {100 * g:+.1f} %" for s, g in [(in_domain, base), *gains.items()])
    return Verdict(claim, verdict, f"relative {metric.upper()} gain: {evidence} (point estimates)")


def best_tau_grows(rows: list[dict], in_domain: str, shifted: list[str], metric: str) -> Verdict:
    """Held when every shifted set's best grid tau is above the in-domain one, not held when none is."""
    claim = "the best tau grows out of domain"
    best = {s: best_grid_row(rows, s, metric) for s in [in_domain, *shifted]}
    taus = {s: float(row["tau"]) for s, row in best.items() if row is not None}
    if in_domain not in taus or len(taus) < 2:
        return Verdict(claim, NOT_MEASURABLE, f"no tau grid on {in_domain} and a shifted set")
    base, others = taus[in_domain], [t for s, t in taus.items() if s != in_domain]
    verdict = count_verdict(sum(t > base for t in others), len(others))
    evidence = ", ".join(f"{s} {t:g}" for s, t in taus.items())
    return Verdict(claim, verdict, f"best grid tau ({metric.upper()}): {evidence}")


def check_claims(
    rows: list[dict], in_domain: str, shifted: list[str], non_native: list[str], metric: str = "cer"
) -> list[Verdict]:
    """The verdicts of the published ASR claims on a results table (see the module docstring)."""
    if metric not in ("wer", "cer"):
        raise DataError(f"metric must be wer or cer, got {metric!r}")
    return [
        soft_against(rows, "in-domain: soft beats hard", in_domain, "hard", metric),
        more_out_of_domain(rows, in_domain, shifted, metric),
        *(soft_against(rows, "non-native: soft beats continuous", s, "continuous", metric) for s in non_native),
        best_tau_grows(rows, in_domain, shifted, metric),
    ]


def checklist_markdown(verdicts: list[Verdict], title: str) -> str:
    """The verdicts as a Markdown checklist table (claim | verdict | evidence)."""
    lines = [f"# {title}", "", "| claim | verdict | evidence |", "|---|---|---|"]
    lines += [f"| {v.claim} | {v.verdict} | {v.evidence} |" for v in verdicts]
    return "\n".join(lines) + "\n"
