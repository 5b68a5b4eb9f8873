"""ESPnet's trainer with atomic checkpoint writes and a resume that survives a checkpoint cut short.

ESPnet's :class:`espnet2.train.trainer.Trainer` writes ``checkpoint.pth``
(model, optimisers, schedulers, reporter), ``<epoch>epoch.pth`` and the
averaged models with plain ``torch.save``: a job killed while it writes
leaves a truncated file, and every later ``--resume true`` run dies in
``torch.load`` (``EOFError: Ran out of input``). :class:`AtomicTrainer`
(set as ``trainer`` of :class:`softassign.espnet.tasks.SoftassignASRTask`,
ESPnet's own extension point; no ESPnet file is patched) runs ESPnet's
training loop with every ``torch.save`` to a path going to a temporary file
that is renamed over the target only when complete, and keeps the
checkpoint it replaces as ``checkpoint.prev.pth``. Its resume falls back to
that previous checkpoint when ``checkpoint.pth`` cannot be read (a file
written by an older run without atomic saves), naming both files.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import zipfile
from collections.abc import Iterator
from pathlib import Path

import torch
from espnet2.train.trainer import Trainer

from softassign import failpoints
from softassign.errors import DataError

log = logging.getLogger(__name__)

CHECKPOINT = "checkpoint.pth"
PREVIOUS = "checkpoint.prev.pth"

#: What torch.load raises on a truncated or empty checkpoint.
UNREADABLE = (EOFError, RuntimeError, pickle.UnpicklingError, zipfile.BadZipFile, OSError)


def _keep_previous(path: Path) -> None:
    """Hard-link the checkpoint about to be replaced as ``checkpoint.prev.pth`` (atomically)."""
    if path.name != CHECKPOINT or not path.exists():
        return
    tmp = path.with_name(f".{PREVIOUS}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    os.link(path, tmp)
    os.replace(tmp, path.with_name(PREVIOUS))


@contextlib.contextmanager
def atomic_torch_save() -> Iterator[None]:
    """Within the block, ``torch.save(obj, path)`` writes a temporary file and renames it over ``path``."""
    original = torch.save

    def save(obj, f, *args, **kwargs):
        if not isinstance(f, (str, os.PathLike)):
            return original(obj, f, *args, **kwargs)
        path = Path(f)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            original(obj, tmp, *args, **kwargs)
            failpoints.reached("before_rename")
            _keep_previous(path)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
        return None

    torch.save = save
    try:
        yield
    finally:
        torch.save = original


class AtomicTrainer(Trainer):
    """ESPnet's Trainer whose saves are atomic and whose resume falls back to the previous checkpoint."""

    @classmethod
    def run(cls, *args, **kwargs) -> None:
        """ESPnet's training loop, with atomic ``torch.save`` (module docstring)."""
        with atomic_torch_save():
            super().run(*args, **kwargs)

    @classmethod
    def resume(cls, checkpoint: str | Path, *args, **kwargs) -> None:
        """Resume from ``checkpoint``, or from ``checkpoint.prev.pth`` beside it when it cannot be read."""
        checkpoint = Path(checkpoint)
        try:
            Trainer.resume(checkpoint, *args, **kwargs)
            return
        except UNREADABLE as err:
            previous = checkpoint.with_name(PREVIOUS)
            if not previous.exists():
                raise DataError(
                    f"{checkpoint}: cannot resume training from this checkpoint ({type(err).__name__}: {err}) and "
                    f"there is no {PREVIOUS} to fall back on; remove {checkpoint} to restart the training"
                ) from err
            log.warning("%s cannot be read (%s: %s); resuming from %s", checkpoint, type(err).__name__, err, previous)
        Trainer.resume(previous, *args, **kwargs)
