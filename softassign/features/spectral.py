"""Kaldi-compatible spectral features (torchaudio.compliance.kaldi): MFCC and log-mel fbank."""

from __future__ import annotations

from abc import abstractmethod

import torch
import torchaudio.compliance.kaldi as kaldi
import torchaudio.functional

from softassign.features.base import FeatureReader, register_reader


class _KaldiReader(FeatureReader):
    frame_shift = 0.01

    def __init__(self, deltas: bool = False, cmn: bool = True, cvn: bool = False, device: str = "cpu", **options):
        super().__init__(device)
        self.deltas = deltas
        self.cmn = cmn
        self.cvn = cvn
        self.options = options
        self._compute(torch.zeros(1, 400))  # rejects unknown Kaldi options now, not mid-dump

    @abstractmethod
    def _compute(self, wave: torch.Tensor) -> torch.Tensor:
        """Kaldi features of a (1, samples) waveform scaled to 16-bit range."""

    def _one(self, wave: torch.Tensor) -> torch.Tensor:
        feats = self._compute(wave.to(self.device)[None, :] * 32768.0)
        if self.cmn:
            feats = feats - feats.mean(0, keepdim=True)
        if self.deltas:
            d1 = torchaudio.functional.compute_deltas(feats.T)
            d2 = torchaudio.functional.compute_deltas(d1)
            feats = torch.cat([feats, d1.T, d2.T], dim=1)
        if self.cvn:  # Kaldi's apply-cmvn --norm-vars, over the final dims: each dim weighs alike in k-means
            feats = (feats - feats.mean(0, keepdim=True)) / feats.std(0, keepdim=True, correction=0).clamp_min(1e-5)
        return feats.float().cpu()

    def extract(self, waves: list[torch.Tensor]) -> list[torch.Tensor]:
        """Per-utterance features (cepstral mean normalised, optional deltas, optional variance normalised)."""
        return [self._one(w) for w in waves]


@register_reader("mfcc")
class MfccReader(_KaldiReader):
    """Kaldi MFCC (13 coefficients by default), 10 ms shift; ``deltas`` makes it 39-dim."""

    def __init__(self, num_ceps: int = 13, **kwargs):
        super().__init__(num_ceps=num_ceps, **kwargs)
        self.dim = num_ceps * (3 if self.deltas else 1)

    def _compute(self, wave: torch.Tensor) -> torch.Tensor:
        return kaldi.mfcc(wave, sample_frequency=self.sample_rate, dither=0.0, **self.options)


@register_reader("fbank")
class FbankReader(_KaldiReader):
    """Kaldi log-mel filterbank (80 bins by default), 10 ms shift."""

    def __init__(self, num_mel_bins: int = 80, **kwargs):
        super().__init__(num_mel_bins=num_mel_bins, **kwargs)
        self.dim = num_mel_bins * (3 if self.deltas else 1)

    def _compute(self, wave: torch.Tensor) -> torch.Tensor:
        return kaldi.fbank(wave, sample_frequency=self.sample_rate, dither=0.0, **self.options)
