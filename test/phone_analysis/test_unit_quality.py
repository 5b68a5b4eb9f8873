import numpy as np
import pytest
from sklearn.metrics import mutual_info_score

from softassign.errors import ConfigError, DataError
from softassign.phone_analysis.unit_quality import UnitPhoneCounts, unit_quality


def test_perfect_one_to_one_mapping():
    result = unit_quality(np.diag([5, 3, 2]))
    assert result.phone_purity == pytest.approx(1.0)
    assert result.cluster_purity == pytest.approx(1.0)
    assert result.pnmi == pytest.approx(1.0)
    assert result.num_frames == 10


def test_two_units_per_phone_keep_phone_purity_and_pnmi_but_halve_cluster_purity():
    counts = np.array([[4, 0], [4, 0], [0, 4], [0, 4]])
    result = unit_quality(counts)
    assert result.phone_purity == pytest.approx(1.0)
    assert result.cluster_purity == pytest.approx(0.5)
    assert result.pnmi == pytest.approx(1.0)


def test_units_independent_of_phones_carry_no_information():
    counts = np.outer([1, 2, 3, 4], [3, 1]) * 5
    result = unit_quality(counts)
    assert result.pnmi == pytest.approx(0.0, abs=1e-12)
    assert result.phone_purity == pytest.approx(0.75)  # max_y p(y)
    assert result.cluster_purity == pytest.approx(0.4)  # max_z p(z)


def test_hand_computed_case_and_pnmi_against_sklearn():
    counts = np.array([[3, 1], [1, 3], [0, 4]])  # units x phones, 12 frames
    result = unit_quality(counts)
    assert result.phone_purity == pytest.approx(10 / 12)
    assert result.cluster_purity == pytest.approx(7 / 12)
    p_phone = counts.sum(0) / 12
    phone_entropy = -(p_phone * np.log(p_phone)).sum()
    units, phones = np.nonzero(counts)
    repeats = counts[units, phones]
    mi = mutual_info_score(np.repeat(phones, repeats), np.repeat(units, repeats))
    assert result.pnmi == pytest.approx(mi / phone_entropy)
    assert 0 < result.pnmi < 1


def test_accumulated_counts_over_utterances():
    counter = UnitPhoneCounts(num_units=3)
    counter.update([0, 0, 1, 2], ["a", "a", "b", None], utt="u1")
    counter.update([2, 2, 1], ["b", "a", "b"], utt="u2")
    assert counter.index.labels == ["a", "b"]
    assert counter.counts.tolist() == [[2, 0], [0, 2], [1, 1]]
    assert counter.compute().phone_purity == pytest.approx(5 / 6)


def test_random_mapping_scores_low():
    rng = np.random.default_rng(0)
    counter = UnitPhoneCounts(num_units=50)
    counter.update(rng.integers(0, 50, 20000), list(rng.integers(0, 5, 20000)))
    result = counter.compute()
    assert result.pnmi < 0.01
    assert result.phone_purity < 0.3


def test_unit_id_out_of_range_names_the_utterance():
    with pytest.raises(DataError, match=r"utt9: unit ids must lie in \[0, 3\)"):
        UnitPhoneCounts(3).update([0, 3], ["a", "b"], utt="utt9")


def test_length_mismatch_names_the_utterance():
    with pytest.raises(DataError, match="utt9: 2 unit ids but 3 phone labels"):
        UnitPhoneCounts(3).update([0, 1], ["a", "b", "c"], utt="utt9")


def test_single_phone_has_no_pnmi():
    with pytest.raises(DataError, match="two phones"):
        unit_quality(np.array([[3], [2]]))


def test_empty_counts_are_rejected():
    with pytest.raises(DataError):
        UnitPhoneCounts(2).compute()


def test_zero_units_is_a_config_error():
    with pytest.raises(ConfigError):
        UnitPhoneCounts(0)
