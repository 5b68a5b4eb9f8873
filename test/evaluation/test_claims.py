import pytest
from claims_table import ROWS

from softassign.errors import DataError
from softassign.evaluation.claims import HELD, NOT_HELD, NOT_MEASURABLE, UNDECIDED, check_claims, interval_verdict


def verdicts_of(rows, **kwargs):
    return {v.claim: v for v in check_claims(rows, "in", ["accent", "voice"], ["accent"], **kwargs)}


def test_interval_verdicts():
    assert interval_verdict(-2.0, -0.1) == HELD
    assert interval_verdict(0.1, 2.0) == NOT_HELD
    assert interval_verdict(-1.0, 1.0) == UNDECIDED


def test_claims_are_decided_by_the_label_free_rows_and_their_intervals():
    verdicts = verdicts_of(ROWS)
    in_domain = verdicts["in-domain: soft beats hard"]
    assert in_domain.verdict == HELD and "soft 27.0 at tau 11" in in_domain.evidence
    assert "[-4.00, -2.00]" in in_domain.evidence
    # relative gains: in 10 %, accent 13 %, voice 2.5 %: one of the two shifted sets gains more
    shifted = verdicts["soft gains more out of domain (relative to hard)"]
    assert shifted.verdict == "1 of 2 sets" and "accent +13.0 %" in shifted.evidence
    assert verdicts["non-native: soft beats continuous"].verdict == UNDECIDED
    tau = verdicts["the best tau grows out of domain"]
    assert tau.verdict == "1 of 2 sets" and "in 10, accent 40, voice 10" in tau.evidence  # voice's is not above


def test_every_shifted_set_gaining_more_holds_and_missing_rows_are_not_measurable():
    rows = [r for r in ROWS if r["test_set"] != "voice"]
    verdicts = verdicts_of(rows)
    assert verdicts["soft gains more out of domain (relative to hard)"].verdict == HELD
    assert verdicts["the best tau grows out of domain"].verdict == HELD
    accent_soft = ("accent", "label_free")
    lower_gain = [{**r, "cer": "49.0"} if (r["test_set"], r.get("tau_from")) == accent_soft else r for r in rows]
    assert verdicts_of(lower_gain)["soft gains more out of domain (relative to hard)"].verdict == NOT_HELD
    no_continuous = [{**r, "cer_vs_continuous_ci95": ""} for r in rows]
    assert verdicts_of(no_continuous)["non-native: soft beats continuous"].verdict == NOT_MEASURABLE
    only_in = [r for r in rows if r["test_set"] == "in"]
    assert verdicts_of(only_in)["the best tau grows out of domain"].verdict == NOT_MEASURABLE


def test_bad_intervals_and_metrics_are_errors_naming_them():
    bad = [{**r, "cer_vs_hard_ci95": "[-1, x]"} if r.get("tau_from") == "label_free" else r for r in ROWS]
    with pytest.raises(DataError, match=r"in cer_vs_hard_ci95: not a confidence interval"):
        verdicts_of(bad)
    with pytest.raises(DataError, match="metric must be wer or cer"):
        verdicts_of(ROWS, metric="mcd")
