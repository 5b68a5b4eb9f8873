"""The feature reader interface and its registry.

A feature reader turns mono waveforms at ``sample_rate`` into (frames, dim)
float32 matrices. Readers are registered by name and built from a plain
config dict (``{"type": "mfcc", ...}``), which is what recipes keep in
``conf/feats/*.yaml``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable

import torch

from softassign.errors import ConfigError

READERS: dict[str, type[FeatureReader]] = {}


def register_reader(name: str) -> Callable[[type[FeatureReader]], type[FeatureReader]]:
    """Class decorator: make a FeatureReader buildable as ``{"type": name, ...}``."""

    def wrap(cls: type[FeatureReader]) -> type[FeatureReader]:
        READERS[name] = cls
        return cls

    return wrap


def build_reader(config: dict) -> FeatureReader:
    """Build a registered reader from ``{"type": name, **options}``."""
    config = dict(config)
    name = config.pop("type", None)
    if name not in READERS:
        raise ConfigError(f"unknown feature reader type {name!r}; known: {sorted(READERS)}")
    try:
        return READERS[name](**config)
    except TypeError as err:
        raise ConfigError(f"feature reader {name!r}: {err}") from err


class FeatureReader(ABC):
    """Waveforms in, (frames, dim) feature matrices out."""

    #: Input sample rate in Hz; other rates are resampled to it on load.
    sample_rate: int = 16000
    #: Seconds between consecutive frames.
    frame_shift: float
    #: Feature dimension.
    dim: int

    def __init__(self, device: str = "cpu"):
        self.device = torch.device(device)

    def to(self, device: str | torch.device) -> FeatureReader:
        """Compute on ``device`` from now on (subclasses holding models move them too); returns self."""
        self.device = torch.device(device)
        return self

    @abstractmethod
    def extract(self, waves: list[torch.Tensor]) -> list[torch.Tensor]:
        """Features for a batch of 1-D waveforms, one (frames, dim) CPU float32 tensor each."""
