"""Running synthesis programs and writing corpus wavs (16 kHz, mono, 16-bit PCM) atomically."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import soundfile

from softassign import failpoints
from softassign.errors import DataError

SAMPLE_RATE = 16000
TIMEOUT_S = 120
_MIN_PEAK = 1e-3
#: Suffix of the scratch dir in which one wav is made; a process killed mid-write leaves one behind.
PARTIAL_SUFFIX = ".partial"


class SynthesisError(DataError):
    """A voice or audio tool failed to turn a text or a recording into a corpus wav."""


def run_program(argv: list[str], what: str, stdin: str | None = None, timeout: float = TIMEOUT_S) -> str:
    """Run ``argv`` (with ``stdin`` text) and return its stdout; ``what`` names the job in errors."""
    try:
        proc = subprocess.run(
            [str(arg) for arg in argv], input=stdin, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as err:
        raise SynthesisError(f"{what}: {argv[0]} took longer than {timeout} s") from err
    except OSError as err:
        raise SynthesisError(f"{what}: cannot run {argv[0]}: {err}") from err
    if proc.returncode != 0:
        raise SynthesisError(f"{what}: {argv[0]} exited with {proc.returncode}: {proc.stderr.strip()[-300:]}")
    return proc.stdout


def check_audible(path: Path, what: str) -> None:
    """Raise SynthesisError unless ``path`` is a readable, non-empty, non-silent audio file."""
    try:
        samples, _ = soundfile.read(path, dtype="float32")
    except (OSError, RuntimeError, soundfile.LibsndfileError) as err:
        raise SynthesisError(f"{what}: unreadable audio {path}: {err}") from err
    if samples.size == 0 or not np.isfinite(samples).all() or np.abs(samples).max() < _MIN_PEAK:
        raise SynthesisError(f"{what}: the audio is empty or silent")


def write_corpus_wav(target: str | os.PathLike, what: str, make_source: Callable[[Path], None]) -> None:
    """Write ``target`` as a corpus wav from the audio that ``make_source(path)`` writes to ``path``.

    The source is checked (:func:`check_audible`), converted with sox to mono
    16 kHz 16-bit and peak-normalised to -1 dBFS, without dither (sox dithers
    with random noise by default, so reruns would differ in the last bit);
    ``target`` appears only when everything succeeded. The work happens in a
    scratch dir beside ``target`` (see :func:`remove_partial_writes`).
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=f".{target.stem}.", suffix=PARTIAL_SUFFIX) as tmp:
        source, converted = Path(tmp) / "source.wav", Path(tmp) / "converted.wav"
        make_source(source)
        failpoints.reached("corpus_wav")
        check_audible(source, what)
        run_program(
            [
                "sox",
                "--no-dither",
                source,
                "-b",
                "16",
                "-e",
                "signed-integer",
                converted,
                "channels",
                "1",
                "rate",
                str(SAMPLE_RATE),
                "gain",
                "-n",
                "-1",
            ],
            what,
        )
        os.replace(converted, target)


def remove_partial_writes(wav_dir: str | os.PathLike) -> list[Path]:
    """Delete the scratch dirs that killed :func:`write_corpus_wav` calls left in ``wav_dir``; return them.

    Call it only while no other process writes wavs into ``wav_dir``.
    """
    partial = sorted(Path(wav_dir).glob(f".*{PARTIAL_SUFFIX}"))
    for path in partial:
        shutil.rmtree(path)
    return partial


def is_corpus_wav(path: str | os.PathLike) -> bool:
    """True when ``path`` is a non-empty 16 kHz mono 16-bit PCM wav (a finished output)."""
    try:
        info = soundfile.info(str(path))
    except (OSError, RuntimeError, soundfile.LibsndfileError):
        return False
    return info.samplerate == SAMPLE_RATE and info.channels == 1 and info.subtype == "PCM_16" and info.frames > 0
