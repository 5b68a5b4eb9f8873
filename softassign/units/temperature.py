"""Label-free choice of the soft-assignment temperature tau from unlabelled target-domain frames.

p(k|x) = softmax_k(-D_k(x) / tau) depends on tau only relative to the scale
of the squared distances D, which differs by orders of magnitude between
MFCC and SSL features and between domains. A fixed tau therefore means
nothing across setups; :func:`select_tau` instead fixes a property of the
posteriors on the *target* data, which needs no labels:

``criterion="perplexity"`` (default): tau such that the mean entropy H of
    p(k|x) over frames equals log(target_perplexity), i.e. a frame spreads
    its mass over about ``target_perplexity`` clusters. Soft assignment helps
    when a shifted frame sits between a few neighbouring clusters; averaging
    over those few keeps the embedding informative, while a large tau
    averages unrelated clusters towards the mean embedding. Fixing the
    effective number of candidates puts every feature type and domain at the
    same operating point. H is increasing in tau for every frame
    (dH/dtau = Var_p(D) / tau^3 >= 0), so its mean is too, and bisection
    finds the unique solution.

``criterion="gmm"``: the maximum-likelihood tau when the k-means model is
    read as an equal-weight mixture of isotropic Gaussians N(c_k, sigma^2 I),
    whose posteriors are exactly softmax(-D / (2 sigma^2)). The likelihood's
    stationarity condition in sigma is sigma^2 = E_x[sum_k p(k|x) D_k(x)] / d,
    i.e. tau = 2 E[sum_k p D] / d (d: feature dimension); it has no free
    parameter, but tends to be sharp for high-dimensional SSL features.

Calibrated transfer (:func:`transfer_tau`): the tau that decodes the labelled in-domain
validation set best (a grid search on its error rate, which every recipe can afford) is
moved to each unlabelled target set by a rule that keeps what that tau does there:

``rule="distortion"`` (default): tau scales with the k-means distortion of the data,
    the mean over frames of min_k D_k(x): tau_t = tau_v * E_t[min D] / E_v[min D].
    A shifted domain sits further from every centroid, its distances and their
    differences grow, and the same softening needs a proportionally larger tau.
``rule="perplexity"``: the target tau at which p(k|x) spreads over as many
    clusters (mean perplexity) as it does on the validation set at tau_v.

The valid set's tau (:func:`calibrated_tau`) is the best tau of the grid (``pick="grid"``), or
(``pick="parabola"``) the minimum of the parabola in log tau through that grid point and its two
neighbours: on a grid of factors of 3 the error-rate curve is often flat across two points, and which of
the two wins decides the transferred taus by that whole factor.

Cost: one seeded reservoir sample of at most ``max_frames`` frames, one
(N, K) distance matrix, then about 20-40 softmaxes over it (bisection on
log tau to relative precision ``rtol`` after bracketing by decades).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import torch

from softassign.errors import ConfigError, DataError
from softassign.units.assign import check_dims, posteriors_from_distances, squared_distances
from softassign.units.kmeans import reservoir_sample

CRITERIA = ("perplexity", "gmm")

#: Rules of :func:`transfer_tau` (see the module docstring).
TRANSFER_RULES = ("distortion", "perplexity")

#: How :func:`calibrated_tau` reads a labelled set's error rates over the tau grid.
CALIBRATION_PICKS = ("grid", "parabola")

#: The bracket for tau is searched this many decades either side of the mean squared distance.
MAX_DECADES = 30

#: Relative to the mean squared distance, a nearest distance below this is rounding noise of zero.
ON_CENTROID = 1e-6


@dataclass(frozen=True)
class TauSelection:
    """The chosen tau, the criterion used, the resulting mean perplexity exp(mean H) and the sample size."""

    tau: float
    criterion: str
    perplexity: float
    num_frames: int


def mean_distortion(dist: torch.Tensor) -> float:
    """Mean over frames of the squared distance to the nearest centroid (the k-means distortion), from (N, K)."""
    return dist.min(1).values.mean().item()


def mean_entropy(dist: torch.Tensor, tau: float, topk: int | None = None) -> float:
    """Mean over frames of the entropy (nats) of p(k|x) at ``tau``, from squared distances (N, K)."""
    probs = posteriors_from_distances(dist, tau, topk)
    return torch.special.entr(probs).sum(1).mean().item()


def mean_expected_distance(dist: torch.Tensor, tau: float, topk: int | None = None) -> float:
    """Mean over frames of sum_k p(k|x) D_k(x) at ``tau``."""
    return (posteriors_from_distances(dist, tau, topk) * dist).sum(1).mean().item()


def bracket_log_tau(objective: Callable[[float], float], start: float) -> tuple[float, float]:
    """(lo, hi) with objective(lo) <= 0 <= objective(hi), stepping by decades from ``start``."""
    lo = hi = start
    for _ in range(MAX_DECADES):
        if objective(lo) > 0:
            lo, hi = lo / 10, lo
        elif objective(hi) < 0:
            lo, hi = hi, hi * 10
        else:
            return lo, hi
    raise ConfigError(f"no tau within {MAX_DECADES} decades of {start:.3g} meets the criterion")


def bisect_log_tau(objective: Callable[[float], float], start: float, rtol: float) -> float:
    """A root of ``objective`` (negative for small, positive for large tau) by bisection on log tau.

    Stops when the bracket is narrower than a factor ``1 + rtol``.
    """
    lo, hi = bracket_log_tau(objective, start)
    while hi > lo * (1 + rtol):
        mid = math.sqrt(lo * hi)
        lo, hi = (mid, hi) if objective(mid) < 0 else (lo, mid)
    return math.sqrt(lo * hi)


def criterion_objective(
    criterion: str, dist: torch.Tensor, dim: int, target_perplexity: float, topk: int | None
) -> Callable[[float], float]:
    """The function of tau whose root :func:`select_tau` seeks: negative for small tau, positive for large.

    For ``perplexity`` it is mean H - log(target), increasing; for ``gmm``
    it is log tau - log(2 E[sum_k p D] / d), the likelihood's stationarity
    condition.
    """
    if criterion == "perplexity":
        goal = math.log(target_perplexity)
        return lambda tau: mean_entropy(dist, tau, topk) - goal
    return lambda tau: math.log(tau * dim / 2) - math.log(mean_expected_distance(dist, tau, topk))


def check_criterion(criterion: str, target_perplexity: float, num_candidates: int) -> None:
    """Raise ConfigError for an unknown criterion or a perplexity outside (1, number of candidates)."""
    if criterion not in CRITERIA:
        raise ConfigError(f"criterion must be one of {CRITERIA}, got {criterion!r}")
    if criterion == "perplexity" and not 1 < target_perplexity < num_candidates:
        raise ConfigError(f"target perplexity must lie in (1, {num_candidates}), got {target_perplexity}")


def check_distances(criterion: str, dist: torch.Tensor, name: str = "sampled") -> None:
    """Raise DataError when the sampled distances leave tau undetermined (``gmm``: or every frame is on a centroid)."""
    if len(dist) == 0:
        raise DataError(f"no {name} frames")
    if dist.mean() <= 0:
        raise DataError(f"all squared distances between {name} frames and centroids are zero")
    if criterion == "gmm" and dist.min(1).values.mean() <= ON_CENTROID * dist.mean():
        raise DataError(f"every {name} frame lies on a centroid (zero distortion, zero mixture variance)")


def sample_frames(feats_iter: Iterable[np.ndarray | torch.Tensor], max_frames: int, seed: int) -> torch.Tensor:
    """A seeded uniform sample of at most ``max_frames`` rows from a stream of (T, D) feature matrices."""
    blocks = (np.asarray(feats, dtype=np.float32) for feats in feats_iter)
    return torch.from_numpy(reservoir_sample(blocks, max_frames, seed))


def sampled_distances(
    feats_iter: Iterable[np.ndarray | torch.Tensor], centroids: torch.Tensor, max_frames: int = 10_000, seed: int = 0
) -> torch.Tensor:
    """Squared distances (N, K) of a seeded sample of at most ``max_frames`` frames to the centroids."""
    frames = sample_frames(feats_iter, max_frames, seed)
    check_dims(frames, centroids, name="target-domain features")
    return squared_distances(frames, centroids)


def best_grid_tau(error_rates: dict[float, float]) -> float:
    """The tau of the lowest error rate; the smallest such tau on a tie (the one closest to hard assignment)."""
    return min(error_rates, key=lambda tau: (error_rates[tau], tau))


def parabola_minimum(points: list[tuple[float, float]]) -> float:
    """The x of the minimum of the parabola through three (x, y) points whose middle one is lowest (or tied).

    The middle x where the three y are equal (no curvature).
    """
    (x0, y0), (x1, y1), (x2, y2) = points
    slope_left, slope_right = (y1 - y0) / (x1 - x0), (y2 - y1) / (x2 - x1)
    curvature = (slope_right - slope_left) / (x2 - x0)
    if curvature <= 0:
        return x1
    return (x0 + x1) / 2 - slope_left / (2 * curvature)


def calibrated_tau(error_rates: dict[float, float], pick: str = "parabola") -> float:
    """The tau that a labelled set's error rates over a tau grid ({tau: rate}) calibrate; see the module docstring.

    ``parabola`` works on log tau and falls back to the grid tau at either end of the grid.
    """
    if pick not in CALIBRATION_PICKS:
        raise ConfigError(f"pick must be one of {CALIBRATION_PICKS}, got {pick!r}")
    if not error_rates:
        raise ConfigError("no error rates to calibrate tau on")
    best = best_grid_tau(error_rates)
    grid = sorted(error_rates)
    i = grid.index(best)
    if pick == "grid" or i in (0, len(grid) - 1):
        return best
    neighbours = grid[i - 1 : i + 2]
    return math.exp(parabola_minimum([(math.log(tau), error_rates[tau]) for tau in neighbours]))


def transfer_tau(
    calibration_tau: float,
    calibration_dist: torch.Tensor,
    target_dist: torch.Tensor,
    rule: str = "distortion",
    topk: int | None = None,
    rtol: float = 1e-3,
) -> TauSelection:
    """Move ``calibration_tau``, best on the labelled data of ``calibration_dist``, to the target data.

    Both distance matrices are (N, K) to the same centroids (:func:`sampled_distances`); see the module
    docstring for the rules. The returned criterion is ``calibrated_<rule>``.
    """
    if rule not in TRANSFER_RULES:
        raise ConfigError(f"transfer rule must be one of {TRANSFER_RULES}, got {rule!r}")
    if not calibration_tau > 0:
        raise ConfigError(f"the calibrated tau must be positive, got {calibration_tau}")
    for name, dist in (("calibration", calibration_dist), ("target", target_dist)):
        check_distances("gmm" if rule == "distortion" else "perplexity", dist, name)
    if rule == "distortion":
        tau = calibration_tau * mean_distortion(target_dist) / mean_distortion(calibration_dist)
    else:
        goal = mean_entropy(calibration_dist, calibration_tau, topk)
        tau = bisect_log_tau(lambda t: mean_entropy(target_dist, t, topk) - goal, calibration_tau, rtol)
    perplexity = math.exp(mean_entropy(target_dist, tau, topk))
    return TauSelection(tau, f"calibrated_{rule}", perplexity, len(target_dist))


def select_tau(
    feats_iter: Iterable[np.ndarray | torch.Tensor],
    centroids: torch.Tensor,
    criterion: str = "perplexity",
    target_perplexity: float = 2.0,
    topk: int | None = None,
    max_frames: int = 10_000,
    seed: int = 0,
    rtol: float = 1e-3,
) -> TauSelection:
    """Pick tau from unlabelled frames (an iterable of (T, D) matrices) and centroids (K, D).

    See the module docstring for the criteria. ``topk`` must match the
    truncation used at inference. Raises DataError when there are no frames.
    """
    num_candidates = centroids.shape[0] if topk is None else min(topk, centroids.shape[0])
    check_criterion(criterion, target_perplexity, num_candidates)
    dist = sampled_distances(feats_iter, centroids, max_frames, seed)
    check_distances(criterion, dist)
    objective = criterion_objective(criterion, dist, centroids.shape[1], target_perplexity, topk)
    tau = bisect_log_tau(objective, dist.mean().item(), rtol)
    return TauSelection(tau, criterion, math.exp(mean_entropy(dist, tau, topk)), len(dist))
