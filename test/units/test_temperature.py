import math

import numpy as np
import pytest
import torch

from softassign.errors import ConfigError, DataError
from softassign.units.assign import soft_posteriors
from softassign.units.temperature import (
    TRANSFER_RULES,
    best_grid_tau,
    bisect_log_tau,
    calibrated_tau,
    mean_entropy,
    sampled_distances,
    select_tau,
    transfer_tau,
)


def binary_entropy(q):
    return -(q * math.log(q) + (1 - q) * math.log(1 - q))


def test_perplexity_criterion_matches_closed_form():
    # every frame sits on one of two centroids at squared distance a2 from the other:
    # p(other) = 1 / (1 + exp(a2 / tau)); at tau* = a2 / ln 3 it is 1/4
    centroids = torch.tensor([[0.0, 0.0], [3.0, 0.0]])
    frames = [centroids[[0, 0, 1]], centroids[[1, 0]]]
    tau_star = 9.0 / math.log(3)
    target = math.exp(binary_entropy(0.25))
    result = select_tau(frames, centroids, target_perplexity=target)
    assert result.tau == pytest.approx(tau_star, rel=2e-3)
    assert result.perplexity == pytest.approx(target, rel=1e-3)
    assert (result.criterion, result.num_frames) == ("perplexity", 5)


@pytest.fixture
def random_case():
    gen = torch.Generator().manual_seed(0)
    centroids = torch.randn(16, 6, generator=gen)
    feats = [torch.randn(40, 6, generator=gen) for _ in range(5)]
    return feats, centroids


@pytest.mark.parametrize("target", [1.5, 2.0, 4.0])
def test_chosen_tau_gives_the_target_perplexity(random_case, target):
    feats, centroids = random_case
    result = select_tau(feats, centroids, target_perplexity=target)
    probs = soft_posteriors(torch.cat(feats), centroids, result.tau)
    entropy = torch.special.entr(probs).sum(1).mean().item()
    assert math.exp(entropy) == pytest.approx(target, rel=2e-3)


def test_larger_target_needs_larger_tau(random_case):
    feats, centroids = random_case
    assert select_tau(feats, centroids, target_perplexity=4.0).tau > select_tau(feats, centroids).tau


@pytest.mark.parametrize("criterion", ["perplexity", "gmm"])
def test_tau_scales_with_squared_distances(random_case, criterion):
    # MFCC-like and SSL-like feature scales differ by orders of magnitude; the choice must follow
    feats, centroids = random_case
    small = select_tau(feats, centroids, criterion=criterion).tau
    large = select_tau([f * 100 for f in feats], centroids * 100, criterion=criterion).tau
    assert large == pytest.approx(small * 1e4, rel=3e-3)


def test_gmm_criterion_recovers_the_mixture_variance():
    # well separated isotropic Gaussians N(c_k, sigma^2 I): the ML temperature is 2 sigma^2
    rng = np.random.default_rng(0)
    dim, sigma = 8, 0.5
    centroids = 10.0 * np.eye(4, dim)
    ids = rng.integers(0, 4, 8000)
    frames = centroids[ids] + sigma * rng.standard_normal((8000, dim))
    result = select_tau(np.split(frames, 8), torch.from_numpy(centroids).float(), criterion="gmm")
    assert result.tau == pytest.approx(2 * sigma**2, rel=0.03)
    assert result.perplexity == pytest.approx(1.0, abs=1e-3)


def test_frame_sample_is_bounded_and_seeded(random_case):
    feats, centroids = random_case
    first = select_tau(feats, centroids, max_frames=50, seed=3)
    again = select_tau(feats, centroids, max_frames=50, seed=3)
    assert first.num_frames == 50
    assert first.tau == again.tau
    assert select_tau(feats, centroids, max_frames=50, seed=4).tau != first.tau


def test_topk_bounds_the_reachable_perplexity(random_case):
    feats, centroids = random_case
    with pytest.raises(ConfigError, match=r"\(1, 2\)"):
        select_tau(feats, centroids, topk=2, target_perplexity=2.5)
    result = select_tau(feats, centroids, topk=2, target_perplexity=1.5)
    assert result.perplexity == pytest.approx(1.5, rel=2e-3)


def test_bisection_brackets_in_both_directions():
    for start in (1e-9, 1e9):
        assert bisect_log_tau(lambda tau: math.log(tau / 5.0), start, rtol=1e-6) == pytest.approx(5.0, rel=1e-5)


def test_unreachable_objective_is_a_config_error():
    with pytest.raises(ConfigError, match="no tau"):
        bisect_log_tau(lambda tau: -1.0, 1.0, rtol=1e-3)


