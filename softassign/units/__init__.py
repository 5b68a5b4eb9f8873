"""Units: k-means centroids, hard and soft assignment of frames to clusters, the label-free temperature."""

from softassign.units.assign import (
    expected_embedding,
    hard_assign,
    soft_posteriors,
    squared_distances,
)
from softassign.units.centroids import load_centroids, save_centroids
from softassign.units.temperature import TauSelection, select_tau

__all__ = [
    "TauSelection",
    "expected_embedding",
    "hard_assign",
    "load_centroids",
    "save_centroids",
    "select_tau",
    "soft_posteriors",
    "squared_distances",
]
