"""Synthesis metrics: mel-cepstral distortion (MCD) and log-F0 RMSE after DTW, and ASR intelligibility.

Both signals are analysed with WORLD (:mod:`pyworld`: Harvest F0, CheapTrick
spectral envelope) every ``frame_period`` ms; the envelope becomes a
mel-cepstrum with :func:`pysptk.sp2mc` (all-pass constant
:func:`pysptk.util.mcepalpha` of the sample rate). Frames are aligned with DTW
(:func:`librosa.sequence.dtw`) on the mel-cepstra without the energy term c0;
along that path

* MCD [dB] = mean over aligned frames of (10 / ln 10) * sqrt(2 * sum_{d>=1} (c_d - c'_d)^2),
* log-F0 RMSE = sqrt(mean (ln f0 - ln f0')^2) over aligned frames voiced in both.

The references' analysis does not depend on the system scored: :func:`reference_features` computes it once
per test set, :func:`write_world_features` stores it as a Kaldi ark/scp (one float64 matrix
``[f0 | mcep]`` an utterance) and ``score_synthesis(..., ref_world_scp=scp)`` reads it for every system of
the set.
"""

from __future__ import annotations

import csv
import dataclasses
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import kaldiio
import librosa
import numpy as np
import pysptk
import pyworld
import torch
from joblib import Parallel, delayed

from softassign.arkio import ark_scp_writer
from softassign.atomic import atomic_write_text
from softassign.audio import load_audio
from softassign.datadir import load_data_dir, read_table
from softassign.errors import DataError
from softassign.evaluation.bootstrap import BootstrapResult, paired_bootstrap_means
from softassign.evaluation.scoring import AsrScores, score_asr
from softassign.records import Record

#: (10 / ln 10) * sqrt(2): converts a Euclidean mel-cepstral distance into dB.
MCD_DB = 10.0 / math.log(10.0) * math.sqrt(2.0)


@dataclass(frozen=True)
class WorldFeatures:
    """Per-frame F0 in Hz (0 = unvoiced), shape (N,), and mel-cepstrum c0..cM, shape (N, M + 1)."""

    f0: np.ndarray
    mcep: np.ndarray


@dataclass(frozen=True)
class SynthesisScores:
    """Scores of one synthesized utterance against its reference."""

    mcd: float
    log_f0_rmse: float
    voiced_frames: int


def world_features(
    wave: np.ndarray,
    sample_rate: int,
    frame_period: float = 5.0,
    mcep_order: int = 24,
    f0_floor: float = 40.0,
    f0_ceil: float = 800.0,
) -> WorldFeatures:
    """WORLD F0 (Harvest) and mel-cepstrum (CheapTrick + sp2mc) of a mono waveform."""
    x = np.ascontiguousarray(wave, dtype=np.float64)
    f0, times = pyworld.harvest(x, sample_rate, f0_floor=f0_floor, f0_ceil=f0_ceil, frame_period=frame_period)
    envelope = pyworld.cheaptrick(x, f0, times, sample_rate)
    mcep = pysptk.sp2mc(envelope, order=mcep_order, alpha=pysptk.util.mcepalpha(sample_rate))
    return WorldFeatures(f0, mcep)


def dtw_path(ref_mcep: np.ndarray, syn_mcep: np.ndarray) -> np.ndarray:
    """Aligned frame pairs (P, 2) = (ref index, syn index), in time order, by DTW on c1..cM."""
    _, path = librosa.sequence.dtw(X=ref_mcep[:, 1:].T, Y=syn_mcep[:, 1:].T, metric="euclidean")
    return path[::-1]


def mel_cepstral_distortion(ref_mcep: np.ndarray, syn_mcep: np.ndarray, path: np.ndarray) -> float:
    """MCD in dB of mel-cepstra (N, M + 1) and (N', M + 1) along aligned frame pairs, c0 excluded."""
    diff = ref_mcep[path[:, 0], 1:] - syn_mcep[path[:, 1], 1:]
    return float(MCD_DB * np.sqrt((diff**2).sum(axis=1)).mean())


def log_f0_rmse(ref_f0: np.ndarray, syn_f0: np.ndarray, path: np.ndarray) -> tuple[float, int]:
    """RMSE of ln F0 over aligned pairs voiced in both, and the number of such pairs (NaN when none)."""
    ref, syn = ref_f0[path[:, 0]], syn_f0[path[:, 1]]
    voiced = (ref > 0) & (syn > 0)
    if not voiced.any():
        return math.nan, 0
    return float(np.sqrt(np.mean((np.log(ref[voiced]) - np.log(syn[voiced])) ** 2))), int(voiced.sum())