def test_bad_options_and_data(random_case):
    feats, centroids = random_case
    with pytest.raises(ConfigError, match="criterion"):
        select_tau(feats, centroids, criterion="entropy")
    with pytest.raises(ConfigError, match="target perplexity"):
        select_tau(feats, centroids, target_perplexity=1.0)
    with pytest.raises(ConfigError, match="dimension"):
        select_tau(feats, centroids[:, :5])
    with pytest.raises(DataError, match="no frames"):
        select_tau(iter([]), centroids)
    with pytest.raises(DataError, match="on a centroid"):
        select_tau([centroids], centroids, criterion="gmm")


@pytest.mark.parametrize("rule", TRANSFER_RULES)
def test_transfer_keeps_the_calibrated_tau_on_the_same_data_and_scales_with_the_distances(random_case, rule):
    feats, centroids = random_case
    dist = sampled_distances(feats, centroids)
    assert transfer_tau(30.0, dist, dist, rule).tau == pytest.approx(30.0, rel=2e-3)
    # distances four times as large (a domain four times as far): the same posteriors need four times the tau
    moved = transfer_tau(30.0, dist, 4 * dist, rule)
    assert moved.tau == pytest.approx(120.0, rel=2e-3) and moved.criterion == f"calibrated_{rule}"
    assert moved.perplexity == pytest.approx(math.exp(mean_entropy(dist, 30.0)), rel=1e-3)


def test_distortion_rule_follows_the_nearest_centroid_distance_and_perplexity_rule_the_spread(random_case):
    feats, centroids = random_case
    calibration = sampled_distances(feats, centroids)
    target = sampled_distances([2.0 * f + 1.0 for f in feats], centroids)
    by_distortion = transfer_tau(30.0, calibration, target, "distortion")
    expected = 30.0 * target.min(1).values.mean().item() / calibration.min(1).values.mean().item()
    assert by_distortion.tau == pytest.approx(expected, rel=1e-6) and by_distortion.num_frames == len(target)
    by_perplexity = transfer_tau(30.0, calibration, target, "perplexity")
    assert by_perplexity.perplexity == pytest.approx(math.exp(mean_entropy(calibration, 30.0)), rel=2e-3)
    assert by_perplexity.tau != pytest.approx(by_distortion.tau, rel=0.05)


def test_sampled_distances_are_seeded_and_bounded(random_case):
    feats, centroids = random_case
    first, again = (sampled_distances(feats, centroids, max_frames=50, seed=3) for _ in range(2))
    assert first.shape == (50, 16) and torch.equal(first, again)
    assert not torch.equal(first, sampled_distances(feats, centroids, max_frames=50, seed=4))


def test_bad_transfers(random_case):
    feats, centroids = random_case
    dist = sampled_distances(feats, centroids)
    with pytest.raises(ConfigError, match="transfer rule"):
        transfer_tau(30.0, dist, dist, "nearest")
    with pytest.raises(ConfigError, match="positive"):
        transfer_tau(0.0, dist, dist)
    on_centroids = sampled_distances([centroids], centroids)
    with pytest.raises(DataError, match="every target frame lies on a centroid"):
        transfer_tau(30.0, dist, on_centroids, "distortion")


def test_the_grid_pick_is_the_lowest_rate_and_a_tie_goes_to_the_smallest_tau():
    rates = {8.0: 10.0, 2.0: 10.0, 4.0: 12.0}
    assert best_grid_tau(rates) == 2.0
    assert calibrated_tau(rates, "grid") == 2.0


def test_the_parabola_pick_recovers_the_minimum_of_a_quadratic_in_log_tau():
    def rate(tau):
        return 3.0 + 0.7 * (math.log(tau) - math.log(150.0)) ** 2

    rates = {tau: rate(tau) for tau in (10.0, 30.0, 100.0, 300.0, 1000.0)}
    assert best_grid_tau(rates) == 100.0
    assert calibrated_tau(rates) == pytest.approx(150.0, rel=1e-9)
    symmetric = {1.0: 5.0, 3.0: 4.0, 9.0: 5.0}
    assert calibrated_tau(symmetric) == pytest.approx(3.0, rel=1e-12)


def test_the_parabola_pick_keeps_the_grid_tau_at_the_ends_of_the_grid():
    assert calibrated_tau({1.0: 3.0, 3.0: 4.0, 9.0: 6.0}) == 1.0
    assert calibrated_tau({1.0: 6.0, 3.0: 4.0, 9.0: 3.0}) == 9.0
    assert calibrated_tau({5.0: 4.0}) == 5.0


def test_bad_calibrations():
    with pytest.raises(ConfigError, match="pick"):
        calibrated_tau({1.0: 3.0}, "spline")
    with pytest.raises(ConfigError, match="no error rates"):
        calibrated_tau({})
