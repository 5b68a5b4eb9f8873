import pytest
import torch

from softassign.errors import ConfigError
from softassign.units.assign import (
    expected_embedding,
    hard_assign,
    posteriors_from_distances,
    soft_posteriors,
    squared_distances,
)


@pytest.fixture
def case():
    gen = torch.Generator().manual_seed(0)
    feats = torch.randn(50, 8, generator=gen)
    centroids = torch.randn(16, 8, generator=gen)
    embedding = torch.randn(16, 5, generator=gen)
    return feats, centroids, embedding


def test_squared_distances_match_cdist(case):
    feats, centroids, _ = case
    expected = torch.cdist(feats.double(), centroids.double()) ** 2
    assert torch.allclose(squared_distances(feats, centroids).double(), expected, atol=1e-4)


def test_hard_assign_is_nearest_centroid(case):
    feats, centroids, _ = case
    expected = torch.cdist(feats, centroids).argmin(1)
    assert torch.equal(hard_assign(feats, centroids), expected)


def test_hard_assign_chunking_does_not_change_ids(case):
    feats, centroids, _ = case
    assert torch.equal(hard_assign(feats, centroids, chunk=7), hard_assign(feats, centroids))


def test_posterior_rows_sum_to_one(case):
    feats, centroids, _ = case
    probs = soft_posteriors(feats, centroids, tau=2.0)
    assert probs.shape == (50, 16)
    assert torch.allclose(probs.sum(1), torch.ones(50), atol=1e-5)
    assert (probs >= 0).all()


def test_small_tau_gives_back_hard_assignment(case):
    feats, centroids, embedding = case
    ids = hard_assign(feats, centroids)
    probs = soft_posteriors(feats, centroids, tau=1e-4)
    assert torch.equal(probs.argmax(1), ids)
    assert torch.allclose(probs, torch.nn.functional.one_hot(ids, 16).float(), atol=1e-6)
    z = expected_embedding(feats, centroids, embedding, tau=1e-4)
    assert torch.allclose(z, embedding[ids], atol=1e-5)


def test_large_tau_tends_to_uniform(case):
    feats, centroids, _ = case
    probs = soft_posteriors(feats, centroids, tau=1e9)
    assert torch.allclose(probs, torch.full_like(probs, 1 / 16), atol=1e-6)


def test_posterior_is_softmax_of_negative_scaled_distance(case):
    feats, centroids, _ = case
    expected = torch.softmax(-(torch.cdist(feats.double(), centroids.double()) ** 2) / 3.0, dim=1)
    assert torch.allclose(soft_posteriors(feats, centroids, tau=3.0).double(), expected, atol=1e-5)


def test_topk_keeps_k_largest_and_renormalises(case):
    feats, centroids, _ = case
    full = soft_posteriors(feats, centroids, tau=2.0)
    top = soft_posteriors(feats, centroids, tau=2.0, topk=3)
    assert ((top > 0).sum(1) <= 3).all()
    assert torch.allclose(top.sum(1), torch.ones(50), atol=1e-5)
    kept = full.topk(3, dim=1)
    renorm = kept.values / kept.values.sum(1, keepdim=True)
    assert torch.allclose(top.gather(1, kept.indices), renorm, atol=1e-5)


def test_expected_embedding_is_posterior_times_table(case):
    feats, centroids, embedding = case
    z = expected_embedding(feats, centroids, embedding, tau=2.0, chunk=11)
    assert torch.allclose(z, soft_posteriors(feats, centroids, tau=2.0) @ embedding, atol=1e-5)


def test_stable_at_paper_scale():
    gen = torch.Generator().manual_seed(1)
    centroids = torch.randn(4096, 1280, generator=gen) * 30
    feats = centroids[:20] + torch.randn(20, 1280, generator=gen)
    for tau in (1e-3, 8.0, 1e6):
        probs = soft_posteriors(feats, centroids, tau=tau)
        assert torch.isfinite(probs).all()
        assert torch.allclose(probs.sum(1), torch.ones(20), atol=1e-4)
    assert torch.equal(hard_assign(feats, centroids), torch.arange(20))


