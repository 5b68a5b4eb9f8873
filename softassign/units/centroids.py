"""The centroid file format.

Centroids are stored as a NumPy ``.npy`` file holding one float32 array of
shape (K, D): row k is the centroid of cluster id k. Nothing else is stored,
so the file reads with any NumPy (``numpy.load``) and maps one-to-one onto the
embedding rows of a downstream model (row k of E belongs to cluster id k).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import torch

from softassign import failpoints
from softassign.atomic import replacing
from softassign.errors import DataError


def save_centroids(path: str | os.PathLike, centroids: torch.Tensor | np.ndarray) -> None:
    """Write a (K, D) centroid matrix to ``path`` (.npy, float32), atomically."""
    array = np.asarray(centroids.detach().cpu() if isinstance(centroids, torch.Tensor) else centroids)
    if array.ndim != 2 or not np.isfinite(array).all():
        raise DataError(f"{path}: centroids must be a finite (K, D) matrix, got shape {array.shape}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with replacing(path, suffix=".npy") as tmp:
        np.save(tmp, array.astype(np.float32))
        failpoints.reached("before_rename")


def load_centroids(path: str | os.PathLike) -> torch.Tensor:
    """Read a centroid file written by :func:`save_centroids` as a (K, D) float32 tensor."""
    try:
        array = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as err:
        raise DataError(f"{path}: cannot read centroids ({err})") from err
    if array.ndim != 2:
        raise DataError(f"{path}: centroids must be a (K, D) matrix, got shape {array.shape}")
    return torch.from_numpy(array.astype(np.float32))
