"""k-means centroids learned by streaming over dumped features, with bounded memory.

:func:`learn_kmeans` picks a seeded ``portion`` of the utterances of a feature
scp and draws a seeded reservoir sample of at most ``init_frames`` frames.
k-means++ (scikit-learn's ``kmeans_plusplus``) seeds the centroids from at
most ``plusplus_frames`` of them, ``sample_iter`` Lloyd passes over the
in-memory sample bring them close to convergence cheaply, and Lloyd passes
over the whole portion, streamed block by block with only the (K, D) sums and
counts in memory, finish them. Memory is therefore independent of the corpus
size; the same seed gives the same centroids.

Each streamed pass measures the current centroids (the squared distance of
every frame to its nearest centroid) and computes their update; the update
is applied only if another pass follows. The passes stop once one improves
the mean squared distance by at most ``tol`` (relative) or after
``max_iter`` of them, and the centroids returned are the ones the last pass
measured, so every reported figure belongs to them. As in scikit-learn,
``inertia`` is the *sum* of the squared distances; ``mean_squared_distance``
is the inertia per frame.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import torch
from sklearn.cluster import kmeans_plusplus

from softassign import failpoints
from softassign.arkio import iter_feature_scp, scp_keys
from softassign.errors import ConfigError, DataError
from softassign.units.assign import check_dims, squared_distances

log = logging.getLogger(__name__)

#: frames per distance computation in the passes over the in-memory sample (a (block, K) matrix stays in cache)
SAMPLE_BLOCK = 1024


@dataclass(frozen=True)
class KMeansOptions:
    """How :func:`learn_kmeans` learns its centroids; checked on construction (ConfigError).

    * ``num_clusters``: K, the number of centroids (>= 1)
    * ``portion``: fraction of the utterances used, in (0, 1]
    * ``seed``: seeds the portion, the sample and k-means++
    * ``init_frames``: frames of the in-memory reservoir sample (>= K)
    * ``plusplus_frames``: sample frames k-means++ seeds from (>= 1; K are used if fewer)
    * ``sample_iter``: Lloyd passes over the in-memory sample (>= 0)
    * ``max_iter``: streamed Lloyd passes over the whole portion, at most (>= 1)
    * ``tol``: stop once a streamed pass improves the mean squared distance by at most this (relative, >= 0)
    * ``device``: torch device of the distance computations
    """

    num_clusters: int
    portion: float = 1.0
    seed: int = 0
    init_frames: int = 100_000
    plusplus_frames: int = 30_000
    sample_iter: int = 10
    max_iter: int = 20
    tol: float = 1e-3
    device: str = "cpu"

    def __post_init__(self) -> None:
        problems = [message for ok, message in self._checks() if not ok]
        if problems:
            raise ConfigError("k-means options: " + "; ".join(problems))

    def _checks(self) -> list[tuple[bool, str]]:
        return [
            (self.num_clusters >= 1, f"num_clusters must be >= 1, got {self.num_clusters}"),
            (0 < self.portion <= 1, f"portion must be in (0, 1], got {self.portion}"),
            (
                self.init_frames >= self.num_clusters,
                f"init_frames must be >= num_clusters={self.num_clusters}, got {self.init_frames}",
            ),
            (self.plusplus_frames >= 1, f"plusplus_frames must be >= 1, got {self.plusplus_frames}"),
            (self.sample_iter >= 0, f"sample_iter must be >= 0, got {self.sample_iter}"),
            (self.max_iter >= 1, f"max_iter must be >= 1 (streamed passes), got {self.max_iter}"),
            (self.tol >= 0, f"tol must be >= 0, got {self.tol}"),
            (_is_device(self.device), f"device must name a torch device (cpu, cuda, cuda:1), got {self.device!r}"),
        ]


def _is_device(name: str) -> bool:
    try:
        torch.device(name)
    except (RuntimeError, TypeError):
        return False
    return True


@dataclass
class KMeansResult:
    """Learned centroids (K, D) and the figures of the last streamed pass, which measured exactly them.

    ``history`` holds the mean squared distance of every streamed pass (the
    last one is ``mean_squared_distance``), ``inertia`` the sum of the
    squared distances of the last pass over its ``num_frames`` frames.
    """

    centroids: torch.Tensor
    history: list[float]
    inertia: float
    num_frames: int

    @property
    def mean_squared_distance(self) -> float:
        """Mean over frames of the squared distance to the nearest returned centroid."""
        return self.inertia / self.num_frames


@dataclass
class _PassStats:
    """What one Lloyd pass gathers: per-centroid sums and counts of its nearest frames, and the inertia."""

    sums: torch.Tensor
    counts: torch.Tensor
    inertia: float
    frames: int


def select_portion(utts: list[str], portion: float, seed: int) -> list[str]:
    """A seeded random subset of ``ceil(portion * len(utts))`` utterances, in their original order."""
    if not 0 < portion <= 1:
        raise ConfigError(f"portion must be in (0, 1], got {portion}")
    count = max(1, math.ceil(portion * len(utts)))
    chosen = np.random.default_rng(seed).permutation(len(utts))[:count]
    return [utts[i] for i in sorted(chosen)]


def reservoir_sample(blocks: Iterable[np.ndarray], size: int, seed: int) -> np.ndarray:
    """Uniform sample of at most ``size`` rows from a stream of (T, D) blocks (Algorithm R, vectorised)."""
    rng = np.random.default_rng(seed)
    sample: np.ndarray | None = None
    seen = 0
    for block in blocks:
        if sample is None:
            sample = np.empty((size, block.shape[1]), dtype=np.float32)
        fill = min(max(size - seen, 0), len(block))
        sample[seen : seen + fill] = block[:fill]
        rest = block[fill:]
        if len(rest):
            slots = rng.integers(0, seen + fill + np.arange(1, len(rest) + 1))
            keep = slots < size
            sample[slots[keep]] = rest[keep]
        seen += len(block)
    if sample is None:
        raise DataError("no frames to sample from")
    return sample[: min(seen, size)]


def _blocks(scp: str, utts: list[str]) -> Iterator[np.ndarray]:
    return (feats for _, feats in iter_feature_scp(scp, utts))


def _streamed(scp: str, utts: list[str], device: torch.device) -> Iterator[torch.Tensor]:
    return (torch.from_numpy(block).to(device) for block in _blocks(scp, utts))


def _lloyd_pass(blocks: Iterable[torch.Tensor], centroids: torch.Tensor, name: str) -> _PassStats:
    """Measure ``centroids`` on a stream of frame blocks and gather what their update needs."""
    sums = torch.zeros_like(centroids, dtype=torch.float64)
    counts = torch.zeros(len(centroids), dtype=torch.float64, device=centroids.device)
    inertia, frames = 0.0, 0
    for x in blocks:
        check_dims(x, centroids, name=name)
        best, ids = squared_distances(x, centroids).min(1)
        sums.index_add_(0, ids, x.double())
        counts.index_add_(0, ids, torch.ones_like(best, dtype=torch.float64))
        inertia += best.double().sum().item()
        frames += len(x)
    return _PassStats(sums, counts, inertia, frames)


def _nearest_distances(frames: torch.Tensor, centroids: torch.Tensor) -> torch.Tensor:
    """Squared distance of every frame to its nearest centroid, SAMPLE_BLOCK frames at a time."""
    return torch.cat([squared_distances(block, centroids).min(1).values for block in frames.split(SAMPLE_BLOCK)])


def _update(centroids: torch.Tensor, stats: _PassStats, sample: torch.Tensor) -> torch.Tensor:
    """Move each centroid to the mean of its frames; empty ones take the sample frames farthest from the rest."""
    new = centroids.clone()
    filled = stats.counts > 0
    new[filled] = (stats.sums[filled] / stats.counts[filled, None]).float()
    empty = (~filled).nonzero().flatten()
    if len(empty):
        far = _nearest_distances(sample, new).argsort(descending=True)[: len(empty)]
        new[empty] = sample[far]
    return new


def _converged(history: list[float], tol: float) -> bool:
    """True once the last pass improved the mean squared distance by at most ``tol`` (relative)."""
    return len(history) > 1 and history[-2] - history[-1] <= tol * history[-2]


def _initial_centroids(sample: np.ndarray, options: KMeansOptions) -> np.ndarray:
    """k-means++ on a seeded subset of at most ``plusplus_frames`` (at least K) sample frames."""
    rng = np.random.default_rng(options.seed)
    subset = np.sort(rng.permutation(len(sample))[: max(options.plusplus_frames, options.num_clusters)])
    init, _ = kmeans_plusplus(sample[subset].astype(np.float64), options.num_clusters, random_state=options.seed)
    return init.astype(np.float32)


def _sample_passes(centroids: torch.Tensor, sample: torch.Tensor, passes: int, name: str) -> torch.Tensor:
    """``passes`` Lloyd updates of ``centroids`` on the in-memory sample."""
    for _ in range(passes):
        centroids = _update(centroids, _lloyd_pass(sample.split(SAMPLE_BLOCK), centroids, f"{name} (sample)"), sample)
    return centroids


def _streamed_pass(feats_scp: str, utts: list[str], centroids: torch.Tensor, history: list[float]) -> _PassStats:
    """One Lloyd pass over the whole portion; appends its mean squared distance to ``history``."""
    stats = _lloyd_pass(_streamed(feats_scp, utts, centroids.device), centroids, feats_scp)
    history.append(stats.inertia / stats.frames)
    log.info("k-means pass %d: mean squared distance %.6g over %d frames", len(history), history[-1], stats.frames)
    failpoints.reached("kmeans_pass")
    return stats


def learn_kmeans(feats_scp: str, options: KMeansOptions) -> KMeansResult:
    """Learn ``options.num_clusters`` centroids from the features in ``feats_scp``; see the module docstring.

    Clusters left empty by a pass take the sample frames farthest from their
    nearest centroid. DataError when the chosen portion has fewer than K
    frames or inconsistent dimensions.
    """
    utts = select_portion(scp_keys(feats_scp), options.portion, options.seed)
    sample = reservoir_sample(_blocks(feats_scp, utts), options.init_frames, options.seed)
    if len(sample) < options.num_clusters:
        raise DataError(f"{feats_scp}: {len(sample)} frames in the chosen portion, fewer than K={options.num_clusters}")
    dev = torch.device(options.device)
    sample_t = torch.from_numpy(sample).to(dev)
    centroids = torch.from_numpy(_initial_centroids(sample, options)).to(dev)
    centroids = _sample_passes(centroids, sample_t, options.sample_iter, feats_scp)
    history: list[float] = []
    stats = _streamed_pass(feats_scp, utts, centroids, history)
    while len(history) < options.max_iter and not _converged(history, options.tol):
        centroids = _update(centroids, stats, sample_t)
        stats = _streamed_pass(feats_scp, utts, centroids, history)
    return KMeansResult(centroids.cpu(), history, stats.inertia, stats.frames)
