"""Hard and soft assignment of feature frames to k-means centroids.

Both come from one distance computation, D_k(x) = ||x - c_k||^2:

* hard:  k*(x) = argmin_k D_k(x)
* soft:  p(k|x) = softmax_k(-D_k(x) / tau), optionally truncated to the top-k
  clusters and renormalised. tau -> 0 gives back the one-hot of k*(x).

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

    Uses ||x||^2 - 2 x.c + ||c||^2 (one matrix product) and clamps tiny
    negative values caused by rounding to zero.
    """
    x = feats.float()
    c = centroids.to(device=x.device, dtype=torch.float32)
    dist = (x * x).sum(1, keepdim=True) - 2.0 * (x @ c.T) + (c * c).sum(1)[None, :]
    return dist.clamp_min_(0.0)


def hard_assign(feats: torch.Tensor, centroids: torch.Tensor, chunk: int = CHUNK_FRAMES) -> torch.Tensor:
    """Return the nearest-centroid id of every frame as an int64 tensor of shape (T,)."""
    check_dims(feats, centroids)
    parts = [squared_distances(block, centroids).argmin(1) for block in feats.split(chunk)]
    return torch.cat(parts) if parts else torch.zeros(0, dtype=torch.long, device=feats.device)


def _check_tau(tau: float) -> None:
    if not tau > 0:
        raise ConfigError(f"temperature tau must be > 0, got {tau}")


def posteriors_from_distances(dist: torch.Tensor, tau: float, topk: int | None = None) -> torch.Tensor:
    """p(k|x) = softmax_k(-dist / tau) from precomputed squared distances (T, K); see :func:`soft_posteriors`."""
    logits = dist / -tau
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

    Stable for large distances (softmax subtracts the row maximum). With
    ``topk`` only the k most probable clusters keep mass, renormalised to 1.
    """
    check_dims(feats, centroids)
    _check_tau(tau)
    if topk is not None and topk < 1:
        raise ConfigError(f"topk must be >= 1, got {topk}")
    parts = [soft_posteriors_block(block, centroids, tau, topk) for block in feats.split(chunk)]
    if not parts:
        return feats.new_zeros((0, centroids.shape[0]), dtype=torch.float32)
    return torch.cat(parts)


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
    belonging to cluster id k. Computed block by block so that the (T, K)
    posterior matrix never exists whole.
    """
    check_dims(feats, centroids)
    _check_tau(tau)
    if embedding.shape[0] != centroids.shape[0]:
        raise ConfigError(f"embedding table has {embedding.shape[0]} rows but there are {centroids.shape[0]} centroids")
    parts = [
        soft_posteriors_block(block, centroids, tau, topk).to(embedding.dtype) @ embedding
        for block in feats.split(chunk)
    ]
    if not parts:
        return embedding.new_zeros((0, embedding.shape[1]))
    return torch.cat(parts)
