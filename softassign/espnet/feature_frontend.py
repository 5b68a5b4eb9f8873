"""ESPnet ASR frontend that computes a frozen feature layer on the fly: the continuous-feature baseline.

Registered as ``frontend: feature_reader`` with ``frontend_conf: {reader: {type: ssl, model: wavlm_large,
layer: 21}}`` (any :mod:`softassign.features` reader config). Like ESPnet's s3prl frontend, the model reads
waveforms (``wav.scp``) and runs the upstream model itself, so no features of the training set are stored:
the baseline sees exactly the layer the units were clustered on, computed by the same reader, float32, one
utterance at a time (:func:`softassign.espnet.frontend.waveform_features`).

The upstream model is frozen and is not part of the ASR model: not a submodule, not in the state dict or
the checkpoints (a WavLM Large would add 1.2 GB to each), not seen by the optimiser or DDP. It is rebuilt
from its config (its torchaudio bundle or checkpoint) whenever the model is built. (B, T, D) input is taken
as features already computed by that reader (dumped features) and passed through.
"""

from __future__ import annotations

import torch
from espnet2.asr.frontend.abs_frontend import AbsFrontend

from softassign.errors import ConfigError, DataError
from softassign.espnet.frontend import waveform_features
from softassign.features.base import FeatureReader, build_reader


class FeatureReaderFrontend(AbsFrontend):
    """(B, samples) waveforms -> (B, T, D) features of a frozen reader; see the module docstring."""

    def __init__(self, reader: dict):
        super().__init__()
        if not isinstance(reader, dict):
            raise ConfigError(f"feature_reader: reader must be a feature reader config (a mapping), got {reader!r}")
        self.reader_conf = reader
        self._reader: FeatureReader = build_reader(reader)  # a plain attribute: not a submodule

    @property
    def reader(self) -> FeatureReader:
        """The frozen feature reader."""
        return self._reader

    def output_size(self) -> int:
        """The feature dimension."""
        return self._reader.dim

    def forward(self, input: torch.Tensor, input_lengths: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(B, samples) waveforms (or (B, T, D) features) with lengths -> ((B, T, D) features, frame lengths)."""
        if input.dim() == 3:
            return input, input_lengths
        if input.dim() != 2:
            raise DataError(f"feature_reader: expected (B, samples) waveforms, got {tuple(input.shape)}")
        return waveform_features(self._reader, input, input_lengths)
