"""Units: k-means centroids, hard and soft assignment of frames to clusters."""

from softassign.units.assign import (
    expected_embedding,
    hard_assign,
    soft_posteriors,
    squared_distances,
)
from softassign.units.centroids import load_centroids, save_centroids

__all__ = [
    "expected_embedding",
    "hard_assign",
    "load_centroids",
    "save_centroids",
    "soft_posteriors",
    "squared_distances",
]
