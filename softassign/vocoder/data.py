"""Training pairs for the vocoder: random segments of unit ids with the waveform samples they cover.

Unit frame t covers samples ``[t * hop_length, (t + 1) * hop_length)``. Feature
extractors drop or add a frame or two at the edges (HuBERT: one frame per
320 samples after a 400-sample window; Kaldi MFCC with ``snip_edges``), so an
utterance is cut to the frames both sides cover; a larger disagreement means
the units were made at another frame rate and is a DataError.

:class:`StepBatches` makes batch ``s`` a function of the step alone (which utterances, which segments), so
a training resumed from its step-``s`` checkpoint draws the batches an uninterrupted one would.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import kaldiio
import torch

from softassign.arkio import scp_keys
from softassign.audio import load_audio
from softassign.datadir import load_data_dir
from softassign.errors import DataError
from softassign.seeding import epoch_order, step_seed
from softassign.vocoder.model import check_unit_ids

log = logging.getLogger(__name__)

#: Random streams of :func:`softassign.seeding.step_seed`.
ORDER_STREAM, SEGMENT_STREAM = 0, 1

#: Largest tolerated difference, in frames, between the unit count and audio length / hop_length.
MAX_FRAME_MISMATCH = 3


def aligned_frames(num_units: int, num_samples: int, hop_length: int, utt: str) -> int:
    """Frames covered by both the units and the audio of ``utt``; DataError if they disagree by more than a few."""
    audio_frames = num_samples // hop_length
    if abs(num_units - audio_frames) > MAX_FRAME_MISMATCH:
        raise DataError(
            f"utterance {utt}: {num_units} unit frames but {num_samples} samples = {audio_frames} frames "
            f"of {hop_length} samples; were the units made at another frame rate?"
        )
    return min(num_units, audio_frames)


def random_segment(
    ids: torch.Tensor,
    wave: torch.Tensor,
    hop_length: int,
    segment_frames: int,
    generator: torch.Generator | None = None,
) -> tuple[torch.Tensor, torch.Tensor]:
    """A random window of ``segment_frames`` ids and its ``segment_frames * hop_length`` samples.

    ``ids`` must have at least ``segment_frames`` entries and ``wave`` at least
    ``len(ids) * hop_length`` samples.
    """
    start = int(torch.randint(len(ids) - segment_frames + 1, (1,), generator=generator))
    samples = slice(start * hop_length, (start + segment_frames) * hop_length)
    return ids[start : start + segment_frames], wave[samples]


class UnitWaveDataset(torch.utils.data.Dataset):
    """Random aligned (ids (S,), waveform (S * hop_length,)) segments of a units scp and a data dir.

    Every unit vector is read once at construction to check its ids against
    ``num_units``; utterances shorter than ``segment_frames`` are left out.
    Audio is read (and resampled to ``sample_rate``) per item.
    """

    def __init__(
        self,
        units_scp: str | Path,
        data_dir: str | Path,
        num_units: int,
        sample_rate: int,
        hop_length: int,
        segment_frames: int,
    ):
        self.data = load_data_dir(data_dir, require_text=False)
        self.units = kaldiio.load_scp(str(units_scp))
        self.sample_rate, self.hop_length, self.segment_frames = sample_rate, hop_length, segment_frames
        self.utts = [utt for utt in scp_keys(units_scp) if self._usable(utt, units_scp, num_units)]
        if not self.utts:
            raise DataError(f"{units_scp}: no utterance has {segment_frames} or more unit frames")

    def _usable(self, utt: str, units_scp: str | Path, num_units: int) -> bool:
        if utt not in self.data.utt2spk:
            raise DataError(f"{units_scp}: utterance {utt!r} is not in {self.data.path / 'utt2spk'}")
        ids = torch.from_numpy(self.units[utt])
        check_unit_ids(ids, num_units, f"{units_scp}: utterance {utt}")
        if len(ids) < self.segment_frames:
            log.info("leaving out %s: %d unit frames < segment of %d", utt, len(ids), self.segment_frames)
            return False
        return True

    def __len__(self) -> int:
        return len(self.utts)

    def __getitem__(self, item: int | tuple[int, int]) -> tuple[torch.Tensor, torch.Tensor]:
        """A random segment of utterance ``item``, or of ``item[0]`` drawn with the seed ``item[1]``."""
        index, seed = item if isinstance(item, tuple) else (item, None)
        utt = self.utts[index]
        entry, segment = self.data.audio_ref(utt)
        wave = load_audio(entry, self.sample_rate, utt, segment)
        ids = torch.from_numpy(self.units[utt]).long()
        frames = aligned_frames(len(ids), len(wave), self.hop_length, utt)
        if frames < self.segment_frames:
            raise DataError(f"utterance {utt}: audio covers {frames} unit frames < segment of {self.segment_frames}")
        generator = None if seed is None else torch.Generator().manual_seed(seed)
        return random_segment(ids[:frames], wave, self.hop_length, self.segment_frames, generator)


class StepBatches(torch.utils.data.Sampler):
    """Batch sampler from step ``start_step`` on, for ever: ``[(index, segment seed), ...]`` of each step.

    Step s takes positions ``s*B .. s*B+B-1`` of the concatenated seeded epoch permutations of the dataset
    and one seed per position for its segment, so its batch does not depend on the steps before it.
    """

    def __init__(self, size: int, batch_size: int, seed: int, start_step: int = 0):
        self.size, self.batch_size, self.seed, self.start_step = size, batch_size, seed, start_step
        self._order: tuple[int, list[int]] = (-1, [])

    def _index_at(self, position: int) -> int:
        epoch, offset = divmod(position, self.size)
        if self._order[0] != epoch:
            self._order = (epoch, epoch_order(self.seed, ORDER_STREAM, epoch, self.size).tolist())
        return self._order[1][offset]

    def batch(self, step: int) -> list[tuple[int, int]]:
        """The (index, segment seed) pairs of step ``step``."""
        positions = range(step * self.batch_size, (step + 1) * self.batch_size)
        return [(self._index_at(p), step_seed(self.seed, SEGMENT_STREAM, p)) for p in positions]

    def __iter__(self) -> Iterator[list[tuple[int, int]]]:
        step = self.start_step
        while True:
            yield self.batch(step)
            step += 1
