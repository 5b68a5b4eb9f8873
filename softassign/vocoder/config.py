"""The vocoder YAML config: a ``vocoder`` section (the model) and a ``train`` section.

::

    vocoder:                  # stored in every checkpoint; inference needs nothing else
      num_units: 100          # K, the number of k-means clusters (or pass --num_units)
      sample_rate: 16000
      hop_length: 320         # waveform samples per unit frame: 20 ms at 16 kHz
      embed_dim: 128
      generator: {channels: 256, upsample_scales: [10, 8, 2, 2]}   # HiFiGANGenerator options
    train:
      segment_frames: 32
      discriminator: {...}    # HiFiGANMultiScaleMultiPeriodDiscriminator options
      mel_loss: {...}         # MelSpectrogramLoss options (fs comes from sample_rate)

Unknown keys are a ConfigError naming the section, so a typo never falls back
to a default silently.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any, TypeVar

from softassign.errors import ConfigError

T = TypeVar("T")


@dataclass
class VocoderConfig:
    """Shape of a :class:`softassign.vocoder.model.UnitVocoder`."""

    num_units: int
    sample_rate: int = 16000
    hop_length: int = 320
    embed_dim: int = 128
    generator: dict[str, Any] = field(default_factory=dict)

    def generator_kwargs(self) -> dict[str, Any]:
        """Options for ESPnet's HiFiGANGenerator: input = embedding, kernel sizes = 2 x scales.

        Raises ConfigError unless the upsampling scales multiply to ``hop_length``.
        """
        scales = self.generator.get("upsample_scales", [10, 8, 2, 2])
        if math.prod(scales) != self.hop_length:
            raise ConfigError(
                f"vocoder.generator.upsample_scales {scales} multiply to {math.prod(scales)}, "
                f"but hop_length is {self.hop_length} samples per unit frame"
            )
        return {
            **self.generator,
            "in_channels": self.embed_dim,
            "upsample_scales": list(scales),
            "upsample_kernel_sizes": [2 * s for s in scales],
        }


@dataclass
class TrainConfig:
    """Training options (HiFi-GAN V1 loss weights and Adam settings by default)."""

    segment_frames: int = 32
    batch_size: int = 16
    max_steps: int = 200000
    learning_rate: float = 2.0e-4
    betas: tuple[float, float] = (0.8, 0.99)
    mel_loss_weight: float = 45.0
    feat_match_weight: float = 2.0
    adversarial_weight: float = 1.0
    adversarial_start_step: int = 0
    checkpoint_every: int = 5000
    keep_checkpoints: int = 2
    log_every: int = 100
    num_workers: int = 0
    seed: int = 0
    discriminator: dict[str, Any] = field(default_factory=dict)
    mel_loss: dict[str, Any] = field(default_factory=dict)


def from_dict(cls: type[T], values: dict[str, Any], section: str) -> T:
    """Build dataclass ``cls`` from a mapping; unknown or missing keys raise ConfigError naming ``section``."""
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(values) - names)
    if unknown:
        raise ConfigError(f"{section}: unknown option(s) {unknown}; known: {sorted(names)}")
    try:
        return cls(**values)
    except TypeError as err:
        raise ConfigError(f"{section}: {err}") from err


def parse_config(config: dict[str, Any], where: str, **vocoder_overrides: Any) -> tuple[VocoderConfig, TrainConfig]:
    """Split a parsed YAML mapping (from file ``where``) into vocoder and training configs.

    ``vocoder_overrides`` (e.g. ``num_units=K`` from the command line) replace ``vocoder`` keys.
    """
    if set(config) - {"vocoder", "train"}:
        raise ConfigError(f"{where}: expected only the sections 'vocoder' and 'train', got {sorted(config)}")
    vocoder = {**(config.get("vocoder") or {}), **vocoder_overrides}
    return (
        from_dict(VocoderConfig, vocoder, f"{where}: vocoder"),
        from_dict(TrainConfig, config.get("train") or {}, f"{where}: train"),
    )
