"""The real-speech samples of the project's shared data dir (``../shared/data``) -> Kaldi test sets.

Two layouts under the shared root (its README.md describes them):

* ``kathleen_arctic_a/``: one US-English speaker reading the ARCTIC a-set,
  ``text.tsv`` (``utt<TAB>text``), ``flac/<utt>.flac`` (16 kHz) and
  ``phones.ctm`` (ARPAbet alignments of most takes). Some prompts have
  2-3 takes (``arctic_a0001_<take>``). :func:`prepare_kathleen` keeps the
  first aligned take of each prompt and the first ``num_utts`` prompts in
  id order, so the set has one take per sentence and phone labels for every
  utterance (:mod:`softassign.bin.analyze_units` reads ``phones.ctm``).
  :func:`split_kathleen` instead trains on part of her speech: every take of
  the first ``test_prompts`` prompts is the test set, every take of the other
  prompts a training set (:data:`KATHLEEN_TRAIN_SET`), so the two never share
  a sentence.
* ``ljspeech_samples/``: the first 32 LJSpeech clips, ``metadata.csv``
  (``id|text``) and ``wavs/<id>.wav`` at 22.05 kHz (resampled on loading).
  Lines are read by :func:`softassign.corpora.ljspeech.parse_line`, the one
  text column serving as both of the release's columns.

Utterance ids are the file names; transcripts go through
:func:`softassign.text.normalize_transcript`. Bad input is a DataError naming
the file (and line).
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from softassign.corpora.ljspeech import SPEAKER as LJSPEECH_SPEAKER
from softassign.corpora.ljspeech import Clip, parse_line
from softassign.datadir import DataDir, write_data_dir
from softassign.errors import DataError
from softassign.phone_analysis.ctm import read_ctm
from softassign.text import normalize_transcript

log = logging.getLogger(__name__)

KATHLEEN_DIR, LJSPEECH_DIR = "kathleen_arctic_a", "ljspeech_samples"
KATHLEEN_SET, LJSPEECH_SET = "real_kathleen", "real_ljspeech"
KATHLEEN_TRAIN_SET = "train_kathleen"
KATHLEEN_SPEAKER = "kathleen"
_TAKE = re.compile(r"(?P<prompt>arctic_[ab]\d{4})_\d+")


@dataclass(frozen=True)
class Take:
    """One recording of the kathleen set: utterance id, its prompt id, flac path, normalised text."""

    utt: str
    prompt: str
    audio: Path
    text: str


def _required(path: Path) -> Path:
    if not path.exists():
        raise DataError(f"{path}: no such file or dir (is the shared data root right?)")
    return path


def parse_take(line: str, where: str, flac_dir: Path) -> Take:
    """The take of one ``utt<TAB>text`` line of ``text.tsv`` (``where`` = file:line for errors)."""
    utt, sep, text = line.partition("\t")
    match = _TAKE.fullmatch(utt)
    if not sep or match is None:
        raise DataError(f"{where}: expected 'arctic_a<4 digits>_<take><TAB>text', got {line!r}")
    audio = flac_dir / f"{utt}.flac"
    if not audio.is_file():
        raise DataError(f"{where}: utterance {utt} has no audio {audio}")
    try:
        normalized = normalize_transcript(text)
    except DataError as err:
        raise DataError(f"{where}: utterance {utt}: {err}") from err
    return Take(utt, match["prompt"], audio.resolve(), normalized)


def read_kathleen(corpus_dir: str | os.PathLike) -> list[Take]:
    """Every take listed in ``<corpus_dir>/text.tsv``, in id order."""
    corpus_dir = Path(corpus_dir)
    text_tsv, flac_dir = _required(corpus_dir / "text.tsv"), _required(corpus_dir / "flac")
    with open(text_tsv, encoding="utf-8") as f:
        takes = [
            parse_take(line.rstrip("\r\n"), f"{text_tsv}:{n}", flac_dir) for n, line in enumerate(f, 1) if line.strip()
        ]
    if not takes:
        raise DataError(f"{text_tsv}: no utterances")
    return sorted(takes, key=lambda take: take.utt)


def first_aligned_takes(takes: list[Take], aligned: set[str], num_prompts: int) -> list[Take]:
    """The first take with an alignment of each prompt, for the first ``num_prompts`` prompts (id order)."""
    chosen: dict[str, Take] = {}
    for take in takes:
        if take.utt in aligned:
            chosen.setdefault(take.prompt, take)
    return [chosen[prompt] for prompt in sorted(chosen)[:num_prompts]]


def prepare_kathleen(corpus_dir: str | os.PathLike, data_dir: str | os.PathLike, num_utts: int = 100) -> DataDir:
    """Write the kathleen test set (:data:`KATHLEEN_SET`): ``num_utts`` aligned takes, one per prompt."""
    if num_utts < 1:
        raise DataError(f"the kathleen set needs at least one utterance, got {num_utts}")
    aligned = set(read_ctm(_required(Path(corpus_dir) / "phones.ctm")))
    takes = first_aligned_takes(read_kathleen(corpus_dir), aligned, num_utts)
    if not takes:
        raise DataError(f"{corpus_dir}: no take of text.tsv has an alignment in phones.ctm")
    return _write_takes(takes, data_dir)


def _write_takes(takes: list[Take], data_dir: str | os.PathLike) -> DataDir:
    return write_data_dir(
        data_dir,
        wav_scp={t.utt: str(t.audio) for t in takes},
        text={t.utt: t.text for t in takes},
        utt2spk={t.utt: KATHLEEN_SPEAKER for t in takes},
    )


def split_kathleen(
    corpus_dir: str | os.PathLike, test_dir: str | os.PathLike, train_dir: str | os.PathLike, test_prompts: int
) -> tuple[DataDir, DataDir]:
    """Write (test set, training set): every take of the first ``test_prompts`` prompts (id order), every take of
    the others. Both sets need at least one prompt."""
    takes = read_kathleen(corpus_dir)
    prompts = sorted({take.prompt for take in takes})
    if not 0 < test_prompts < len(prompts):
        raise DataError(f"{corpus_dir}: cannot hold out {test_prompts} of its {len(prompts)} prompts for testing")
    held_out = set(prompts[:test_prompts])
    test = _write_takes([t for t in takes if t.prompt in held_out], test_dir)
    return test, _write_takes([t for t in takes if t.prompt not in held_out], train_dir)


def read_ljspeech_samples(corpus_dir: str | os.PathLike) -> list[Clip]:
    """The clips of ``<corpus_dir>/metadata.csv`` (``id|text``), in id order."""
    corpus_dir = Path(corpus_dir)
    metadata, wav_dir = _required(corpus_dir / "metadata.csv"), _required(corpus_dir / "wavs")
    clips: dict[str, Clip] = {}
    with open(metadata, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            utt, sep, text = line.rstrip("\r\n").partition("|")
            if not sep or "|" in text:
                raise DataError(f"{metadata}:{n}: expected 'id|text', got {line.strip()!r}")
            clip = parse_line(f"{utt}|{text}|{text}", f"{metadata}:{n}", wav_dir)
            if clips.setdefault(clip.utt, clip) is not clip:
                raise DataError(f"{metadata}:{n}: clip {clip.utt} is listed twice")
    if not clips:
        raise DataError(f"{metadata}: no clips")
    return [clips[utt] for utt in sorted(clips)]


def prepare_ljspeech_samples(corpus_dir: str | os.PathLike, data_dir: str | os.PathLike) -> DataDir:
    """Write the LJSpeech samples test set (:data:`LJSPEECH_SET`)."""
    clips = read_ljspeech_samples(corpus_dir)
    return write_data_dir(
        data_dir,
        wav_scp={c.utt: str(c.audio) for c in clips},
        text={c.utt: c.text for c in clips},
        utt2spk={c.utt: LJSPEECH_SPEAKER for c in clips},
    )


def prepare_shared_sets(
    shared_root: str | os.PathLike, data_root: str | os.PathLike, kathleen_utts: int = 100, kathleen_train: bool = False
) -> dict[str, DataDir]:
    """Write ``<data_root>/real_kathleen`` and ``real_ljspeech`` for the sample dirs present under ``shared_root``.

    ``real_kathleen`` holds one aligned take of each of the first ``kathleen_utts`` prompts; with
    ``kathleen_train``, every take of them, and ``<data_root>/train_kathleen`` every take of the other prompts
    (:func:`split_kathleen`). A missing sample dir is skipped (logged); returns the sets written.
    """
    shared_root, data_root = Path(shared_root), Path(data_root)
    written = {}
    kathleen = shared_root / KATHLEEN_DIR
    if not kathleen.is_dir():
        log.info("%s: no %s; skipping %s", shared_root, KATHLEEN_DIR, KATHLEEN_SET)
    elif kathleen_train:
        written[KATHLEEN_SET], written[KATHLEEN_TRAIN_SET] = split_kathleen(
            kathleen, data_root / KATHLEEN_SET, data_root / KATHLEEN_TRAIN_SET, kathleen_utts
        )
    else:
        written[KATHLEEN_SET] = prepare_kathleen(kathleen, data_root / KATHLEEN_SET, kathleen_utts)
    if (shared_root / LJSPEECH_DIR).is_dir():
        written[LJSPEECH_SET] = prepare_ljspeech_samples(shared_root / LJSPEECH_DIR, data_root / LJSPEECH_SET)
    else:
        log.info("%s: no %s; skipping %s", shared_root, LJSPEECH_DIR, LJSPEECH_SET)
    return written