@pytest.mark.parametrize("tau", [-1.0, float("nan")])
def test_negative_tau_is_rejected(case, tau):
    feats, centroids, embedding = case
    with pytest.raises(ConfigError, match="tau"):
        soft_posteriors(feats, centroids, tau=tau)
    with pytest.raises(ConfigError, match="tau"):
        expected_embedding(feats, centroids, embedding, tau=tau)
    with pytest.raises(ConfigError, match="tau"):
        posteriors_from_distances(squared_distances(feats, centroids), tau=tau)


@pytest.mark.parametrize("tau", [1e-36, 1e-45])
@pytest.mark.parametrize("topk", [None, 3])
def test_tiny_tau_is_finite_and_hard(case, tau, topk):
    feats, centroids, embedding = case
    feats = feats * 100  # squared distances ~1e4-1e5: every -D / tau overflows to -inf
    ids = hard_assign(feats, centroids)
    probs = soft_posteriors(feats, centroids, tau=tau, topk=topk)
    assert torch.equal(probs, torch.nn.functional.one_hot(ids, 16).float())
    z = expected_embedding(feats, centroids, embedding, tau=tau, topk=topk)
    assert torch.allclose(z, embedding[ids])


@pytest.mark.parametrize("topk", [None, 1, 3])
def test_zero_tau_is_exact_hard_assignment(case, topk):
    feats, centroids, embedding = case
    ids = hard_assign(feats, centroids)
    one_hot = torch.nn.functional.one_hot(ids, 16).float()
    assert torch.equal(soft_posteriors(feats, centroids, tau=0, topk=topk, chunk=7), one_hot)
    assert torch.equal(posteriors_from_distances(squared_distances(feats, centroids), 0.0, topk), one_hot)
    assert torch.equal(expected_embedding(feats, centroids, embedding, tau=0, topk=topk, chunk=7), embedding[ids])


def test_equally_near_clusters_share_the_mass_and_tau_zero_takes_the_lowest_id():
    centroids = torch.tensor([[5.0, 5.0], [1.0, 0.0], [-1.0, 0.0], [1.0, 0.0]])
    feats = torch.tensor([[0.0, 0.0], [1.0, 0.0]])
    assert hard_assign(feats, centroids).tolist() == [1, 1]
    assert soft_posteriors(feats, centroids, tau=0).tolist() == [[0, 1, 0, 0], [0, 1, 0, 0]]
    tiny = soft_posteriors(feats, centroids, tau=1e-30)
    assert torch.allclose(tiny, torch.tensor([[0, 1 / 3, 1 / 3, 1 / 3], [0, 0.5, 0, 0.5]]))


def test_large_common_offset_costs_no_precision():
    gen = torch.Generator().manual_seed(2)
    centroids = torch.randn(16, 8, generator=gen)  # neighbouring clusters ~1-4 apart
    feats = centroids[torch.randint(0, 16, (200,), generator=gen)] + 0.3 * torch.randn(200, 8, generator=gen)
    feats, centroids = feats + 1e4, centroids + 1e4  # norms ~3e4, rounding of ||x||^2 alone ~1e2
    reference = torch.cdist(feats.double(), centroids.double()) ** 2
    dist = squared_distances(feats, centroids).double()
    assert ((dist - reference).abs() / reference).max() < 1e-3
    assert torch.equal(hard_assign(feats, centroids), reference.argmin(1))


def test_dimension_mismatch_is_rejected(case):
    feats, centroids, _ = case
    with pytest.raises(ConfigError, match="dimension 7 differs from the centroids' dimension 8"):
        hard_assign(feats[:, :7], centroids)


def test_embedding_rows_must_match_centroids(case):
    feats, centroids, embedding = case
    with pytest.raises(ConfigError, match="15 rows"):
        expected_embedding(feats, centroids, embedding[:15], tau=1.0)
