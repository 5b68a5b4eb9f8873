import math

import pytest
import torch

from softassign.errors import ConfigError, DataError
from softassign.phone_analysis.unit_analysis import Temperature, UnitAnalysis, analyze_units

# Two well separated centroids per phone; the embedding table maps a phone's two units to one direction.
CENTROIDS = torch.tensor([[0.0, 0.0], [0.0, 1.0], [10.0, 0.0], [10.0, 1.0]])
EMBEDDING = torch.tensor([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]])


def frames_at(units, jitter=0.05):
    return CENTROIDS[torch.tensor(units)] + jitter


def test_hard_vectors_of_pure_units_are_perfectly_separated_and_tiny_tau_matches_hard():
    analysis = UnitAnalysis(CENTROIDS, EMBEDDING, [Temperature(1e-3), Temperature(1e6, "label_free")])
    analysis.update("u1", frames_at([0, 1, 2, 3]), ["A", "A", "B", "B"])
    analysis.update("u2", frames_at([1, 3, 3]), ["A", "B", None])
    hard, sharp, flat = analysis.rows("set1")
    assert (hard["test_set"], hard["system"], hard["tau"]) == ("set1", "hard", "")
    # unit vectors E[k] are [1,0] for A and [0,1] for B: no spread, distance^2 2 between the means
    assert float(hard["intra"]) == 0 and float(hard["inter"]) == pytest.approx(2.0)
    assert hard["ratio"] == "inf" and hard["n_frames"] == "6" and hard["n_labels"] == "2"
    assert float(hard["phone_purity"]) == 1 and float(hard["pnmi"]) == pytest.approx(1.0)
    assert float(hard["cluster_purity"]) == pytest.approx(4 / 6)  # each phone's frames split over two units
    assert (sharp["system"], sharp["tau"], sharp["tau_from"]) == ("soft", "0.001", "grid")
    assert float(sharp["inter"]) == pytest.approx(2.0, abs=1e-6)
    # a huge tau averages all rows alike: every phone gets the same mean vector
    assert (flat["tau"], flat["tau_from"]) == ("1e+06", "label_free")
    assert float(flat["inter"]) == pytest.approx(0, abs=1e-6)
    assert "pnmi" not in flat


def test_mislabelled_frames_lower_purity_and_pnmi():
    analysis = UnitAnalysis(CENTROIDS, EMBEDDING, [])
    analysis.update("u1", frames_at([0, 0, 2, 2]), ["A", "B", "A", "B"])
    (hard,) = analysis.rows("t")
    assert float(hard["phone_purity"]) == pytest.approx(0.5) and float(hard["pnmi"]) == pytest.approx(0, abs=1e-12)
    assert not math.isinf(float(hard["ratio"]))


def test_bad_shapes_name_the_utterance():
    with pytest.raises(ConfigError, match="embedding table has 3 rows but there are 4 centroids"):
        UnitAnalysis(CENTROIDS, EMBEDDING[:3], [])
    analysis = UnitAnalysis(CENTROIDS, EMBEDDING, [])
    with pytest.raises(DataError, match="utterance u7: 3 feature frames but 2 labels"):
        analysis.update("u7", frames_at([0, 1, 2]), ["A", "B"])
    with pytest.raises(ConfigError, match="utterance u8: feature dimension 3"):
        analysis.update("u8", torch.zeros(2, 3), ["A", "B"])


def test_analyze_units_skips_unlabelled_utterances_and_needs_at_least_one():
    stream = [("u1", frames_at([0, 2])), ("u2", frames_at([1, 3])), ("u3", frames_at([0]))]
    labels = {"u1": ["A", "B"], "u3": ["A"]}
    analysis = UnitAnalysis(CENTROIDS, EMBEDDING, [])
    assert analyze_units(stream, lambda utt, feats: labels.get(utt), analysis, "feats.scp") == 2
    assert analysis.rows("t")[0]["n_frames"] == "3"
    with pytest.raises(DataError, match=r"feats.scp: none of the 3 utterances has labels"):
        analyze_units(stream, lambda utt, feats: None, UnitAnalysis(CENTROIDS, EMBEDDING, []), "feats.scp")