def compare_features(ref: WorldFeatures, syn: WorldFeatures) -> SynthesisScores:
    """MCD and log-F0 RMSE of a synthesized utterance's WORLD features against its reference's."""
    path = dtw_path(ref.mcep, syn.mcep)
    rmse, voiced = log_f0_rmse(ref.f0, syn.f0, path)
    return SynthesisScores(mel_cepstral_distortion(ref.mcep, syn.mcep, path), rmse, voiced)


def compare_waves(ref: np.ndarray, syn: np.ndarray, sample_rate: int, **world_options) -> SynthesisScores:
    """MCD and log-F0 RMSE of a synthesized waveform against its reference (same sample rate)."""
    return compare_features(
        world_features(ref, sample_rate, **world_options), world_features(syn, sample_rate, **world_options)
    )


def reference_features(
    ref_data_dir: str | Path, sample_rate: int = 16000, n_jobs: int = 1, **world_options
) -> Iterator[tuple[str, WorldFeatures]]:
    """(utt, WORLD features) of every utterance of a data dir's audio in sorted order, analysed by ``n_jobs``
    worker processes (joblib) and yielded as they finish, so that only the utterances in flight are held."""
    ref = load_data_dir(ref_data_dir, require_text=False)
    utts = sorted(ref.utt2spk)
    jobs = (delayed(_analyse_reference)(utt, ref.audio_ref(utt), sample_rate, world_options) for utt in utts)
    yield from zip(utts, Parallel(n_jobs=n_jobs, return_as="generator")(jobs), strict=True)


def write_world_features(
    ark: str | Path, scp: str | Path, features: Iterable[tuple[str, WorldFeatures]], record: Record
) -> None:
    """Store (utt, WORLD features) pairs as a Kaldi ark/scp of float64 matrices ``[f0 | mcep]``, all or nothing,
    with ``record``."""
    with ark_scp_writer(ark, scp, record) as writer:
        for utt, feats in features:
            writer[utt] = np.column_stack([feats.f0, feats.mcep]).astype(np.float64)


def load_world_features(scp: str | Path, utt: str, entry: str) -> WorldFeatures:
    """The WORLD features of ``utt`` at scp ``entry`` (``file.ark:offset``) of :func:`write_world_features`'s
    ``scp``; a DataError names the scp and utterance of an entry that is not ``[f0 | mcep]`` frames."""
    try:
        matrix = kaldiio.load_mat(entry)
    except (OSError, ValueError) as err:
        raise DataError(f"{scp}: utterance {utt}: cannot read {entry} ({err})") from err
    if matrix.ndim != 2 or matrix.shape[1] < 2:
        raise DataError(f"{scp}: utterance {utt}: shape {matrix.shape} is not [f0 | mcep] frames")
    return WorldFeatures(np.ascontiguousarray(matrix[:, 0]), np.ascontiguousarray(matrix[:, 1:]))


def score_synthesis(
    ref_data_dir: str | Path | None,
    syn_wav_scp: str | Path,
    sample_rate: int = 16000,
    n_jobs: int = 1,
    ref_world_scp: str | Path | None = None,
    **world_options,
) -> dict[str, SynthesisScores]:
    """Per-utterance scores of every utterance of ``syn_wav_scp`` against its reference.

    The references are the stored analysis ``ref_world_scp`` (:func:`write_world_features`) when given, else
    analysed from the audio of ``ref_data_dir``. Each worker reads or analyses the references of its own
    utterances. ``n_jobs`` worker processes score utterances in parallel (joblib); the scores do not depend on it.
    """
    syn = read_table(syn_wav_scp)
    utts = sorted(syn)
    if ref_world_scp is None:
        ref = load_data_dir(ref_data_dir, require_text=False)
        _require_known(syn, ref.utt2spk, str(syn_wav_scp), f"reference in {ref_data_dir}")
        refs = [partial(_analyse_reference, utt, ref.audio_ref(utt), sample_rate, world_options) for utt in utts]
    else:
        entries = read_table(ref_world_scp)
        _require_known(syn, entries, str(syn_wav_scp), f"reference features in {ref_world_scp}")
        refs = [partial(load_world_features, str(ref_world_scp), utt, entries[utt]) for utt in utts]
    jobs = (
        delayed(_score_utterance)(utt, reference, syn[utt], sample_rate, world_options)
        for utt, reference in zip(utts, refs, strict=True)
    )
    return dict(zip(utts, Parallel(n_jobs=n_jobs)(jobs), strict=True))


