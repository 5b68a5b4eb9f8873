"""Audio loading for wav.scp entries: files, ``cmd |`` pipes and segments, resampled and checked."""

from __future__ import annotations

import io
import subprocess

import numpy as np
import soundfile
import torch
import torchaudio.functional

from softassign.datadir import Segment
from softassign.errors import DataError


def _read_entry(entry: str) -> tuple[np.ndarray, int]:
    if entry.endswith("|"):
        proc = subprocess.run(entry[:-1], shell=True, capture_output=True, check=False)
        if proc.returncode != 0:
            raise OSError(f"command exited with {proc.returncode}: {proc.stderr.decode(errors='replace')[-300:]}")
        return soundfile.read(io.BytesIO(proc.stdout), dtype="float32", always_2d=True)
    return soundfile.read(entry, dtype="float32", always_2d=True)


def load_audio(entry: str, sample_rate: int, utt: str, segment: Segment | None = None) -> torch.Tensor:
    """Load one utterance as a mono float32 tensor at ``sample_rate``.

    ``entry`` is a wav.scp value (a path, or a shell command ending in ``|``
    that writes audio to stdout). Multi-channel audio is averaged to mono,
    other sample rates are resampled. Raises DataError naming ``utt`` and the
    entry when the audio cannot be read, is empty or holds NaN/inf.
    """
    try:
        samples, rate = _read_entry(entry)
    except (OSError, RuntimeError, soundfile.LibsndfileError) as err:
        raise DataError(f"utterance {utt}: cannot read audio {entry!r}: {err}") from err
    wave = torch.from_numpy(samples.mean(axis=1))
    if segment is not None:
        wave = wave[int(segment.start * rate) : int(segment.end * rate)]
    if wave.numel() == 0:
        raise DataError(f"utterance {utt}: audio {entry!r} is empty")
    if not torch.isfinite(wave).all():
        raise DataError(f"utterance {utt}: audio {entry!r} contains NaN or infinite samples")
    if rate != sample_rate:
        wave = torchaudio.functional.resample(wave, rate, sample_rate)
    return wave.contiguous()
