"""Sharded dumping of features and unit ids (one shard per ``JOB``), and the merge of the shards.

Shard ``j`` of ``nj`` covers a contiguous slice of the set's utterances and
writes ``<out_dir>/<name>.<j>.ark`` + ``.scp`` through
:func:`softassign.arkio.ark_scp_writer`: all or nothing, with the shard's
record (:mod:`softassign.records`: its command and input digests) in
``<name>.<j>.scp.done``. A rerun skips a shard whose record matches and
redoes it otherwise, so a changed data dir (moved shard boundaries), other
centroids or another reader conf never mix with old shards.
:func:`merge_shards` then checks that the shards together hold exactly the
set's utterances, once each and in order, and writes ``<name>.scp``
(:mod:`softassign.shards`).

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
from pathlib import Path

import numpy as np
import torch
from tqdm import tqdm

from softassign.arkio import ark_scp_writer
from softassign.atomic import replacing
from softassign.errors import ConfigError, DataError
from softassign.features.sources import FeatureSource
from softassign.records import Record, is_current
from softassign.shards import shard_keys, shard_paths
from softassign.units.assign import check_dims, hard_assign

log = logging.getLogger(__name__)

#: Storage dtypes of dumped features.
FEATURE_DTYPES = ("float32", "float16")


def write_feats_dim(out_dir: str | Path, dim: int) -> None:
    """Write ``<out_dir>/feats_dim`` (the feature dimension, one line) atomically; every shard writes the same."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with replacing(out_dir / "feats_dim", exclusive=False) as tmp:
        tmp.write_text(f"{dim}\n")


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
