import itertools

import pytest
import torch

from softassign.errors import DataError
from softassign.phone_analysis.separability import SeparabilityAccumulator, separability


def test_two_phones_four_vectors_by_hand():
    vectors = torch.tensor([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]])
    result = separability(vectors, ["a", "a", "b", "b"])
    # means (.5, .5) and (-.5, -.5); each vector is .5 from its mean in squared distance
    assert result.intra == pytest.approx(0.5)
    assert result.inter == pytest.approx(2.0)
    assert result.ratio == pytest.approx(4.0)
    assert (result.num_classes, result.num_vectors) == (2, 4)


def test_vectors_are_l2_normalised_first():
    scaled = torch.tensor([[3.0, 0.0], [0.0, 0.5], [-7.0, 0.0], [0.0, -2.0]])
    assert separability(scaled, ["a", "a", "b", "b"]).ratio == pytest.approx(4.0)


def test_intra_is_an_unweighted_mean_over_phones():
    vectors = torch.tensor([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [-1.0, 0.0]])
    result = separability(vectors, ["a", "a", "a", "b", "b"])
    # phone a: mean (2/3, 1/3), variance (2/9 + 2/9 + 8/9) / 3 = 4/9; phone b: 0
    assert result.intra == pytest.approx(2 / 9)
    assert result.inter == pytest.approx(26 / 9)
    assert result.ratio == pytest.approx(13.0)


def brute_force(vectors, labels):
    unit = torch.nn.functional.normalize(vectors.double(), dim=1)
    names = sorted(set(labels))
    groups = [unit[[i for i, lab in enumerate(labels) if lab == name]] for name in names]
    means = [group.mean(0) for group in groups]
    intra = sum(((g - m) ** 2).sum(1).mean() for g, m in zip(groups, means)) / len(names)
    pairs = list(itertools.combinations(means, 2))
    inter = sum(((p - q) ** 2).sum() for p, q in pairs) / len(pairs)
    return intra.item(), inter.item()


def test_streaming_matches_brute_force_and_skips_unlabelled_frames():
    gen = torch.Generator().manual_seed(0)
    vectors = torch.randn(60, 5, generator=gen) + torch.tensor([2.0, 0, 0, 0, 0])
    labels = [["p", "q", "r", None][i % 4] for i in range(60)]
    accumulator = SeparabilityAccumulator()
    for start in range(0, 60, 17):
        accumulator.update(vectors[start : start + 17], labels[start : start + 17], utt=f"u{start}")
    result = accumulator.compute()
    kept = [i for i, lab in enumerate(labels) if lab is not None]
    intra, inter = brute_force(vectors[kept], [labels[i] for i in kept])
    assert result.intra == pytest.approx(intra)
    assert result.inter == pytest.approx(inter)
    assert (result.num_classes, result.num_vectors) == (3, 45)


def test_identical_vectors_per_phone_give_infinite_ratio():
    vectors = torch.tensor([[1.0, 0.0], [2.0, 0.0], [0.0, 1.0]])
    assert separability(vectors, ["a", "a", "b"]).ratio == float("inf")


def test_one_phone_is_not_enough():
    with pytest.raises(DataError, match="at least two labels"):
        separability(torch.ones(3, 2), ["a", "a", None])


def test_length_mismatch_names_the_utterance():
    with pytest.raises(DataError, match="utt3"):
        SeparabilityAccumulator().update(torch.ones(3, 2), ["a", "b"], utt="utt3")


def test_dimension_change_between_utterances_is_rejected():
    accumulator = SeparabilityAccumulator()
    accumulator.update(torch.ones(2, 2), ["a", "b"], utt="u1")
    with pytest.raises(DataError, match="u2: vector dimension 3"):
        accumulator.update(torch.ones(2, 3), ["a", "b"], utt="u2")
