"""Masked-prediction batches for HuBERT: random aligned crops of waveforms and their frame labels.

The labels of an utterance are its ids in a units scp (for HuBERT's first
iteration, k-means ids of MFCC at 100 frames a second), of which every
``units_stride``-th is kept to match the model's frame rate (2: 100 -> 50 Hz).
Model frame t sees samples ``[t * hop, t * hop + window)`` (HuBERT: hop 320,
window 400). Feature extractors disagree by a frame or two at the edges, so the
labels are trimmed to the frames the audio gives; a larger disagreement means
the units were made at another frame rate and is a DataError.

Batch ``step`` depends on (seed, step) only: utterances come in per-epoch
permutations seeded by (seed, epoch), crop starts from a generator seeded by
(seed, step), so a resumed run sees exactly the batches of an uninterrupted one.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from pathlib import Path

import kaldiio
import numpy as np
import torch

from softassign.arkio import scp_keys
from softassign.audio import load_audio
from softassign.datadir import load_data_dir
from softassign.errors import DataError
from softassign.seeding import epoch_order, step_seed
from softassign.vocoder.data import MAX_FRAME_MISMATCH
from softassign.vocoder.model import check_unit_ids

log = logging.getLogger(__name__)

#: Random streams of :func:`step_seed`.
ORDER_STREAM, CROP_STREAM, MODEL_STREAM = 0, 1, 2


@dataclass(frozen=True)
class FrameGeometry:
    """Where the frames of a convolutional feature extractor lie in the waveform."""

    window: int  # samples one frame sees
    hop: int  # samples between frames

    @classmethod
    def of(cls, conv_layers: list[tuple[int, int, int]]) -> FrameGeometry:
        """The geometry of a torchaudio extractor config ``[(channels, kernel, stride), ...]``."""
        window = 1
        for _, kernel, stride in reversed(conv_layers):
            window = (window - 1) * stride + kernel
        return cls(window, math.prod(stride for _, _, stride in conv_layers))

    def frames(self, num_samples: int) -> int:
        """Frames the extractor makes from ``num_samples`` samples."""
        return max(0, (num_samples - self.window) // self.hop + 1)

    def samples(self, num_frames: int) -> int:
        """Samples that make exactly ``num_frames`` frames."""
        return self.window + (num_frames - 1) * self.hop


def align_labels(labels: torch.Tensor, num_samples: int, geometry: FrameGeometry, where: str) -> torch.Tensor:
    """``labels`` trimmed to the frames of ``num_samples`` samples; DataError naming ``where`` on a mismatch."""
    frames = geometry.frames(num_samples)
    if abs(len(labels) - frames) > MAX_FRAME_MISMATCH:
        raise DataError(
            f"{where}: {len(labels)} label frames but the audio ({num_samples} samples) gives {frames} frames "
            f"of {geometry.hop} samples; were the units made at another frame rate (see --units_stride)?"
        )
    return labels[:frames]


class PretrainBatches:
    """``batches(step)`` -> (waveforms (B, S), labels (B, T)): random crops of equal length, labels aligned.

    Every crop of a batch has the length of the shortest utterance in it, at
    most ``crop_frames`` frames (as torchaudio's HuBERT recipe crops to the
    shortest), so no padding is needed. Unit ids are read and checked against
    ``num_classes`` at construction; utterances with fewer than ``min_frames``
    labels are left out. Audio is read per batch.
    """

    def __init__(
        self,
        data_dir: str | Path,
        units_scp: str | Path,
        num_classes: int,
        geometry: FrameGeometry,
        batch_size: int,
        crop_frames: int,
        units_stride: int = 2,
        min_frames: int = 32,
        seed: int = 0,
        sample_rate: int = 16000,
    ):
        self.data = load_data_dir(data_dir, require_text=False)
        self.units_scp, self.geometry, self.sample_rate = Path(units_scp), geometry, sample_rate
        self.batch_size, self.crop_frames, self.seed = batch_size, crop_frames, seed
        self.labels = self._read_labels(num_classes, units_stride, min_frames)
        self.utts = sorted(self.labels)
        self._epoch_order: tuple[int, np.ndarray] | None = None

    def _read_labels(self, num_classes: int, units_stride: int, min_frames: int) -> dict[str, torch.Tensor]:
        units = kaldiio.load_scp(str(self.units_scp))
        labels = {}
        for utt in scp_keys(self.units_scp):
            where = f"{self.units_scp}: utterance {utt}"
            if utt not in self.data.utt2spk:
                raise DataError(f"{where} is not in {self.data.path / 'utt2spk'}")
            # the kept ids only (a strided view would hold every id of the units file in memory), as int32: half
            # of int64's memory (LibriSpeech 960 h at 50 Hz: 0.7 GB); the logit generator widens a batch's ids
            ids = torch.from_numpy(np.asarray(units[utt])[::units_stride].astype(np.int32))
            check_unit_ids(ids, num_classes, where)
            if len(ids) < min_frames:
                log.info("leaving out %s: %d label frames < %d", utt, len(ids), min_frames)
                continue
            labels[utt] = ids
        if not labels:
            raise DataError(f"{self.units_scp}: no utterance has {min_frames} or more label frames")
        return labels

    def utterances(self, step: int) -> list[str]:
        """The utterances of batch ``step``: positions step*B .. step*B+B-1 of the epoch permutations."""
        return [
            self._utterance_at(position) for position in range(step * self.batch_size, (step + 1) * self.batch_size)
        ]

    def _utterance_at(self, position: int) -> str:
        epoch, index = divmod(position, len(self.utts))
        if self._epoch_order is None or self._epoch_order[0] != epoch:
            self._epoch_order = (epoch, epoch_order(self.seed, ORDER_STREAM, epoch, len(self.utts)))
        return self.utts[self._epoch_order[1][index]]

    def aligned(self, utt: str) -> tuple[torch.Tensor, torch.Tensor]:
        """(waveform, labels trimmed to its frames) of one utterance."""
        entry, segment = self.data.audio_ref(utt)
        wave = load_audio(entry, self.sample_rate, utt, segment)
        return wave, align_labels(self.labels[utt], len(wave), self.geometry, f"{self.units_scp}: utterance {utt}")

    def __call__(self, step: int) -> tuple[torch.Tensor, torch.Tensor]:
        """The batch of training step ``step``."""
        pairs = [self.aligned(utt) for utt in self.utterances(step)]
        frames = min(self.crop_frames, *(len(labels) for _, labels in pairs))
        rng = np.random.default_rng(step_seed(self.seed, CROP_STREAM, step))
        waves, labels = [], []
        for wave, utt_labels in pairs:
            start = int(rng.integers(len(utt_labels) - frames + 1))
            offset = start * self.geometry.hop
            waves.append(wave[offset : offset + self.geometry.samples(frames)])
            labels.append(utt_labels[start : start + frames])
        return torch.stack(waves), torch.stack(labels)
