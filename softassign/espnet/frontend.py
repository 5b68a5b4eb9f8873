"""ESPnet ASR frontend that embeds discrete units: hard ids in training, hard or soft assignment at inference.

Registered in ESPnet as ``frontend: unit_embedding`` (:mod:`softassign.espnet.tasks`).
The embedding table E has one row per k-means cluster and the mapping is
explicit: **row k of E belongs to cluster id k**, the id that
:func:`softassign.units.assign.hard_assign` gives to frames nearest to
centroid k (row k of the centroid file).

Inputs (``input_kind`` and the input's shape decide the path):

* (B, T) unit ids (``input_kind="units"``: training, and decoding dumped
  ids): lookup E[id]. Ids may arrive as floats (ESPnet's ``Speech2Text``
  casts every input to float); they must be whole numbers in [0, K).
  Padding (ESPnet pads int batches with -1) is found from the lengths,
  never from the values.
* (B, T, D) continuous features of the layer the centroids were learned on:
  ``hard`` gives E[argmin_k ||x - c_k||^2], exactly the lookup of the ids
  that ``hard_assign`` dumps from the same features; ``soft`` gives
  z = sum_k p(k|x) E[k] with p(k|x) = softmax_k(-||x - c_k||^2 / tau),
  optionally truncated to the ``topk`` most probable clusters.
* (B, samples) waveforms at 16 kHz (``input_kind="audio"``): the feature
  ``reader`` (the conf the units were made with, e.g. WavLM Large layer 21)
  computes the features, which are then assigned as above. The reader is
  built on first use and is not part of the model's parameters or state.

The centroids travel with the model: they are a buffer of the state dict
(float64, so that ESPnet's averaging of the n best checkpoints, a sum
divided by n, gives them back exactly), filled from ``centroids`` (the
file) when the model is built for training and from the state dict when a
trained model is loaded. They are the same on every DDP rank and never
change, so DDP does not broadcast them (``no_sync_buffers``;
:class:`softassign.espnet.tasks.SoftassignASRTask`). Padded frames of the
output are zero.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import torch
from espnet.nets.pytorch_backend.nets_utils import make_pad_mask
from espnet2.asr.frontend.abs_frontend import AbsFrontend

from softassign.errors import ConfigError, DataError
from softassign.features.base import FeatureReader, build_reader
from softassign.units.assign import expected_embedding, hard_assign
from softassign.units.centroids import load_centroids

log = logging.getLogger(__name__)

ASSIGNMENTS = ("hard", "soft")
INPUT_KINDS = ("units", "audio")


def waveform_features(
    reader: FeatureReader, waves: torch.Tensor, lengths: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """Features of a padded (B, samples) waveform batch, one utterance at a time: ((B, T, D) zero-padded, lengths).

    Runs in float32 with autocast off (the features equal those the reader
    dumps), without gradients, on the device of ``waves``.
    """
    if reader.device != waves.device:
        reader.to(waves.device)
    with torch.no_grad(), torch.autocast(waves.device.type, enabled=False):
        feats = [reader.extract([wave[:length].float()])[0] for wave, length in zip(waves, lengths.tolist())]
    feats = [f.to(waves.device).clone() for f in feats]  # outside inference mode: usable in autograd graphs
    frames = torch.tensor([len(f) for f in feats], device=waves.device, dtype=torch.long)
    return torch.nn.utils.rnn.pad_sequence(feats, batch_first=True), frames


class UnitEmbeddingFrontend(AbsFrontend):
    """Unit ids, continuous features or waveforms -> (B, T, embed_dim) embeddings; see the module docstring.

    Args:
        num_units: K, the number of k-means clusters (rows of E).
        embed_dim: width of E and of the frontend output.
        centroids: the (K, D) ``.npy`` centroid file read when the model is
            built for training; a trained model brings its own in its state
            (the file need not exist any more when it is loaded).
        reader: the feature reader config (``{type: ssl, model: ..., layer: ...}``)
            the units were computed with; needed for waveform input.
        assignment: ``hard`` or ``soft``, for features and waveforms.
        tau: soft-assignment temperature (>= 0; 0 is hard).
        topk: keep only the topk most probable clusters in soft assignment.
        input_kind: ``units`` (ids) or ``audio`` (waveforms) for 2-D input.
    """

    #: Buffers that are equal on every DDP rank and never change: not broadcast by DDP.
    no_sync_buffers = ("centroids",)

    def __init__(
        self,
        num_units: int,
        embed_dim: int = 256,
        centroids: str | torch.Tensor | None = None,
        reader: dict | None = None,
        assignment: str = "hard",
        tau: float = 1.0,
        topk: int | None = None,
        input_kind: str = "units",
    ):
        super().__init__()
        if num_units < 1 or embed_dim < 1:
            raise ConfigError(f"unit_embedding: num_units and embed_dim must be >= 1, got {num_units}, {embed_dim}")
        if reader is not None and not isinstance(reader, dict):
            raise ConfigError(f"unit_embedding: reader must be a feature reader config (a mapping), got {reader!r}")
        self.num_units = num_units
        self.embedding = torch.nn.Embedding(num_units, embed_dim)
        self.register_buffer("centroids", torch.zeros(0, 0, dtype=torch.float64))
        self.reader_conf = reader
        self._reader: FeatureReader | None = None  # a plain attribute: not a submodule, not in the state dict
        self.assignment, self.tau, self.topk, self.input_kind = "hard", 1.0, None, "units"
        self.set_assignment(assignment=assignment, tau=tau, topk=topk, input_kind=input_kind)
        if isinstance(centroids, torch.Tensor) or (centroids is not None and Path(centroids).exists()):
            self.set_centroids(centroids)
        elif centroids is not None:
            log.warning("unit_embedding: no centroid file %s; the centroids come from the model's state", centroids)

    def output_size(self) -> int:
        """Width of the output embeddings (``embed_dim``)."""
        return self.embedding.embedding_dim

    def set_assignment(
        self,
        assignment: str | None = None,
        tau: float | None = None,
        topk: int | None = None,
        input_kind: str | None = None,
    ) -> None:
        """Change how continuous features and waveforms are assigned (e.g. at inference); None keeps a setting.

        ``topk=0`` switches truncation off.
        """
        if assignment is not None and assignment not in ASSIGNMENTS:
            raise ConfigError(f"unit_embedding: assignment must be one of {ASSIGNMENTS}, got {assignment!r}")
        if tau is not None and not tau >= 0:
            raise ConfigError(f"unit_embedding: tau must be >= 0 (0: hard), got {tau}")
        if topk is not None and topk < 0:
            raise ConfigError(f"unit_embedding: topk must be >= 1 (0 = all clusters), got {topk}")
        if input_kind is not None and input_kind not in INPUT_KINDS:
            raise ConfigError(f"unit_embedding: input_kind must be one of {INPUT_KINDS}, got {input_kind!r}")
        self.assignment = assignment or self.assignment
        self.tau = self.tau if tau is None else float(tau)
        self.topk = self.topk if topk is None else (topk or None)
        self.input_kind = input_kind or self.input_kind

    def set_centroids(self, centroids: str | os.PathLike | torch.Tensor) -> None:
        """Take the (K, D) centroids of a file or tensor; K must be ``num_units``."""
        name = "centroid tensor" if isinstance(centroids, torch.Tensor) else str(centroids)
        matrix = centroids if isinstance(centroids, torch.Tensor) else load_centroids(centroids)
        if matrix.dim() != 2 or matrix.shape[0] != self.num_units:
            raise ConfigError(
                f"{name}: centroids of shape {tuple(matrix.shape)} do not fit the embedding table "
                f"of {self.num_units} rows (num_units)"
            )
        self.centroids = matrix.detach().to(device=self.embedding.weight.device, dtype=torch.float64)

    def _load_from_state_dict(self, state_dict, prefix, *args, **kwargs):
        # Stored centroids replace the (possibly empty) ones the model was built with, whatever their shape;
        # a model trained without any keeps those it was built with.
        key = prefix + "centroids"
        stored = state_dict.get(key)
        if stored is not None and stored.numel():
            self.set_centroids(stored)
        elif stored is not None:
            state_dict[key] = self.centroids
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)

    def require_centroids(self) -> torch.Tensor:
        """The (K, D) float32 centroids; ConfigError when the model has none (needed for features and audio)."""
        if self.centroids.numel() == 0:
            raise ConfigError("unit_embedding: continuous features need centroids (frontend_conf centroids=...)")
        return self.centroids.float()

    @property
    def reader(self) -> FeatureReader:
        """The feature reader of ``reader_conf``, built on first use (ConfigError without a conf)."""
        if self._reader is None:
            if self.reader_conf is None:
                raise ConfigError("unit_embedding: waveform input needs the feature reader conf (frontend_conf reader)")
            self._reader = build_reader({**self.reader_conf, "device": str(self.embedding.weight.device)})
        return self._reader

    def forward(self, input: torch.Tensor, input_lengths: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(B, T) unit ids, (B, T, D) features or (B, samples) audio, with lengths -> ((B, T, embed_dim), lengths)."""
        if input.dim() == 2 and self.input_kind == "audio":
            input, input_lengths = waveform_features(self.reader, input, input_lengths)
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
        values = input[valid].double()
        bad = (values != values.round()) | (values < 0) | (values >= self.num_units)
        if bad.any():
            raise DataError(
                f"unit_embedding: unit id {values[bad][0].item():g} is not an integer in [0, {self.num_units}) "
                f"(num_units={self.num_units}; embedding row k belongs to cluster id k)"
            )
        return input.double().round().long().masked_fill(~valid, 0)

    def embed_features(self, feats: torch.Tensor) -> torch.Tensor:
        """Hard or soft embeddings of (B, T, D) features, frame by frame, per the current assignment."""
        centroids = self.require_centroids()
        frames = feats.reshape(-1, feats.shape[-1])
        if self.assignment == "hard" or self.tau == 0:
            embedded = self.embedding(hard_assign(frames, centroids))
        else:
            embedded = expected_embedding(frames, centroids, self.embedding.weight, self.tau, self.topk)
        return embedded.reshape(*feats.shape[:-1], -1)
