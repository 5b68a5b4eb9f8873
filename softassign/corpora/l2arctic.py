"""L2-ARCTIC release layout -> a Kaldi data dir with native-language and annotation tables.

The release (psi.engr.tamu.edu/l2-arctic-corpus) holds one dir per speaker::

    <root>/<SPK>/wav/arctic_a0001.wav              (44.1 kHz; resampled on loading)
    <root>/<SPK>/transcript/arctic_a0001.txt       (one line, mixed case with punctuation)
    <root>/<SPK>/annotation/arctic_a0001.TextGrid  (manual annotation, a subset only)

24 speakers, four for each of six native languages (:data:`SPEAKER_L1`).
Utterance ids are ``<SPK>-<name>`` (speaker id first, as Kaldi wants);
transcripts go through :func:`softassign.text.normalize_transcript`, as
LibriSpeech's. Besides wav.scp, text, utt2spk and spk2utt the data dir gets
``utt2lang`` (utterance -> native language) and ``textgrid.scp`` (utterance
-> annotation TextGrid, for the annotated subset), which
:func:`read_annotations` turns into a :mod:`softassign.phone_analysis` alignment.

Every wav must have a transcript and every transcript (and annotation) a
wav: a mismatch, a missing speaker dir or a missing ``wav``/``transcript``
dir is a DataError naming the path.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from softassign.datadir import DataDir, read_table, write_data_dir
from softassign.errors import DataError
from softassign.phone_analysis.alignment import Alignment
from softassign.phone_analysis.textgrid import read_textgrid
from softassign.text import normalize_transcript

#: Speaker -> native language (L1), as published with the corpus.
SPEAKER_L1: dict[str, str] = {
    **dict.fromkeys(("ABA", "SKA", "YBAA", "ZHAA"), "Arabic"),
    **dict.fromkeys(("BWC", "LXC", "NCC", "TXHC"), "Mandarin"),
    **dict.fromkeys(("ASI", "RRBI", "SVBI", "TNI"), "Hindi"),
    **dict.fromkeys(("HJK", "HKK", "YDCK", "YKWK"), "Korean"),
    **dict.fromkeys(("EBVS", "ERMS", "MBMPS", "NJS"), "Spanish"),
    **dict.fromkeys(("HQTV", "PNV", "THV", "TLV"), "Vietnamese"),
}


@dataclass(frozen=True)
class Utterance:
    """One L2-ARCTIC utterance; ``annotation`` is its TextGrid, or None outside the annotated subset."""

    utt: str
    speaker: str
    l1: str
    audio: Path
    text: str
    annotation: Path | None


def _files_by_name(directory: Path, suffix: str) -> dict[str, Path]:
    return {p.name.removesuffix(suffix): p.absolute() for p in directory.glob(f"*{suffix}")}


def _required_dir(path: Path) -> Path:
    if not path.is_dir():
        raise DataError(f"{path}: no such dir (expected the L2-ARCTIC layout <SPK>/{{wav,transcript}}/)")
    return path


def read_transcript(path: Path) -> str:
    """The normalised one-line transcript of ``path``; DataError naming the file if empty or not normalisable."""
    raw = path.read_text(encoding="utf-8").strip()
    if not raw:
        raise DataError(f"{path}: empty transcript")
    try:
        return normalize_transcript(raw)
    except DataError as err:
        raise DataError(f"{path}: {err}") from err


def read_speaker(corpus_root: str | os.PathLike, speaker: str) -> list[Utterance]:
    """The utterances of one speaker dir, wavs matched with transcripts (and annotations, where present)."""
    if speaker not in SPEAKER_L1:
        raise DataError(f"unknown L2-ARCTIC speaker {speaker!r}; known: {' '.join(SPEAKER_L1)}")
    speaker_dir = Path(corpus_root) / speaker
    if not speaker_dir.is_dir():
        raise DataError(f"{speaker_dir}: no such L2-ARCTIC speaker dir (is the corpus root {corpus_root} right?)")
    wav_dir = _required_dir(speaker_dir / "wav")
    wavs = _files_by_name(wav_dir, ".wav")
    if not wavs:
        raise DataError(f"{wav_dir}: no wav files")
    transcripts = _files_by_name(_required_dir(speaker_dir / "transcript"), ".txt")
    annotation_dir = speaker_dir / "annotation"
    annotations = _files_by_name(annotation_dir, ".TextGrid") if annotation_dir.is_dir() else {}
    _check_matched(wavs, transcripts, annotations)
    return [
        Utterance(
            f"{speaker}-{name}",
            speaker,
            SPEAKER_L1[speaker],
            wavs[name],
            read_transcript(transcripts[name]),
            annotations.get(name),
        )
        for name in sorted(wavs)
    ]


def _check_matched(wavs: dict[str, Path], transcripts: dict[str, Path], annotations: dict[str, Path]) -> None:
    for what, files in (("transcript", transcripts), ("annotation", annotations)):
        orphans = sorted(set(files) - set(wavs))
        if orphans:
            raise DataError(f"{files[orphans[0]]}: {what} has no audio (no {orphans[0]}.wav)")
    untranscribed = sorted(set(wavs) - set(transcripts))
    if untranscribed:
        raise DataError(f"{wavs[untranscribed[0]]}: audio has no transcript ({untranscribed[0]}.txt)")


def prepare(corpus_root: str | os.PathLike, data_dir: str | os.PathLike, speakers: list[str] | None = None) -> DataDir:
    """Write ``data_dir`` (with ``utt2lang`` and ``textgrid.scp``) for ``speakers`` (default: all 24)."""
    utterances = [u for spk in (speakers or list(SPEAKER_L1)) for u in read_speaker(corpus_root, spk)]
    tables = {"utt2lang": {u.utt: u.l1 for u in utterances}}
    annotated = {u.utt: str(u.annotation) for u in utterances if u.annotation is not None}
    if annotated:
        tables["textgrid.scp"] = annotated
    return write_data_dir(
        data_dir,
        wav_scp={u.utt: str(u.audio) for u in utterances},
        text={u.utt: u.text for u in utterances},
        utt2spk={u.utt: u.speaker for u in utterances},
        extra_tables=tables,
    )


def read_annotations(
    textgrid_scp: str | os.PathLike, tier: str = "phones", view: str = "perceived", keep_stress: bool = True
) -> Alignment:
    """Read every TextGrid of a ``textgrid.scp`` (utt -> path) into an alignment (utt -> segments).

    ``tier``, ``view`` and ``keep_stress`` are those of
    :func:`softassign.phone_analysis.textgrid.read_textgrid` (``view="raw"`` for
    the ``words`` tier).
    """
    paths = read_table(textgrid_scp)
    return {utt: read_textgrid(path, tier, view, keep_stress) for utt, path in paths.items()}
