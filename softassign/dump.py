"""Sharded dumping of features and unit ids for a Kaldi data dir (one shard per ``JOB``).

Shard ``j`` of ``nj`` writes ``<out_dir>/<name>.<j>.ark`` and ``.scp`` through
:func:`softassign.arkio.ark_scp_writer` (all or nothing, ``.done`` marker);
concatenating the shard scps in job order gives the sorted scp of the set.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import torch
from tqdm import tqdm

from softassign.arkio import ark_scp_writer, is_done, iter_feature_scp, scp_keys
from softassign.audio import load_audio
from softassign.datadir import load_data_dir
from softassign.errors import DataError
from softassign.features import FeatureReader
from softassign.units.assign import check_dims, hard_assign

log = logging.getLogger(__name__)


def shard_paths(out_dir: str | Path, name: str, job: int) -> tuple[Path, Path]:
    """(ark, scp) paths of shard ``job`` of output ``name``."""
    out_dir = Path(out_dir)
    return out_dir / f"{name}.{job}.ark", out_dir / f"{name}.{job}.scp"


def shard_keys(keys: list[str], job: int, num_jobs: int) -> list[str]:
    """Keys of shard ``job`` (1-based) of ``num_jobs`` contiguous, near-equal shards."""
    if not 1 <= job <= num_jobs:
        raise ValueError(f"job {job} is outside 1..{num_jobs}")
    return keys[(len(keys) * (job - 1)) // num_jobs : (len(keys) * job) // num_jobs]


def iter_reader_features(
    data_dir: str | Path, utts: list[str] | None, reader: FeatureReader, batch_size: int = 1
) -> Iterator[tuple[str, torch.Tensor]]:
    """Yield (utt, features) computed by ``reader`` from the audio of a data dir, ``batch_size`` at a time."""
    data = load_data_dir(data_dir, require_text=False)
    utts = data.utterances if utts is None else utts
    for start in range(0, len(utts), batch_size):
        batch = utts[start : start + batch_size]
        waves = [_load(data, utt, reader.sample_rate) for utt in batch]
        for utt, feats in zip(batch, reader.extract(waves)):
            if len(feats) == 0:
                raise DataError(f"utterance {utt}: audio too short for a single feature frame")
            yield utt, feats


def _load(data, utt: str, sample_rate: int) -> torch.Tensor:
    entry, segment = data.audio_ref(utt)
    return load_audio(entry, sample_rate, utt, segment)


def iter_scp_features(scp: str | Path, utts: list[str] | None = None) -> Iterator[tuple[str, torch.Tensor]]:
    """Yield (utt, features) from a dumped feature scp (checked by :func:`iter_feature_scp`)."""
    for utt, feats in iter_feature_scp(scp, utts):
        yield utt, torch.from_numpy(feats)


def dump_features(
    data_dir: str | Path,
    reader: FeatureReader,
    out_dir: str | Path,
    job: int = 1,
    num_jobs: int = 1,
    batch_size: int = 1,
) -> Path:
    """Write shard ``job`` of the features of a data dir; returns its scp (skipped when done).

    Also writes ``<out_dir>/feats_dim`` (the feature dimension, one line), which
    training stages read as the model's input size.
    """
    write_feats_dim(out_dir, reader.dim)
    ark, scp = shard_paths(out_dir, "feats", job)
    if is_done(scp):
        log.info("%s is done; skipping", scp)
        return scp
    utts = shard_keys(load_data_dir(data_dir, require_text=False).utterances, job, num_jobs)
    with ark_scp_writer(ark, scp) as writer:
        stream = iter_reader_features(data_dir, utts, reader, batch_size)
        for utt, feats in tqdm(stream, total=len(utts), desc=f"feats {job}/{num_jobs}", mininterval=10):
            writer[utt] = feats.numpy()
    return scp


def write_feats_dim(out_dir: str | Path, dim: int) -> None:
    """Write ``<out_dir>/feats_dim`` atomically (every shard writes the same value)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / f"feats_dim.{os.getpid()}.tmp"
    tmp.write_text(f"{dim}\n")
    os.replace(tmp, out_dir / "feats_dim")


def dump_units(
    features: Iterator[tuple[str, torch.Tensor]],
    centroids: torch.Tensor,
    out_dir: str | Path,
    job: int = 1,
    total: int | None = None,
) -> Path:
    """Write hard unit ids (int32 vectors) of shard ``job`` from a (utt, features) stream; returns the scp."""
    ark, scp = shard_paths(out_dir, "units", job)
    if is_done(scp):
        log.info("%s is done; skipping", scp)
        return scp
    with ark_scp_writer(ark, scp) as writer:
        for utt, feats in tqdm(features, total=total, desc=f"units {job}", mininterval=10):
            check_dims(feats, centroids, name=f"utterance {utt}")
            writer[utt] = hard_assign(feats, centroids).numpy().astype(np.int32)
    return scp


def feature_shard(
    job: int,
    num_jobs: int,
    feats_scp: str | None = None,
    data_dir: str | None = None,
    reader: FeatureReader | None = None,
    batch_size: int = 1,
) -> tuple[Iterator[tuple[str, torch.Tensor]], int]:
    """The (utt, features) stream of one shard, from a dumped scp or computed from a data dir; and its length."""
    if feats_scp is not None:
        utts = shard_keys(scp_keys(feats_scp), job, num_jobs)
        return iter_scp_features(feats_scp, utts), len(utts)
    if data_dir is None or reader is None:
        raise ValueError("give either feats_scp, or data_dir and reader")
    utts = shard_keys(load_data_dir(data_dir, require_text=False).utterances, job, num_jobs)
    return iter_reader_features(data_dir, utts, reader, batch_size), len(utts)
