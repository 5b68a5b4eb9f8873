"""Hard and soft assignment of feature frames to k-means centroids.

Both come from one distance computation, D_k(x) = ||x - c_k||^2:

* hard:  k*(x) = argmin_k D_k(x), the lowest id among equally near clusters
* soft:  p(k|x) = softmax_k(-D_k(x) / tau), optionally truncated to the top-k
  clusters and renormalised. The logits are taken relative to the nearest
  cluster, -(D_k(x) - min_j D_j(x)) / tau, so the nearest one has logit 0 and
  nothing overflows for any tau > 0. As tau -> 0+ the posterior tends to the
  uniform distribution over the clusters at exactly the minimal distance
  (they share the mass); ``tau = 0`` is exact hard assignment instead: the
  one-hot of k*(x), which breaks ties by the lowest id as :func:`hard_assign`
  does.

Distances are computed in float32 as ||x - m||^2 - 2 (x - m).(c - m) + ||c - m||^2
with m the mean of the centroids (distances are translation invariant), so
that a large common offset of features and centroids costs no precision.

The expected embedding z = sum_k p(k|x) E[k] replaces the lookup E[k*(x)] at
inference. Computation is chunked over frames so that memory stays bounded
for long utterances and large K.
"""

from __future__ import annotations

import torch

from softassign.errors import ConfigError

#: Frames processed at once; T x K distance blocks stay below ~64 MB for K=4096.
CHUNK_FRAMES = 4096


def check_dims(feats: torch.Tensor, centroids: torch.Tensor, name: str = "features") -> None:
    """Raise ConfigError unless ``feats`` (T, D) and ``centroids`` (K, D) share D."""
    if feats.dim() != 2:
        raise ConfigError(f"{name}: expected a (frames, dim) matrix, got shape {tuple(feats.shape)}")
    if feats.shape[1] != centroids.shape[1]:
        raise ConfigError(
            f"{name}: feature dimension {feats.shape[1]} differs from the centroids' dimension {centroids.shape[1]}"
        )


def squared_distances(feats: torch.Tensor, centroids: torch.Tensor) -> torch.Tensor:
    """Return D (T, K) with D[t, k] = ||feats[t] - centroids[k]||^2, computed in float32.

    Features and centroids are first centred on the centroids' mean, then
    ||x||^2 - 2 x.c + ||c||^2 is one matrix product; tiny negative values
    caused by rounding are clamped to zero.
    """
    c = centroids.to(device=feats.device, dtype=torch.float32)
    mean = c.mean(0)
    x = feats.float() - mean
    c = c - mean
    dist = (x * x).sum(1, keepdim=True) - 2.0 * (x @ c.T) + (c * c).sum(1)[None, :]
    return dist.clamp_min_(0.0)


def _nearest(feats: torch.Tensor, centroids: torch.Tensor) -> torch.Tensor:
    """Nearest-centroid ids of one block of frames (lowest id on ties)."""
    return squared_distances(feats, centroids).argmin(1)


def hard_assign(feats: torch.Tensor, centroids: torch.Tensor, chunk: int = CHUNK_FRAMES) -> torch.Tensor:
    """Return the nearest-centroid id of every frame (lowest id on ties) as an int64 tensor of shape (T,)."""
    check_dims(feats, centroids)
    parts = [_nearest(block, centroids) for block in feats.split(chunk)]
    return torch.cat(parts) if parts else torch.zeros(0, dtype=torch.long, device=feats.device)


def _check_soft_options(tau: float, topk: int | None) -> None:
    if not tau >= 0:
        raise ConfigError(f"temperature tau must be >= 0 (0: hard assignment), got {tau}")
    if topk is not None and topk < 1:
        raise ConfigError(f"topk must be >= 1, got {topk}")


def posteriors_from_distances(dist: torch.Tensor, tau: float, topk: int | None = None) -> torch.Tensor:
    """p(k|x) = softmax_k(-dist / tau) from precomputed squared distances (T, K); see :func:`soft_posteriors`."""
    _check_soft_options(tau, topk)
    if tau == 0:
        return torch.zeros_like(dist).scatter_(1, dist.argmin(1, keepdim=True), 1.0)
    logits = (dist - dist.min(1, keepdim=True).values) / -tau
    if topk is not None and topk < logits.shape[1]:
        kept, index = logits.topk(topk, dim=1)
        probs = torch.zeros_like(logits)
        return probs.scatter_(1, index, kept.softmax(1))
    return logits.softmax(1)


def soft_posteriors_block(
    feats: torch.Tensor, centroids: torch.Tensor, tau: float, topk: int | None = None
) -> torch.Tensor:
    """p(k|x) for one block of frames: (T, D) -> (T, K); see :func:`soft_posteriors`."""
    return posteriors_from_distances(squared_distances(feats, centroids), tau, topk)


def soft_posteriors(
    feats: torch.Tensor,
    centroids: torch.Tensor,
    tau: float,
    topk: int | None = None,
    chunk: int = CHUNK_FRAMES,
) -> torch.Tensor:
    """Return p(k|x) = softmax_k(-||x - c_k||^2 / tau) as a (T, K) float32 tensor.

    Stable for any tau > 0 and any distances (logits relative to the nearest
    cluster); ``tau = 0`` gives the one-hot of :func:`hard_assign`. With
    ``topk`` only the k most probable clusters keep mass, renormalised to 1.
    """
    check_dims(feats, centroids)
    _check_soft_options(tau, topk)
    parts = [soft_posteriors_block(block, centroids, tau, topk) for block in feats.split(chunk)]
    if not parts:
        return feats.new_zeros((0, centroids.shape[0]), dtype=torch.float32)
    return torch.cat(parts)


def _expected_block(
    feats: torch.Tensor, centroids: torch.Tensor, embedding: torch.Tensor, tau: float, topk: int | None
) -> torch.Tensor:
    """z for one block of frames; at tau = 0 the exact rows of the nearest clusters."""
    if tau == 0:
        return embedding[_nearest(feats, centroids)]
    return soft_posteriors_block(feats, centroids, tau, topk).to(embedding.dtype) @ embedding


def expected_embedding(
    feats: torch.Tensor,
    centroids: torch.Tensor,
    embedding: torch.Tensor,
    tau: float,
    topk: int | None = None,
    chunk: int = CHUNK_FRAMES,
) -> torch.Tensor:
    """Return z = sum_k p(k|x) E[k] for every frame: (T, D) -> (T, embed_dim).

    ``embedding`` is the (K, embed_dim) table of the downstream model, row k
    belonging to cluster id k; ``tau = 0`` gives exactly
    ``embedding[hard_assign(feats, centroids)]``. Computed block by block so
    that the (T, K) posterior matrix never exists whole.
    """
    check_dims(feats, centroids)
    _check_soft_options(tau, topk)
    if embedding.shape[0] != centroids.shape[0]:
        raise ConfigError(f"embedding table has {embedding.shape[0]} rows but there are {centroids.shape[0]} centroids")
    parts = [_expected_block(block, centroids, embedding, tau, topk) for block in feats.split(chunk)]
    if not parts:
        return embedding.new_zeros((0, embedding.shape[1]))
    return torch.cat(parts)
