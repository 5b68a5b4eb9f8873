"""The unit vocoder: an embedding table E (row k = cluster id k) in front of ESPnet's HiFi-GAN generator.

Training always looks up hard ids. At inference the generator input is either
E[ids] (hard), E[argmin_k D_k(x)] from continuous features (hard from
features), or z = sum_k p(k|x) E[k] (soft, :func:`softassign.units.assign.expected_embedding`).
"""

from __future__ import annotations

import dataclasses
import os
import pickle

import torch
from espnet2.gan_tts.hifigan import HiFiGANGenerator

from softassign.checkpoint import save_atomic
from softassign.errors import ConfigError, DataError
from softassign.units.assign import check_dims, expected_embedding, hard_assign
from softassign.vocoder.config import VocoderConfig, from_dict


class UnitVocoder(torch.nn.Module):
    """Unit ids (B, T) -> waveform (B, 1, T * hop_length) through E and a HiFi-GAN generator."""

    def __init__(self, config: VocoderConfig):
        super().__init__()
        self.config = config
        self.embedding = torch.nn.Embedding(config.num_units, config.embed_dim)
        try:
            self.generator = HiFiGANGenerator(**config.generator_kwargs())
        except (TypeError, AssertionError) as err:
            raise ConfigError(f"vocoder.generator {config.generator}: {err or 'invalid options'}") from err

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        """Waveforms (B, 1, T * hop_length) of unit id batches (B, T)."""
        return self.decode(self.embedding(ids))

    def decode(self, embedded: torch.Tensor) -> torch.Tensor:
        """Waveforms (B, 1, T * hop_length) of embedded unit frames (B, T, embed_dim)."""
        return self.generator(embedded.transpose(1, 2))

    @property
    def device(self) -> torch.device:
        """The device the parameters live on."""
        return self.embedding.weight.device

    @torch.no_grad()
    def synthesize_ids(self, ids: torch.Tensor) -> torch.Tensor:
        """Hard synthesis: one utterance of unit ids (T,) -> waveform (T * hop_length,) on the CPU."""
        return self(ids.long().to(self.device)[None])[0, 0].cpu()

    @torch.no_grad()
    def synthesize_features(
        self, feats: torch.Tensor, centroids: torch.Tensor, tau: float | None = None, topk: int | None = None
    ) -> torch.Tensor:
        """Synthesis from continuous features (T, D) and centroids (K, D) -> waveform (T * hop_length,).

        ``tau=None`` is hard assignment (nearest centroid, then the usual
        lookup); otherwise the generator input is z = sum_k p(k|x) E[k] with
        p(k|x) = softmax_k(-||x - c_k||^2 / tau), optionally over the ``topk`` nearest clusters.
        """
        if centroids.shape[0] != self.config.num_units:
            raise ConfigError(
                f"{centroids.shape[0]} centroids, but the vocoder has {self.config.num_units} unit embeddings"
            )
        feats, centroids = feats.to(self.device), centroids.to(self.device)
        if tau is None:
            check_dims(feats, centroids)
            return self.synthesize_ids(hard_assign(feats, centroids))
        embedded = expected_embedding(feats, centroids, self.embedding.weight, tau, topk)
        return self.decode(embedded[None])[0, 0].cpu()


def check_unit_ids(ids: torch.Tensor, num_units: int, where: str) -> None:
    """Raise DataError naming ``where`` unless ``ids`` is a non-empty vector of ids in 0..num_units-1."""
    if ids.dim() != 1 or ids.numel() == 0:
        raise DataError(f"{where}: expected a non-empty vector of unit ids, got shape {tuple(ids.shape)}")
    low, high = int(ids.min()), int(ids.max())
    if low < 0 or high >= num_units:
        raise DataError(f"{where}: unit id {low if low < 0 else high} is outside 0..{num_units - 1}")


def vocoder_state(vocoder: UnitVocoder, **extra: object) -> dict:
    """``{"config", "vocoder", **extra}``: what :func:`load_vocoder` reads back."""
    return {"config": dataclasses.asdict(vocoder.config), "vocoder": vocoder.state_dict(), **extra}


def save_vocoder(path: str | os.PathLike, vocoder: UnitVocoder, **extra: object) -> None:
    """Write :func:`vocoder_state` to ``path`` atomically."""
    save_atomic(path, vocoder_state(vocoder, **extra))


def load_vocoder(path: str | os.PathLike, device: str | torch.device = "cpu") -> UnitVocoder:
    """Read a vocoder (final model or training checkpoint) in eval mode on ``device``."""
    try:
        state = torch.load(path, map_location=device, weights_only=True)
        config = from_dict(VocoderConfig, state["config"], f"{path}: vocoder")
    except (OSError, RuntimeError, KeyError, TypeError, pickle.UnpicklingError) as err:
        raise DataError(f"{path}: not a vocoder model ({err})") from err
    vocoder = UnitVocoder(config).to(device)
    vocoder.load_state_dict(state["vocoder"])
    return vocoder.eval()
