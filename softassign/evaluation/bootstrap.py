"""Paired bootstrap confidence interval of the difference between two systems' error rates.

After Koehn (2004) and Bisani & Ney (2004). What is resampled: the test set's
utterances, ``n`` of ``n`` with replacement, ``num_resamples`` times. Each resample
takes the *same* utterance ids for both systems (the pairing: both systems are scored
on one and the same resampled test set), and recomputes both corpus-level error
rates, ``100 * sum(errors) / sum(ref_len)`` over the drawn utterances (an utterance
drawn twice counts twice). Utterances are the unit, so errors within one utterance
stay together; utterances are treated as independent draws.

How to read :class:`BootstrapResult`: ``delta = rate(b) - rate(a)`` on the actual test
set, in percentage points (negative: b makes fewer errors). ``[low, high]`` is the
percentile interval holding the central ``level`` of the resampled deltas. An interval
that excludes 0 means the difference is unlikely to be resampling noise at that level;
one that includes 0 means this test set cannot tell the systems apart at that level.
``p_b_better`` is the fraction of resamples in which b makes fewer errors than a
(ties count against b), the bootstrap "probability of improvement";
``1 - p_b_better`` approximates a one-sided p-value for "b is better".

:func:`paired_bootstrap_means` does the same for a per-utterance score whose set-level
figure is its mean over utterances (MCD, log-F0 RMSE): every utterance weighs 1 instead
of its reference length, and "better" means a lower mean.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from softassign.errors import DataError
from softassign.evaluation.error_counts import ErrorCounts, paired_utterances


@dataclass(frozen=True)
class BootstrapResult:
    """Observed difference rate(b) - rate(a) in points, its percentile interval, and P(b has fewer errors)."""

    delta: float
    low: float
    high: float
    p_b_better: float

    def interval_text(self, decimals: int = 2) -> str:
        """``[low, high]`` as the ``..._ci95`` column of a results table writes it (:func:`parse_interval`)."""
        return f"[{self.low:+.{decimals}f}, {self.high:+.{decimals}f}]"


def parse_interval(text: str, where: str) -> tuple[float, float]:
    """(low, high) of an interval written by :meth:`BootstrapResult.interval_text`; DataError naming ``where``."""
    try:
        low, high = (float(part) for part in text.strip().strip("[]").split(","))
    except ValueError as err:
        raise DataError(f"{where}: not a confidence interval: {text!r}") from err
    return low, high


def _arrays(a: dict[str, ErrorCounts], b: dict[str, ErrorCounts]) -> tuple[np.ndarray, np.ndarray]:
    """Reference lengths and per-utterance error differences (b - a), utterances sorted by id."""
    utts = paired_utterances(a, b, "counts of system a", "counts of system b", "paired bootstrap")
    mismatch = next((u for u in utts if a[u].ref_len != b[u].ref_len), None)
    if mismatch is not None:
        raise DataError(
            f"paired bootstrap: utterance {mismatch!r} has {a[mismatch].ref_len} reference units in a,"
            f" {b[mismatch].ref_len} in b"
        )
    ref_len = np.array([a[u].ref_len for u in utts], dtype=np.int64)
    return ref_len, np.array([b[u].errors - a[u].errors for u in utts], dtype=np.int64)


def paired_bootstrap(
    a: dict[str, ErrorCounts],
    b: dict[str, ErrorCounts],
    num_resamples: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> BootstrapResult:
    """Paired bootstrap of rate(b) - rate(a) over the utterances of ``a`` and ``b`` (see the module docstring).

    Both must hold the same utterances with the same reference lengths (a DataError
    names one that does not). The result depends only on the counts and ``seed``.
    """
    ref_len, diff = _arrays(a, b)
    return _bootstrap_ratio(100 * diff, ref_len, num_resamples, seed, level)


def paired_bootstrap_means(
    a: dict[str, float], b: dict[str, float], num_resamples: int = 1000, seed: int = 0, level: float = 0.95
) -> BootstrapResult:
    """Paired bootstrap of mean(b) - mean(a) of a per-utterance score (lower is better) over the same utterances.

    A DataError names an utterance that only one of them scores. The result depends only on the scores and ``seed``.
    """
    utts = paired_utterances(a, b, "scores of system a", "scores of system b", "paired bootstrap")
    diff = np.array([b[u] - a[u] for u in utts], dtype=np.float64)
    return _bootstrap_ratio(diff, np.ones(len(utts), dtype=np.int64), num_resamples, seed, level)


def _bootstrap_ratio(
    diff: np.ndarray, weight: np.ndarray, num_resamples: int, seed: int, level: float
) -> BootstrapResult:
    """sum(diff) / sum(weight) on the test set and its percentile interval over utterance resamples."""
    if num_resamples < 1 or not 0 < level < 1:
        raise ValueError(f"need num_resamples >= 1 and 0 < level < 1, not {num_resamples} and {level}")
    if len(diff) == 0:
        raise DataError("paired bootstrap: no utterances")
    draws = np.random.default_rng(seed).integers(0, len(diff), size=(num_resamples, len(diff)), dtype=np.int32)
    totals, extra = weight[draws].sum(axis=1), diff[draws].sum(axis=1)
    if not totals.all():
        raise DataError("paired bootstrap: a resample drew only empty references (too few utterances with words)")
    low, high = np.quantile(extra / totals, [(1 - level) / 2, (1 + level) / 2])
    return BootstrapResult(
        delta=float(diff.sum() / weight.sum()),
        low=float(low),
        high=float(high),
        p_b_better=float(np.mean(extra < 0)),
    )
