"""k-means learning time and final inertia: ours against the ESPnet recipe's scikit-learn default.

ESPnet's ``egs2/TEMPLATE/asr1/pyscripts/feats/learn_kmeans.py`` (from
fairseq's HuBERT ``simple_kmeans``) loads every frame into memory and fits
``sklearn.cluster.MiniBatchKMeans`` with the settings of
:data:`ESPNET_MINIBATCH_KMEANS` (its command-line defaults). Ours is
:func:`softassign.units.kmeans.learn_kmeans`: k-means++ on a frame sample,
then Lloyd passes streamed from the scp.

Both run on the same frames with the same K; the inertia of both is
evaluated the same way afterwards, as the mean squared distance of every
frame to its nearest centroid (:func:`mean_inertia`). ESPnet's time covers
``fit`` only (its feature loading is timed apart); ours includes reading the
scp on every pass, which is part of its design.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import torch
from sklearn.cluster import MiniBatchKMeans

from softassign.arkio import iter_feature_scp
from softassign.benchmarks.figures import timed
from softassign.units.assign import squared_distances
from softassign.units.kmeans import KMeansOptions, learn_kmeans

#: MiniBatchKMeans options of ESPnet's learn_kmeans.py (verified against espnet/espnet's
#: egs2/TEMPLATE/asr1/pyscripts/feats/learn_kmeans_sklearn.py, the same script's defaults).
ESPNET_MINIBATCH_KMEANS = dict(
    init="k-means++",
    max_iter=100,
    batch_size=10000,
    tol=0.0,
    max_no_improvement=100,
    init_size=None,
    n_init=20,
    reassignment_ratio=0.0,
    compute_labels=False,
)

#: Frames per block when evaluating the inertia.
EVAL_BLOCK = 8192


def load_frames(feats_scp: str | os.PathLike) -> np.ndarray:
    """Every frame of a feature scp as one (N, D) float32 matrix (as ESPnet's script loads them)."""
    return np.concatenate([feats for _, feats in iter_feature_scp(feats_scp)])


def mean_inertia(frames: np.ndarray, centroids: np.ndarray | torch.Tensor) -> float:
    """Mean over frames of the squared distance to the nearest centroid (float64 accumulation)."""
    centers = torch.as_tensor(np.asarray(centroids, dtype=np.float32))
    total = 0.0
    for block in torch.from_numpy(frames).split(EVAL_BLOCK):
        total += squared_distances(block, centers).min(1).values.double().sum().item()
    return total / len(frames)


def espnet_kmeans(frames: np.ndarray, num_clusters: int, seed: int) -> np.ndarray:
    """Centroids from MiniBatchKMeans with ESPnet's settings."""
    model = MiniBatchKMeans(n_clusters=num_clusters, random_state=seed, **ESPNET_MINIBATCH_KMEANS)
    return model.fit(frames).cluster_centers_


@dataclass
class KMeansComparison:
    """The figures of one comparison, and both learners' (K, D) centroids."""

    figures: dict
    ours: np.ndarray
    espnet: np.ndarray


def compare_kmeans(
    feats_scp: str | os.PathLike, num_clusters: int, seed: int = 0, max_iter: int = 20
) -> KMeansComparison:
    """Time and inertia of both learners on the frames of ``feats_scp`` at K = ``num_clusters``."""
    load_s, frames = timed(lambda: load_frames(feats_scp))
    options = KMeansOptions(num_clusters, seed=seed, max_iter=max_iter)
    ours_s, ours = timed(lambda: learn_kmeans(str(feats_scp), options))
    espnet_s, espnet_centroids = timed(lambda: espnet_kmeans(frames, num_clusters, seed))
    ours_centroids = ours.centroids.numpy()
    ours_inertia, espnet_inertia = mean_inertia(frames, ours_centroids), mean_inertia(frames, espnet_centroids)
    figures = {
        "num_clusters": num_clusters,
        "frames": len(frames),
        "dim": frames.shape[1],
        "ours_s": round(ours_s, 2),
        "ours_passes": len(ours.history),
        "espnet_fit_s": round(espnet_s, 2),
        "espnet_load_s": round(load_s, 2),
        "speedup": round(espnet_s / ours_s, 3),
        "ours_inertia": round(ours_inertia, 5),
        "espnet_inertia": round(espnet_inertia, 5),
        "inertia_ratio": round(ours_inertia / espnet_inertia, 5),
    }
    return KMeansComparison(figures, ours_centroids, np.asarray(espnet_centroids, dtype=np.float32))


def kmeans_speed(feats_scp: str | os.PathLike, num_clusters: int, seed: int = 0, max_iter: int = 20) -> dict:
    """The figures of :func:`compare_kmeans`."""
    return compare_kmeans(feats_scp, num_clusters, seed, max_iter).figures
