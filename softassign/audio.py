"""Audio loading for wav.scp entries: files, ``cmd |`` pipes and segments, resampled and checked."""

from __future__ import annotations

import io
import struct
import subprocess

import numpy as np
import soundfile
import torch
import torchaudio.functional

from softassign.datadir import Segment, space_in_id_hint
from softassign.errors import DataError

#: WAV format tags whose data chunk holds whole frames of ``block_align`` bytes (PCM, float, A-law, mu-law).
_UNCOMPRESSED_WAV = {1, 3, 6, 7}
#: WAV format tag whose real format is the first two bytes of the sub-format GUID (offset 24 of ``fmt ``).
_EXTENSIBLE_WAV = 0xFFFE
#: Data chunk sizes that streaming writers put in the header when the length is not known.
_UNKNOWN_WAV_SIZES = {0, 0xFFFFFFFF}


def _read_entry(entry: str) -> tuple[np.ndarray, int]:
    if entry.endswith("|"):
        proc = subprocess.run(entry[:-1], shell=True, capture_output=True, check=False)
        if proc.returncode != 0:
            raise OSError(f"command exited with {proc.returncode}: {proc.stderr.decode(errors='replace')[-300:]}")
        return soundfile.read(io.BytesIO(proc.stdout), dtype="float32", always_2d=True)
    return soundfile.read(entry, dtype="float32", always_2d=True)


def _is_uncompressed(fmt: bytes) -> bool:
    tag = struct.unpack_from("<H", fmt)[0]
    if tag == _EXTENSIBLE_WAV and len(fmt) >= 26:
        tag = struct.unpack_from("<H", fmt, 24)[0]
    return tag in _UNCOMPRESSED_WAV


def _wav_header_frames(path: str) -> int | None:
    """Number of frames the data chunk of an uncompressed RIFF/WAVE file's header declares.

    None for other files (compressed or non-WAV formats) and for streamed
    WAVs whose header holds no length (data size 0 or 0xFFFFFFFF). Reads
    the header only. (libsndfile clips its frame count to what the file
    holds, so ``soundfile.info(path).frames`` cannot reveal a truncation.)
    """
    with open(path, "rb") as f:
        riff = f.read(12)
        if len(riff) < 12 or riff[:4] != b"RIFF" or riff[8:] != b"WAVE":
            return None
        fmt = b""
        while len(header := f.read(8)) == 8:
            chunk, size = struct.unpack("<4sI", header)
            if chunk == b"data":
                block_align = struct.unpack_from("<H", fmt, 12)[0] if len(fmt) >= 14 else 0
                if not block_align or not _is_uncompressed(fmt) or size in _UNKNOWN_WAV_SIZES:
                    return None
                return size // block_align
            pad = size & 1
            if chunk == b"fmt ":
                fmt = f.read(size)
                size -= len(fmt)
            f.seek(size + pad, io.SEEK_CUR)
    return None


def _check_complete(entry: str, where: str, frames: int) -> None:
    if entry.endswith("|"):
        return
    declared = _wav_header_frames(entry)
    if declared is not None and declared != frames:
        raise DataError(f"{where} is truncated: header says {declared} samples, file holds {frames}")


def _cut_segment(wave: torch.Tensor, rate: int, segment: Segment, where: str, max_overshoot: float) -> torch.Tensor:
    duration = wave.numel() / rate
    recording = f"recording {segment.recording!r} ({duration:.3f} s)"
    if segment.start >= duration:
        raise DataError(f"{where}: segment starts at {segment.start} s, at or past the end of {recording}")
    if segment.end > duration + max_overshoot:
        raise DataError(
            f"{where}: segment ends at {segment.end} s, {segment.end - duration:.3f} s past the end of {recording}"
            f" (at most {max_overshoot} s is clipped)"
        )
    return wave[int(segment.start * rate) : int(min(segment.end, duration) * rate)]


def load_audio(
    entry: str, sample_rate: int, utt: str, segment: Segment | None = None, max_overshoot: float = 0.5
) -> torch.Tensor:
    """Load one utterance as a mono float32 tensor at ``sample_rate``.

    ``entry`` is a wav.scp value (a path, or a shell command ending in ``|``
    that writes audio to stdout). Multi-channel audio is averaged to mono,
    other sample rates are resampled. As in Kaldi's extract-segments, a
    segment ending at most ``max_overshoot`` seconds past its recording is
    clipped to the recording's end. Raises DataError naming ``utt`` and the
    entry when the audio cannot be read, is a truncated WAV file, is empty
    or holds NaN/inf, or when the segment starts at or past the recording's
    end or ends more than ``max_overshoot`` past it.
    """
    where = f"utterance {utt}: audio {entry!r}"
    try:
        samples, rate = _read_entry(entry)
    except (OSError, RuntimeError, soundfile.LibsndfileError) as err:
        raise DataError(f"utterance {utt}: cannot read audio {entry!r}: {err}{space_in_id_hint(entry)}") from err
    _check_complete(entry, where, len(samples))
    wave = torch.from_numpy(samples.mean(axis=1))
    if segment is not None:
        wave = _cut_segment(wave, rate, segment, where, max_overshoot)
    if wave.numel() == 0:
        raise DataError(f"{where} is empty")
    if not torch.isfinite(wave).all():
        raise DataError(f"{where} contains NaN or infinite samples")
    if rate != sample_rate:
        wave = torchaudio.functional.resample(wave, rate, sample_rate)
    return wave.contiguous()
