import timeit

import numpy as np
import pytest

from softassign.errors import DataError
from softassign.evaluation.bootstrap import BootstrapResult, paired_bootstrap, paired_bootstrap_means, parse_interval
from softassign.evaluation.error_counts import ErrorCounts


def counts(ref_lens, errors) -> dict[str, ErrorCounts]:
    """Utterances u000, u001, ... with the given reference lengths and substitution counts."""
    return {f"u{i:03d}": ErrorCounts(n, n - e, e) for i, (n, e) in enumerate(zip(ref_lens, errors))}


def random_systems(n: int, rate_a: float, rate_b: float, seed: int = 1):
    rng = np.random.default_rng(seed)
    ref_lens = rng.integers(1, 30, n)
    return counts(ref_lens, rng.binomial(ref_lens, rate_a)), counts(ref_lens, rng.binomial(ref_lens, rate_b))


def test_delta_is_the_corpus_level_difference_and_inside_the_interval():
    a = counts([10, 20, 5], [2, 4, 0])  # 6 of 35
    b = counts([10, 20, 5], [1, 4, 2])  # 7 of 35
    result = paired_bootstrap(a, b, num_resamples=500)
    assert result.delta == pytest.approx(100 * (7 - 6) / 35)
    assert result.low <= result.delta <= result.high


def test_same_seed_same_result_other_seed_other_interval():
    a, b = random_systems(200, 0.10, 0.09)
    assert paired_bootstrap(a, b, seed=3) == paired_bootstrap(a, b, seed=3)
    assert paired_bootstrap(a, b, seed=3).low != paired_bootstrap(a, b, seed=4).low


def test_interval_excludes_zero_when_b_is_better_on_every_utterance():
    # The utterances' error rates vary far more than the systems differ: only pairing shows b is better.
    ref_lens = [10, 12, 8, 15, 9, 11, 14, 10]
    a = counts(ref_lens, [1, 11, 1, 14, 1, 10, 1, 9])
    b = counts(ref_lens, [0, 10, 0, 13, 0, 9, 0, 8])
    result = paired_bootstrap(a, b)
    assert result.delta < 0 and result.high < 0
    assert result.p_b_better == 1.0


def test_interval_includes_zero_when_errors_are_only_swapped_between_utterances():
    ref_lens = [10] * 8
    a = counts(ref_lens, [3, 1, 4, 1, 5, 2, 2, 6])
    b = counts(ref_lens, [1, 3, 1, 4, 2, 5, 6, 2])  # the same errors, moved between utterance pairs
    result = paired_bootstrap(a, b)
    assert result.delta == 0
    assert result.low < 0 < result.high
    assert 0.2 < result.p_b_better < 0.8


def test_identical_systems_give_a_zero_interval_and_ties_count_against_b():
    a, _ = random_systems(50, 0.1, 0.1)
    assert paired_bootstrap(a, dict(a)) == BootstrapResult(0.0, 0.0, 0.0, 0.0)


def test_level_widens_the_interval():
    a, b = random_systems(300, 0.10, 0.09)
    narrow, wide = paired_bootstrap(a, b, level=0.5), paired_bootstrap(a, b, level=0.99)
    assert wide.low < narrow.low < narrow.high < wide.high


def test_mismatched_utterances_are_errors_naming_one():
    a = counts([5, 5], [1, 1])
    with pytest.raises(DataError, match="no counts of system b for utterance 'u001'"):
        paired_bootstrap(a, {"u000": a["u000"]})
    with pytest.raises(DataError, match="no counts of system a for utterance 'x'"):
        paired_bootstrap(a, {**a, "x": ErrorCounts(1, 1)})
    with pytest.raises(DataError, match="utterance 'u001' has 5 reference units in a, 6 in b"):
        paired_bootstrap(a, {**a, "u001": ErrorCounts(6, 6)})
    with pytest.raises(DataError, match="only empty references"):
        paired_bootstrap(counts([0, 0], [0, 0]), counts([0, 0], [0, 0]))
    with pytest.raises(ValueError, match="level"):
        paired_bootstrap(a, a, level=95)


def test_ten_thousand_utterances_a_thousand_resamples_take_well_under_two_seconds():
    a, b = random_systems(10_000, 0.10, 0.09)
    assert min(timeit.repeat(lambda: paired_bootstrap(a, b, num_resamples=1000), number=1, repeat=3)) < 2.0
    result = paired_bootstrap(a, b, num_resamples=1000)
    assert result.high < 0  # a 1-point difference over ~150k words is far beyond resampling noise


def test_the_interval_text_parses_back():
    result = BootstrapResult(delta=-1.2, low=-2.034, high=0.291, p_b_better=0.9)
    assert result.interval_text() == "[-2.03, +0.29]"
    assert parse_interval(result.interval_text(), "x") == (-2.03, 0.29)
    with pytest.raises(DataError, match="x: not a confidence interval"):
        parse_interval("[1.0]", "x")


def test_means_bootstrap_is_the_difference_of_utterance_means_and_pairs_utterances():
    a = {f"u{i}": score for i, score in enumerate([5.0, 9.0, 4.0, 8.0, 6.0, 7.5])}  # utterances differ a lot
    b = {utt: score - 0.2 for utt, score in a.items()}  # b is 0.2 lower on every one
    result = paired_bootstrap_means(a, b)
    assert result.delta == pytest.approx(-0.2) and result.high < 0 and result.p_b_better == 1.0
    swapped = dict(zip(a, [9.0, 5.0, 8.0, 4.0, 7.5, 6.0]))  # the same scores, moved between utterances
    mixed = paired_bootstrap_means(a, swapped)
    assert mixed.delta == pytest.approx(0) and mixed.low < 0 < mixed.high
    with pytest.raises(DataError, match="no scores of system b for utterance 'u5'"):
        paired_bootstrap_means(a, {u: s for u, s in b.items() if u != "u5"})
