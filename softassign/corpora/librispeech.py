"""LibriSpeech release layout -> Kaldi data dirs.

The release (openslr.org/12) unpacks to::

    LibriSpeech/<split>/<reader>/<chapter>/<reader>-<chapter>-<utt>.flac
    LibriSpeech/<split>/<reader>/<chapter>/<reader>-<chapter>.trans.txt

with one ``<reader>-<chapter>-<utt> UPPER CASE TRANSCRIPT`` line per flac in
the chapter's ``trans.txt``. A data set (:data:`DATA_SETS`) is one split
(``test_clean`` = ``test-clean``) or a union of splits (``train_960``,
``dev``). Utterance ids are the flac names; the speaker is
``<reader>-<chapter>`` as in Kaldi's LibriSpeech recipe (so every utterance
id starts with its speaker id); wav.scp holds absolute flac paths
(soundfile reads flac); transcripts go through
:func:`softassign.text.normalize_transcript`.

Every flac must have a transcript line and every line a flac: a mismatch,
a chapter without its ``trans.txt`` or a missing split dir is a DataError
naming the path.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from softassign.datadir import DataDir, read_table, write_data_dir
from softassign.errors import ConfigError, DataError
from softassign.text import normalize_transcript

#: Data set name -> the release splits it is made of.
DATA_SETS: dict[str, tuple[str, ...]] = {
    "train_clean_100": ("train-clean-100",),
    "train_clean_360": ("train-clean-360",),
    "train_other_500": ("train-other-500",),
    "train_960": ("train-clean-100", "train-clean-360", "train-other-500"),
    "dev_clean": ("dev-clean",),
    "dev_other": ("dev-other",),
    "dev": ("dev-clean", "dev-other"),
    "test_clean": ("test-clean",),
    "test_other": ("test-other",),
}


@dataclass(frozen=True)
class Utterance:
    """One LibriSpeech utterance: id, speaker (``reader-chapter``), flac path and normalised transcript."""

    utt: str
    speaker: str
    audio: Path
    text: str


def _subdirs(path: Path) -> list[Path]:
    return sorted(p for p in path.iterdir() if p.is_dir())


def read_chapter(chapter_dir: Path) -> list[Utterance]:
    """The utterances of one ``<reader>/<chapter>`` dir, matched between its flacs and its ``trans.txt``."""
    reader, chapter = chapter_dir.parent.name, chapter_dir.name
    speaker = f"{reader}-{chapter}"
    trans = chapter_dir / f"{speaker}.trans.txt"
    if not trans.is_file():
        raise DataError(f"{chapter_dir}: chapter has no transcript file {trans.name}")
    transcripts = read_table(trans)
    flacs = {p.name.removesuffix(".flac"): p.absolute() for p in chapter_dir.glob("*.flac")}
    no_audio, no_text = sorted(set(transcripts) - set(flacs)), sorted(set(flacs) - set(transcripts))
    if no_audio:
        raise DataError(f"{trans}: utterance {no_audio[0]} has no audio {chapter_dir / (no_audio[0] + '.flac')}")
    if no_text:
        raise DataError(f"{flacs[no_text[0]]}: audio has no transcript line in {trans}")
    return [Utterance(utt, speaker, flacs[utt], _normalized(transcripts[utt], trans, utt)) for utt in sorted(flacs)]


def _normalized(text: str, trans: Path, utt: str) -> str:
    try:
        return normalize_transcript(text)
    except DataError as err:
        raise DataError(f"{trans}: utterance {utt}: {err}") from err


def read_split(corpus_root: str | os.PathLike, split: str) -> list[Utterance]:
    """Every utterance of one release split (e.g. ``train-clean-100``) under ``corpus_root``."""
    split_dir = Path(corpus_root) / split
    if not split_dir.is_dir():
        raise DataError(f"{split_dir}: no such LibriSpeech split dir (is the corpus root {corpus_root} right?)")
    utterances = [u for reader in _subdirs(split_dir) for chapter in _subdirs(reader) for u in read_chapter(chapter)]
    if not utterances:
        raise DataError(f"{split_dir}: no utterances (expected <reader>/<chapter>/*.flac)")
    return utterances


def prepare_sets(corpus_root: str | os.PathLike, data_root: str | os.PathLike, sets: list[str]) -> dict[str, DataDir]:
    """Write ``data_root/<set>`` for each named data set (:data:`DATA_SETS`); each split is read once."""
    unknown = [name for name in sets if name not in DATA_SETS]
    if unknown:
        raise ConfigError(f"unknown LibriSpeech data set {unknown[0]!r}; known: {', '.join(DATA_SETS)}")
    needed = sorted({split for name in sets for split in DATA_SETS[name]})
    splits = {split: read_split(corpus_root, split) for split in needed}
    return {
        name: write_utterances(Path(data_root) / name, [u for s in DATA_SETS[name] for u in splits[s]]) for name in sets
    }


def write_utterances(data_dir: Path, utterances: list[Utterance]) -> DataDir:
    """Write the utterances as a Kaldi data dir (wav.scp with absolute flac paths, text, utt2spk, spk2utt).

    An utterance id that occurs twice (the same chapter in two splits of a
    union) is a DataError naming both flacs.
    """
    first: dict[str, Path] = {}
    for u in utterances:
        if first.setdefault(u.utt, u.audio) != u.audio:
            raise DataError(f"{data_dir.name}: utterance {u.utt} is in more than one split ({first[u.utt]}, {u.audio})")
    return write_data_dir(
        data_dir,
        wav_scp={u.utt: str(u.audio) for u in utterances},
        text={u.utt: u.text for u in utterances},
        utt2spk={u.utt: u.speaker for u in utterances},
    )
