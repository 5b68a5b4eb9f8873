"""Kaldi ark/scp input and output with all-or-nothing writes and records of what produced them.

Every writer here produces ``name.ark`` + ``name.scp`` and then
``name.scp.done``, the output's record (:mod:`softassign.records`). The scp
is written under a temporary name and renamed only after the last entry is
on disk; on any error both files are removed, so a crashed or rejected job
never leaves a partial ark/scp that a later stage could mistake for output.
A killed job leaves at most an ark and a temporary scp, without a record.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import kaldiio
import numpy as np

from softassign import failpoints
from softassign.atomic import replacing
from softassign.errors import DataError
from softassign.records import Record, clear, write_record


def done_marker(path: str | os.PathLike) -> Path:
    """The marker file that says ``path`` was written completely."""
    return Path(f"{path}.done")


def is_done(path: str | os.PathLike) -> bool:
    """True when ``path`` and its ``.done`` marker both exist."""
    return Path(path).exists() and done_marker(path).exists()


def _remove(*paths: Path) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


class _CountedWriter:
    """A kaldiio writer that passes each written entry by the ``ark_entry`` fail point."""

    def __init__(self, writer: kaldiio.WriteHelper):
        self._writer = writer

    def __setitem__(self, key: str, value: np.ndarray) -> None:
        self._writer[key] = value
        failpoints.reached("ark_entry")


@contextlib.contextmanager
def ark_scp_writer(
    ark: str | os.PathLike, scp: str | os.PathLike, record: Record, write_function: str | None = None
) -> Iterator[_CountedWriter]:
    """Context manager yielding a writer (``writer[utt] = array``) for ark+scp; ``record`` says what made them.

    The scp and its record appear only when the block finishes without an
    exception; otherwise ark and scp are removed. ``write_function`` is
    kaldiio's (``"numpy"`` stores any dtype as NumPy records; None: Kaldi's
    own float matrices and int32 vectors).
    """
    ark, scp = Path(ark), Path(scp)
    clear(scp)
    ark.parent.mkdir(parents=True, exist_ok=True)
    try:
        with (
            replacing(scp) as tmp_scp,
            kaldiio.WriteHelper(f"ark,scp:{ark},{tmp_scp}", write_function=write_function) as writer,
        ):
            yield _CountedWriter(writer)
    except BaseException:
        _remove(ark, scp)
        raise
    write_record(scp, record)


def iter_scp(scp: str | os.PathLike, utts: list[str] | None = None) -> Iterator[tuple[str, np.ndarray]]:
    """Yield (utt, array) from a Kaldi scp, in file order or in the order of ``utts``."""
    if not Path(scp).is_file():
        raise DataError(f"{scp}: no such scp file")
    if utts is None:
        with kaldiio.ReadHelper(f"scp:{scp}") as reader:
            yield from reader
        return
    table = kaldiio.load_scp(str(scp))
    for utt in utts:
        if utt not in table:
            raise DataError(f"{scp}: no entry for utterance {utt!r}")
        yield utt, table[utt]


def iter_feature_scp(scp: str | os.PathLike, utts: list[str] | None = None) -> Iterator[tuple[str, np.ndarray]]:
    """Yield (utt, float32 (frames, dim) matrix) from a feature scp; all must share one finite dim."""
    dim = None
    for utt, feats in iter_scp(scp, utts):
        dim = feats.shape[-1] if dim is None else dim
        if feats.ndim != 2 or feats.shape[1] != dim:
            raise DataError(f"{scp}: utterance {utt}: features of shape {feats.shape} do not match dim {dim}")
        if not np.isfinite(feats).all():
            raise DataError(f"{scp}: utterance {utt}: features contain NaN or infinite values")
        yield utt, np.array(feats, dtype=np.float32)


def scp_keys(scp: str | os.PathLike) -> list[str]:
    """Utterance ids of a Kaldi scp, in file order."""
    if not Path(scp).is_file():
        raise DataError(f"{scp}: no such scp file")
    with open(scp, encoding="utf-8") as f:
        return [line.split(maxsplit=1)[0] for line in f if line.strip()]
