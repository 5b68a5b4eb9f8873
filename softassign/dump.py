"""Sharded dumping of features and unit ids (one shard per ``JOB``), and the merge of the shards.

Shard ``j`` of ``nj`` covers a contiguous slice of the set's utterances and
writes ``<out_dir>/<name>.<j>.ark`` + ``.scp`` through
:func:`softassign.arkio.ark_scp_writer`: all or nothing, with the shard's
record (:mod:`softassign.records`: its command and input digests) in
``<name>.<j>.scp.done``. A rerun skips a shard whose record matches and
redoes it otherwise, so a changed data dir (moved shard boundaries), other
centroids or another reader conf never mix with old shards.
:func:`merge_shards` then checks that the shards together hold exactly the
set's utterances, once each and in order, and writes ``<name>.scp``.

Storage formats (kaldiio arks, read by ``kaldiio.load_scp`` and ESPnet's
``kaldi_ark`` type):

* features: float32 Kaldi matrices, or float16 matrices stored as NumPy
  ``.npy`` records inside the ark (``dtype="float16"``, kaldiio's
  ``write_function="numpy"``) — half the disk, used for the k-means portion;
* unit ids: int16 ``.npy`` vectors (2 bytes a frame) when K <= 32768, int32
  otherwise.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import numpy as np
import torch
from tqdm import tqdm

from softassign.arkio import ark_scp_writer
from softassign.errors import ConfigError, DataError
from softassign.features.sources import FeatureSource
from softassign.records import Record, is_current, read_record
from softassign.units.assign import check_dims, hard_assign

log = logging.getLogger(__name__)

#: Storage dtypes of dumped features.
FEATURE_DTYPES = ("float32", "float16")


def shard_paths(out_dir: str | Path, name: str, job: int) -> tuple[Path, Path]:
    """(ark, scp) paths of shard ``job`` of output ``name``."""
    out_dir = Path(out_dir)
    return out_dir / f"{name}.{job}.ark", out_dir / f"{name}.{job}.scp"


def shard_keys(keys: list[str], job: int, num_jobs: int) -> list[str]:
    """Keys of shard ``job`` (1-based) of ``num_jobs`` contiguous, near-equal shards."""
    if not 1 <= job <= num_jobs:
        raise ValueError(f"job {job} is outside 1..{num_jobs}")
    return keys[(len(keys) * (job - 1)) // num_jobs : (len(keys) * job) // num_jobs]


def write_feats_dim(out_dir: str | Path, dim: int) -> None:
    """Write ``<out_dir>/feats_dim`` (the feature dimension, one line) atomically; every shard writes the same."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / f"feats_dim.{os.getpid()}.tmp"
    tmp.write_text(f"{dim}\n")
    os.replace(tmp, out_dir / "feats_dim")


def _storable(utt: str, feats: torch.Tensor, dtype: str) -> np.ndarray:
    with np.errstate(over="ignore"):  # an overflow becomes inf, reported below
        array = feats.numpy().astype(dtype)
    if not np.isfinite(array).all():
        raise DataError(f"utterance {utt}: features overflow {dtype} (largest magnitude {feats.abs().max():.4g})")
    return array


def dump_features(
    source: FeatureSource, out_dir: str | Path, record: Record, job: int = 1, num_jobs: int = 1, dtype: str = "float32"
) -> Path:
    """Write shard ``job`` of the features of ``source``; returns its scp (skipped when its record matches).

    Also writes ``<out_dir>/feats_dim``. ``dtype`` is ``float32`` (Kaldi
    matrices) or ``float16`` (NumPy records in the ark; module docstring).
    """
    if dtype not in FEATURE_DTYPES:
        raise ConfigError(f"feature dtype must be one of {FEATURE_DTYPES}, got {dtype!r}")
    ark, scp = shard_paths(out_dir, "feats", job)
    if is_current(scp, record):
        log.info("%s is done; skipping", scp)
        return scp
    utts = shard_keys(source.utterances(), job, num_jobs)
    write_function = "numpy" if dtype == "float16" else None
    dim = None
    with ark_scp_writer(ark, scp, record, write_function) as writer:
        for utt, feats in tqdm(source.iterate(utts), total=len(utts), desc=f"feats {job}/{num_jobs}", mininterval=10):
            dim = feats.shape[1]
            writer[utt] = _storable(utt, feats, dtype)
    if dim is not None:
        write_feats_dim(out_dir, dim)
    return scp


def unit_dtype(num_units: int) -> np.dtype:
    """The storage dtype of unit ids: int16 when every id fits (K <= 32768), int32 otherwise."""
    return np.dtype(np.int16) if num_units <= np.iinfo(np.int16).max + 1 else np.dtype(np.int32)


def dump_units(
    source: FeatureSource, centroids: torch.Tensor, out_dir: str | Path, record: Record, job: int = 1, num_jobs: int = 1
) -> Path:
    """Write the hard unit ids of shard ``job`` of ``source``; returns its scp (skipped when its record matches)."""
    ark, scp = shard_paths(out_dir, "units", job)
    if is_current(scp, record):
        log.info("%s is done; skipping", scp)
        return scp
    utts = shard_keys(source.utterances(), job, num_jobs)
    dtype = unit_dtype(len(centroids))
    with ark_scp_writer(ark, scp, record, "numpy") as writer:
        for utt, feats in tqdm(source.iterate(utts), total=len(utts), desc=f"units {job}/{num_jobs}", mininterval=10):
            check_dims(feats, centroids, name=f"utterance {utt}")
            writer[utt] = hard_assign(feats, centroids).numpy().astype(dtype)
    return scp


def shard_file(pattern: str | Path, job: int) -> Path:
    """The shard ``job`` of a pattern naming shards with ``JOB`` (e.g. ``dump/x/units.JOB.scp``)."""
    return Path(str(pattern).replace("JOB", str(job)))


def _shard_lines(pattern: str | Path, job: int) -> list[str]:
    shard = shard_file(pattern, job)
    if read_record(shard) is None or not shard.is_file():
        raise DataError(f"{shard}: shard {job} is not finished (no file with a record); rerun its job")
    return shard.read_text(encoding="utf-8").splitlines()


def merge_shards(pattern: str | Path, num_jobs: int, out: str | Path, expected: list[str]) -> Path:
    """Concatenate the finished shards 1..``num_jobs`` of ``pattern`` (Kaldi tables) into ``out`` atomically.

    The shards must hold exactly the ``expected`` utterances in order, each
    once: otherwise a DataError names the first duplicate (and both shards),
    missing or unexpected utterance, and nothing is written. Returns ``out``.
    """
    lines, owner = [], {}
    for job in range(1, num_jobs + 1):
        for line in _shard_lines(pattern, job):
            utt = line.split(maxsplit=1)[0]
            if utt in owner:
                raise DataError(f"{pattern}: utterance {utt} is in shard {owner[utt]} and in shard {job}")
            owner[utt] = job
            lines.append(line)
    keys = [line.split(maxsplit=1)[0] for line in lines]
    if keys != expected:
        missing, extra = sorted(set(expected) - set(owner)), sorted(set(owner) - set(expected))
        detail = f"{missing[0]} is missing" if missing else f"{extra[0]} is not in the set" if extra else "out of order"
        raise DataError(f"{pattern}: the {num_jobs} shards do not hold the set's utterances ({detail})")
    out = Path(out)
    tmp = out.with_name(f"{out.name}.{os.getpid()}.tmp")
    tmp.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    os.replace(tmp, out)
    return out
