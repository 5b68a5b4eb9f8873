"""Synthesis of whole sets: (utt, waveform) streams from units or features, written as wavs + wav.scp.

:func:`write_wav_dir` is all or nothing: wavs go to ``<out_dir>/wav.tmp`` and
are moved to ``<out_dir>/wav`` only after the last one, then ``wav.scp`` appears. Every call
synthesises again (whether an existing output is current is for the caller's record to say: tts.sh
keeps one per synthesized dir). With a reference data dir, ``text`` and ``utt2spk``
of the synthesized utterances are copied too, so that ``out_dir`` is a Kaldi
data dir for ASR (intelligibility) scoring.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import soundfile
import torch
from tqdm import tqdm

from softassign.arkio import iter_scp
from softassign.datadir import load_data_dir, write_table
from softassign.errors import DataError
from softassign.features.sources import FeatureSource
from softassign.vocoder.model import UnitVocoder, check_unit_ids


def synthesize_units(vocoder: UnitVocoder, units_scp: str | Path) -> Iterator[tuple[str, torch.Tensor]]:
    """Hard synthesis of every utterance of a units scp (int vectors of cluster ids)."""
    for utt, ids in iter_scp(units_scp):
        ids = torch.from_numpy(ids)
        check_unit_ids(ids, vocoder.config.num_units, f"{units_scp}: utterance {utt}")
        yield utt, vocoder.synthesize_ids(ids)


def synthesize_features(
    vocoder: UnitVocoder,
    source: FeatureSource,
    centroids: torch.Tensor,
    tau: float | None = None,
    topk: int | None = None,
) -> Iterator[tuple[str, torch.Tensor]]:
    """Synthesis from features (dumped, or computed from audio): hard (nearest centroid) without ``tau``, soft with."""
    for utt, feats in source:
        if len(feats) == 0:
            raise DataError(f"{source.name}: utterance {utt} has no frames")
        yield utt, vocoder.synthesize_features(feats, centroids, tau, topk)


def _copy_reference_tables(ref_data_dir: str | Path, out_dir: Path, utts: list[str]) -> None:
    data = load_data_dir(ref_data_dir, require_text=False)
    missing = sorted(set(utts) - set(data.utt2spk))
    if missing:
        raise DataError(f"{ref_data_dir}: synthesized utterance {missing[0]!r} is not in utt2spk")
    write_table(out_dir / "utt2spk", {u: data.utt2spk[u] for u in utts})
    if data.text:
        write_table(out_dir / "text", {u: data.text[u] for u in utts})


def write_wav_dir(
    waves: Iterator[tuple[str, torch.Tensor]],
    out_dir: str | Path,
    sample_rate: int,
    ref_data_dir: str | Path | None = None,
    total: int | None = None,
) -> Path:
    """Write ``<out_dir>/wav/<utt>.wav`` (16-bit) and ``<out_dir>/wav.scp``, replacing what is there; the scp."""
    out_dir = Path(out_dir)
    scp = out_dir / "wav.scp"
    tmp_dir, wav_dir = out_dir / "wav.tmp", out_dir / "wav"
    shutil.rmtree(tmp_dir, ignore_errors=True)
    tmp_dir.mkdir(parents=True)
    try:
        utts = []
        for utt, wave in tqdm(waves, total=total, desc=f"synthesize {out_dir}", mininterval=10):
            soundfile.write(tmp_dir / f"{utt}.wav", wave.clamp(-1.0, 1.0).numpy(), sample_rate, subtype="PCM_16")
            utts.append(utt)
        if not utts:
            raise DataError(f"{out_dir}: no utterances to synthesize")
        if ref_data_dir is not None:
            _copy_reference_tables(ref_data_dir, out_dir, utts)
    except BaseException:
        shutil.rmtree(tmp_dir, ignore_errors=True)
        raise
    shutil.rmtree(wav_dir, ignore_errors=True)
    tmp_dir.rename(wav_dir)
    write_table(scp, {utt: str((wav_dir / f"{utt}.wav").resolve()) for utt in utts})
    return scp