def _analyse_reference(utt: str, ref_audio: tuple, sample_rate: int, world_options: dict) -> WorldFeatures:
    entry, segment = ref_audio
    return world_features(load_audio(entry, sample_rate, utt, segment).numpy(), sample_rate, **world_options)


def _score_utterance(
    utt: str, reference: Callable[[], WorldFeatures], syn_entry: str, sample_rate: int, world_options: dict
) -> SynthesisScores:
    """Scores of one utterance against the WORLD features ``reference()`` reads or analyses."""
    syn_wave = load_audio(syn_entry, sample_rate, utt).numpy()
    return compare_features(reference(), world_features(syn_wave, sample_rate, **world_options))


def summarize(scores: dict[str, SynthesisScores]) -> dict[str, float]:
    """Set-level numbers: mean MCD, mean log-F0 RMSE over utterances with voiced frames (both to the 3 decimals of
    their paired differences), counts."""
    if not scores:
        raise DataError("no utterance scores to summarize")
    rmses = [s.log_f0_rmse for s in scores.values() if s.voiced_frames]
    return {
        "mcd": round(float(np.mean([s.mcd for s in scores.values()])), 3),
        "log_f0_rmse": round(float(np.mean(rmses)), 3) if rmses else math.nan,
        "n_utts": len(scores),
        "n_f0_utts": len(rmses),
    }


def write_utt_scores(path: str | Path, scores: dict[str, SynthesisScores]) -> None:
    """Write per-utterance scores as TSV (``utt mcd log_f0_rmse voiced_frames``), atomically."""
    lines = ["\t".join(["utt"] + [field.name for field in dataclasses.fields(SynthesisScores)])]
    lines += ["\t".join(map(str, [utt, *dataclasses.astuple(score)])) for utt, score in scores.items()]
    atomic_write_text(path, "".join(f"{line}\n" for line in lines))


def read_utt_scores(path: str | Path) -> dict[str, SynthesisScores]:
    """The per-utterance scores of :func:`write_utt_scores`; a DataError names the file and line of a bad row."""
    scores = {}
    with open(path, newline="", encoding="utf-8") as f:
        for lineno, row in enumerate(csv.DictReader(f, delimiter="\t"), 2):
            try:
                scores[row["utt"]] = SynthesisScores(
                    float(row["mcd"]), float(row["log_f0_rmse"]), int(row["voiced_frames"])
                )
            except (KeyError, TypeError, ValueError) as err:
                raise DataError(f"{path}:{lineno}: not an utterance score row ({err})") from err
    return scores


def compare_scores(
    ours: dict[str, SynthesisScores], theirs: dict[str, SynthesisScores], seed: int = 0
) -> dict[str, BootstrapResult]:
    """Ours minus theirs with paired bootstrap intervals over utterances: ``mcd`` over all of them, ``log_f0_rmse``
    over those voiced in both (:func:`softassign.evaluation.bootstrap.paired_bootstrap_means`)."""
    voiced = [utt for utt in ours if ours[utt].voiced_frames and utt in theirs and theirs[utt].voiced_frames]
    return {
        "mcd": paired_bootstrap_means(
            {u: s.mcd for u, s in theirs.items()}, {u: s.mcd for u, s in ours.items()}, seed=seed
        ),
        "log_f0_rmse": paired_bootstrap_means(
            {u: theirs[u].log_f0_rmse for u in voiced}, {u: ours[u].log_f0_rmse for u in voiced}, seed=seed
        ),
    }


def intelligibility(
    transcribe: Callable[[torch.Tensor, int], str],
    syn_wav_scp: str | Path,
    references: dict[str, str],
    sample_rate: int = 16000,
) -> AsrScores:
    """WER/CER of ``transcribe(waveform, sample_rate) -> text`` on every synthesized utterance.

    ``references`` maps utterance ids to reference transcripts (a data dir's ``text``).
    """
    syn = read_table(syn_wav_scp)
    _require_known(syn, references, str(syn_wav_scp), "reference transcript")
    hyps = {utt: transcribe(load_audio(entry, sample_rate, utt), sample_rate) for utt, entry in syn.items()}
    return score_asr({utt: references[utt] for utt in syn}, hyps, name=str(syn_wav_scp))


def _require_known(utts: dict[str, str], known: dict[str, str], where: str, what: str) -> None:
    missing = sorted(set(utts) - set(known))
    if missing:
        raise DataError(f"{where}: utterance {missing[0]!r} has no {what} ({len(missing)} missing)")
