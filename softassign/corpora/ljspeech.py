"""LJSpeech-1.1 release layout -> Kaldi data dirs, split as ESPnet's ``egs2/ljspeech/tts1`` splits it.

The release (keithito.com/LJ-Speech-Dataset) unpacks to::

    LJSpeech-1.1/metadata.csv
    LJSpeech-1.1/wavs/LJ001-0001.wav ... LJ050-0278.wav     (22.05 kHz mono 16-bit)

``metadata.csv`` has no header and one ``id|transcription|normalized transcription``
line per clip (UTF-8, ``|``-separated, no quoting: a ``"`` is text). The normalized
column (numbers, ordinals and money spelt out) becomes the transcript through
:func:`softassign.text.normalize_transcript`, with square brackets as word breaks.
All clips are one speaker, ``LJ``; wav.scp holds absolute wav paths (the audio is
resampled when read).

Split (ESPnet's local/data.sh: ``subset_data_dir.sh --last`` on the sorted ids):
the last ``dev_utts + eval_utts`` clips are held out, ``dev`` the first
``dev_utts`` of them and ``eval1`` the last ``eval_utts``; ``tr_no_dev`` is
the rest. With the release's 13,100 clips and 250 + 250 that is eval1 =
LJ050-0029 ... LJ050-0278, dev = the 250 clips before, tr_no_dev = 12,600 clips.

Bad input is a DataError naming the path (and line): a missing metadata.csv
or wavs dir, a line without three fields or with a malformed id, a listed clip
without its wav, a wav without its line, a clip listed twice, a transcript
that cannot be normalised.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from softassign.datadir import DataDir, write_data_dir
from softassign.errors import DataError
from softassign.text import normalize_transcript

SPEAKER = "LJ"
TRAIN_SET, DEV_SET, EVAL_SET = "tr_no_dev", "dev", "eval1"
_CLIP_ID = re.compile(r"LJ\d{3}-\d{4}")
_BRACKETS = str.maketrans("[]", "  ")


@dataclass(frozen=True)
class Clip:
    """One LJSpeech clip: id, absolute wav path, normalised transcript."""

    utt: str
    audio: Path
    text: str


def parse_line(line: str, where: str, wav_dir: Path) -> Clip:
    """The clip of one ``id|transcription|normalized transcription`` line (``where`` = file:line for errors)."""
    fields = line.split("|")
    if len(fields) != 3:
        raise DataError(
            f"{where}: expected 'id|transcription|normalized transcription', got {len(fields)} field(s): {line!r}"
        )
    utt, normalized = fields[0].strip(), fields[2]
    if not _CLIP_ID.fullmatch(utt):
        raise DataError(f"{where}: {utt!r} is not an LJSpeech clip id (LJ<3 digits>-<4 digits>)")
    audio = wav_dir / f"{utt}.wav"
    if not audio.is_file():
        raise DataError(f"{where}: clip {utt} has no audio {audio}")
    try:
        text = normalize_transcript(normalized.translate(_BRACKETS))
    except DataError as err:
        raise DataError(f"{where}: clip {utt}: {err}") from err
    if not text:
        raise DataError(f"{where}: clip {utt} has an empty normalized transcription")
    return Clip(utt, audio.resolve(), text)


def read_metadata(corpus_root: str | os.PathLike) -> list[Clip]:
    """Every clip of the release at ``corpus_root`` (the LJSpeech-1.1 dir), in sorted id order."""
    root = Path(corpus_root)
    metadata, wav_dir = root / "metadata.csv", root / "wavs"
    if not metadata.is_file():
        raise DataError(f"{metadata}: no such file (is the corpus root {root} the LJSpeech-1.1 dir?)")
    if not wav_dir.is_dir():
        raise DataError(f"{wav_dir}: no such dir (is the corpus root {root} the LJSpeech-1.1 dir?)")
    clips: dict[str, Clip] = {}
    with open(metadata, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            clip = parse_line(line.rstrip("\r\n"), f"{metadata}:{lineno}", wav_dir)
            if clip.utt in clips:
                raise DataError(f"{metadata}:{lineno}: clip {clip.utt} is listed twice")
            clips[clip.utt] = clip
    unlisted = sorted({p.stem for p in wav_dir.glob("*.wav")} - set(clips))
    if unlisted:
        raise DataError(f"{wav_dir / unlisted[0]}.wav: no line for this clip in {metadata} ({len(unlisted)} unlisted)")
    if not clips:
        raise DataError(f"{metadata}: no clips")
    return [clips[utt] for utt in sorted(clips)]


def split_clips(clips: list[Clip], dev_utts: int, eval_utts: int, where: str) -> dict[str, list[Clip]]:
    """tr_no_dev / dev / eval1 of sorted clips: eval1 = the last ``eval_utts``, dev = the ``dev_utts`` before."""
    if dev_utts < 1 or eval_utts < 1:
        raise DataError(f"{where}: dev and eval1 need at least one clip each (got {dev_utts} and {eval_utts})")
    held_out = dev_utts + eval_utts
    if len(clips) <= held_out:
        raise DataError(
            f"{where}: {len(clips)} clips leave none for {TRAIN_SET} after {dev_utts} {DEV_SET} "
            f"and {eval_utts} {EVAL_SET} clips"
        )
    return {TRAIN_SET: clips[:-held_out], DEV_SET: clips[-held_out:-eval_utts], EVAL_SET: clips[-eval_utts:]}


def prepare_sets(
    corpus_root: str | os.PathLike, data_root: str | os.PathLike, dev_utts: int = 250, eval_utts: int = 250
) -> dict[str, DataDir]:
    """Write ``data_root/{tr_no_dev,dev,eval1}`` (wav.scp, text, utt2spk, spk2utt); returns the dirs.

    The whole corpus is read and checked before the first dir is written.
    """
    clips = read_metadata(corpus_root)
    sets = split_clips(clips, dev_utts, eval_utts, str(Path(corpus_root) / "metadata.csv"))
    return {
        name: write_data_dir(
            Path(data_root) / name,
            wav_scp={c.utt: str(c.audio) for c in members},
            text={c.utt: c.text for c in members},
            utt2spk={c.utt: SPEAKER for c in members},
        )
        for name, members in sets.items()
    }
