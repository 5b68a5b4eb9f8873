"""ESPnet ASR frontend that embeds discrete units: hard ids in training, hard or soft assignment at inference.

Registered in ESPnet as ``frontend: unit_embedding`` (:mod:`softassign.espnet.tasks`).
The embedding table E has one row per k-means cluster and the mapping is
explicit: **row k of E belongs to cluster id k**, the id that
:func:`softassign.units.assign.hard_assign` gives to frames nearest to
centroid k (row k of the centroid file).

The input's shape decides the path:

* (B, T) unit ids (training, and decoding dumped ids): lookup E[id]. Ids may
  arrive as floats (ESPnet's ``Speech2Text`` casts every input to float);
  they must be whole numbers in [0, K). Padding (ESPnet pads int batches
  with -1) is found from the lengths, never from the values.
* (B, T, D) continuous features of the layer the centroids were learned on:
  ``hard`` gives E[argmin_k ||x - c_k||^2], exactly the lookup of the ids
  that ``hard_assign`` dumps from the same features; ``soft`` gives
  z = sum_k p(k|x) E[k] with p(k|x) = softmax_k(-||x - c_k||^2 / tau),
  optionally truncated to the ``topk`` most probable clusters.

Padded frames of the output are zero in both paths.
"""

from __future__ import annotations

import os

import torch
from espnet.nets.pytorch_backend.nets_utils import make_pad_mask
from espnet2.asr.frontend.abs_frontend import AbsFrontend

from softassign.errors import ConfigError, DataError
from softassign.units.assign import expected_embedding, hard_assign
from softassign.units.centroids import load_centroids

ASSIGNMENTS = ("hard", "soft")


class UnitEmbeddingFrontend(AbsFrontend):
    """Unit ids or continuous features -> (B, T, embed_dim) embeddings; see the module docstring.

    Args:
        num_units: K, the number of k-means clusters (rows of E).
        embed_dim: width of E and of the frontend output.
        centroids: the (K, D) ``.npy`` centroid file; optional in training
            (ids only), required to take continuous features.
        assignment: ``hard`` or ``soft``, used for continuous features only.
        tau: soft-assignment temperature (> 0).
        topk: keep only the topk most probable clusters in soft assignment.
    """

    def __init__(
        self,
        num_units: int,
        embed_dim: int = 256,
        centroids: str | None = None,
        assignment: str = "hard",
        tau: float = 1.0,
        topk: int | None = None,
    ):
        super().__init__()
        if num_units < 1 or embed_dim < 1:
            raise ConfigError(f"unit_embedding: num_units and embed_dim must be >= 1, got {num_units}, {embed_dim}")
        self.num_units = num_units
        self.embedding = torch.nn.Embedding(num_units, embed_dim)
        self.register_buffer("centroids", None, persistent=False)
        self.assignment, self.tau, self.topk = "hard", 1.0, None
        self.set_assignment(assignment=assignment, tau=tau, topk=topk, centroids=centroids)

    def output_size(self) -> int:
        """Width of the output embeddings (``embed_dim``)."""
        return self.embedding.embedding_dim

    def set_assignment(
        self,
        assignment: str | None = None,
        tau: float | None = None,
        topk: int | None = None,
        centroids: str | os.PathLike | torch.Tensor | None = None,
    ) -> None:
        """Change how continuous features are assigned (e.g. at inference); None keeps a setting.

        ``topk=0`` switches truncation off. ``centroids`` is a centroid file
        or a (K, D) tensor; it must have ``num_units`` rows.
        """
        if assignment is not None and assignment not in ASSIGNMENTS:
            raise ConfigError(f"unit_embedding: assignment must be one of {ASSIGNMENTS}, got {assignment!r}")
        if tau is not None and not tau > 0:
            raise ConfigError(f"unit_embedding: tau must be > 0, got {tau}")
        if topk is not None and topk < 0:
            raise ConfigError(f"unit_embedding: topk must be >= 1 (0 = all clusters), got {topk}")
        if centroids is not None:
            self.centroids = self._checked_centroids(centroids)
        self.assignment = assignment or self.assignment
        self.tau = self.tau if tau is None else float(tau)
        self.topk = self.topk if topk is None else (topk or None)

    def require_centroids(self) -> torch.Tensor:
        """The (K, D) centroids; ConfigError when none were given (needed for continuous features)."""
        if self.centroids is None:
            raise ConfigError("unit_embedding: continuous features need centroids (frontend_conf or --centroids)")
        return self.centroids

    def _checked_centroids(self, centroids: str | os.PathLike | torch.Tensor) -> torch.Tensor:
        name = "centroid tensor" if isinstance(centroids, torch.Tensor) else str(centroids)
        matrix = centroids if isinstance(centroids, torch.Tensor) else load_centroids(centroids)
        if matrix.dim() != 2 or matrix.shape[0] != self.num_units:
            raise ConfigError(f"{name}: centroids of shape {tuple(matrix.shape)} do not fit num_units={self.num_units}")
        return matrix.to(device=self.embedding.weight.device, dtype=torch.float32)

    def forward(self, input: torch.Tensor, input_lengths: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(B, T) unit ids or (B, T, D) features with their lengths -> ((B, T, embed_dim), lengths)."""
        if input.dim() == 2:
            embedded = self.embedding(self.unit_ids(input, input_lengths))
        elif input.dim() == 3:
            embedded = self.embed_features(input)
        else:
            raise DataError(f"unit_embedding: expected (B, T) unit ids or (B, T, D) features, got {tuple(input.shape)}")
        padding = make_pad_mask(input_lengths, embedded, length_dim=1)
        return embedded.masked_fill(padding, 0.0), input_lengths

    def unit_ids(self, input: torch.Tensor, input_lengths: torch.Tensor) -> torch.Tensor:
        """Checked int64 ids of a padded (B, T) batch; padded positions become 0.

        Raises DataError naming the offending value when a non-padded id is
        not a whole number in [0, num_units).
        """
        valid = ~make_pad_mask(input_lengths, input, length_dim=1)
        values = input[valid]
        bad = (values != values.round()) | (values < 0) | (values >= self.num_units)
        if bad.any():
            raise DataError(
                f"unit_embedding: unit id {values[bad][0].item():g} is not an integer in [0, {self.num_units}) "
                f"(num_units={self.num_units}; embedding row k belongs to cluster id k)"
            )
        return input.round().long().masked_fill(~valid, 0)

    def embed_features(self, feats: torch.Tensor) -> torch.Tensor:
        """Hard or soft embeddings of (B, T, D) features, frame by frame, per the current assignment."""
        centroids = self.require_centroids()
        frames = feats.reshape(-1, feats.shape[-1])
        if self.assignment == "hard":
            embedded = self.embedding(hard_assign(frames, centroids))
        else:
            embedded = expected_embedding(frames, centroids, self.embedding.weight, self.tau, self.topk)
        return embedded.reshape(*feats.shape[:-1], -1)
