"""Parallel references for synthesis scoring: each test utterance -> the same sentence in the target voice.

A voice-conversion test set (other speakers saying sentences that the target
voice also said) has no audio of its own in the target voice, but the target
voice's utterance of the same sentence is a parallel reference for MCD and
log-F0 RMSE. Utterance ids are ``<speaker>-<sentence id>`` (Kaldi order,
speaker = the ``utt2spk`` entry), so the sentence id is what follows the
speaker prefix. :func:`write_reference_dir` writes a data dir keyed by the
*test* utterance ids whose audio is the reference utterance's, which is what
``softassign.bin.eval_synthesis --ref_data_dir`` reads.
"""

from __future__ import annotations

import os

from softassign.datadir import DataDir, load_data_dir, write_data_dir
from softassign.errors import DataError


def sentence_id(utt: str, speaker: str, where: str) -> str:
    """The part of ``utt`` after ``<speaker>-``; DataError naming ``where`` when ``utt`` lacks that prefix."""
    prefix = f"{speaker}-"
    if not utt.startswith(prefix) or utt == prefix:
        raise DataError(f"{where}: utterance {utt!r} does not start with its speaker id '{prefix}'")
    return utt.removeprefix(prefix)


def sentence_index(data: DataDir) -> dict[str, str]:
    """Sentence id -> utterance of a data dir; a sentence said twice is a DataError naming both utterances."""
    index: dict[str, str] = {}
    for utt in data.utterances:
        sentence = sentence_id(utt, data.utt2spk[utt], str(data.path / "utt2spk"))
        if index.setdefault(sentence, utt) != utt:
            raise DataError(
                f"{data.path}: sentence {sentence!r} is said by {index[sentence]} and {utt}; "
                "a reference set needs one utterance per sentence"
            )
    return index


def parallel_references(data: DataDir, ref: DataDir) -> dict[str, str]:
    """Test utterance -> reference utterance of the same sentence, for every utterance of ``data``."""
    index = sentence_index(ref)
    mapping = {}
    for utt in data.utterances:
        sentence = sentence_id(utt, data.utt2spk[utt], str(data.path / "utt2spk"))
        if sentence not in index:
            raise DataError(f"{data.path}: utterance {utt}: sentence {sentence!r} has no utterance in {ref.path}")
        mapping[utt] = index[sentence]
    return mapping


def write_reference_dir(
    data_dir: str | os.PathLike, ref_data_dir: str | os.PathLike, out_dir: str | os.PathLike
) -> DataDir:
    """Write ``out_dir``: the utterances of ``data_dir`` with the audio, text and speaker of their references.

    ``ref_data_dir`` needs a ``text`` (its transcripts are the sentences).

    All or nothing (:func:`softassign.datadir.write_data_dir`); a reference set
    with ``segments`` is a DataError (its audio is not one file per utterance).
    """
    data, ref = load_data_dir(data_dir, require_text=False), load_data_dir(ref_data_dir)
    if ref.segments:
        raise DataError(f"{ref.path}: references with segments are not supported (one wav per utterance needed)")
    mapping = parallel_references(data, ref)
    return write_data_dir(
        out_dir,
        wav_scp={utt: ref.wav_scp[ref_utt] for utt, ref_utt in mapping.items()},
        text={utt: ref.text[ref_utt] for utt, ref_utt in mapping.items()},
        utt2spk={utt: ref.utt2spk[ref_utt] for utt, ref_utt in mapping.items()},
    )
