"""k-means centroids learned by streaming over dumped features, with bounded memory.

:func:`learn_kmeans` picks a seeded ``portion`` of the utterances of a feature
scp and draws a seeded reservoir sample of at most ``init_frames`` frames.
k-means++ (scikit-learn's ``kmeans_plusplus``) seeds the centroids from at
most ``plusplus_frames`` of them, ``sample_iter`` Lloyd passes over the
in-memory sample bring them close to convergence cheaply, and Lloyd passes
over the whole portion, streamed block by block with only the (K, D) sums and
counts in memory, finish them. Memory is therefore independent of the corpus
size; the same seed gives the same centroids.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import torch
from sklearn.cluster import kmeans_plusplus

from softassign.arkio import iter_feature_scp, scp_keys
from softassign.errors import ConfigError, DataError
from softassign.units.assign import check_dims, squared_distances

log = logging.getLogger(__name__)

#: frames per distance computation in the passes over the in-memory sample (a (block, K) matrix stays in cache)
SAMPLE_BLOCK = 1024


@dataclass
class KMeansResult:
    """Learned centroids (K, D), the mean squared distance of each streamed Lloyd pass, and the frames per pass."""

    centroids: torch.Tensor
    inertia_history: list[float]
    num_frames: int


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


def _lloyd_pass(blocks: Iterable[torch.Tensor], centroids: torch.Tensor, name: str):
    """Sums and counts of the frames nearest each centroid, their mean squared distance and frame count."""
    sums = torch.zeros_like(centroids, dtype=torch.float64)
    counts = torch.zeros(len(centroids), dtype=torch.float64, device=centroids.device)
    total, frames = 0.0, 0
    for x in blocks:
        check_dims(x, centroids, name=name)
        best, ids = squared_distances(x, centroids).min(1)
        sums.index_add_(0, ids, x.double())
        counts.index_add_(0, ids, torch.ones_like(best, dtype=torch.float64))
        total += best.double().sum().item()
        frames += len(x)
    return sums, counts, total / frames, frames


def _streamed(scp: str, utts: list[str], device: torch.device) -> Iterator[torch.Tensor]:
    return (torch.from_numpy(block).to(device) for block in _blocks(scp, utts))


def learn_kmeans(
    feats_scp: str,
    num_clusters: int,
    portion: float = 1.0,
    seed: int = 0,
    init_frames: int = 100_000,
    max_iter: int = 20,
    tol: float = 1e-3,
    device: str = "cpu",
    plusplus_frames: int = 30_000,
    sample_iter: int = 10,
) -> KMeansResult:
    """Learn ``num_clusters`` centroids from the features in ``feats_scp``; see the module docstring.

    The streamed passes stop after ``max_iter`` or when the mean squared
    distance improves by less than ``tol`` (relative); ``inertia_history``
    holds theirs. Clusters left empty take the sample frame farthest from its
    centroid.
    """
    utts = select_portion(scp_keys(feats_scp), portion, seed)
    sample = reservoir_sample(_blocks(feats_scp, utts), init_frames, seed)
    if len(sample) < num_clusters:
        raise DataError(f"{feats_scp}: {len(sample)} frames in the chosen portion, fewer than K={num_clusters}")
    rng = np.random.default_rng(seed)
    seeds = sample[np.sort(rng.permutation(len(sample))[: max(plusplus_frames, num_clusters)])]
    init, _ = kmeans_plusplus(seeds.astype(np.float64), num_clusters, random_state=seed)
    dev = torch.device(device)
    centroids = torch.from_numpy(init.astype(np.float32)).to(dev)
    sample_t = torch.from_numpy(sample).to(dev)
    for _ in range(sample_iter):
        sums, counts, _, _ = _lloyd_pass(sample_t.split(SAMPLE_BLOCK), centroids, f"{feats_scp} (sample)")
        centroids = _update(centroids, sums, counts, sample_t)
    history: list[float] = []
    for it in range(max_iter):
        sums, counts, inertia, frames = _lloyd_pass(_streamed(feats_scp, utts, dev), centroids, feats_scp)
        history.append(inertia)
        log.info("k-means pass %d: mean squared distance %.6g over %d frames", it + 1, inertia, frames)
        centroids = _update(centroids, sums, counts, sample_t)
        if len(history) > 1 and history[-2] - history[-1] <= tol * history[-2]:
            break
    return KMeansResult(centroids.cpu(), history, frames)


def _update(centroids: torch.Tensor, sums: torch.Tensor, counts: torch.Tensor, sample: torch.Tensor) -> torch.Tensor:
    new = centroids.clone()
    filled = counts > 0
    new[filled] = (sums[filled] / counts[filled, None]).float()
    empty = (~filled).nonzero().flatten()
    if len(empty):
        far = squared_distances(sample, new).min(1).values.argsort(descending=True)[: len(empty)]
        new[empty] = sample[far]
    return new
