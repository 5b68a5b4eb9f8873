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

ESPnet writes an epoch's ``checkpoint.pth`` first and its ``<epoch>epoch.pth``
snapshot (then the ``latest.pth`` and ``*.best.pth`` links) after it: a kill
in between leaves a checkpoint of an epoch without its snapshot, and the
resumed run would never write it (the n-best average then differs). The
resume restores them from the checkpoint (the same model state).
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
import yaml
from espnet2.train.reporter import Reporter
from espnet2.train.trainer import Trainer

from softassign import failpoints
from softassign.atomic import replacing
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
    with replacing(path.with_name(PREVIOUS)) as tmp:
        os.link(path, tmp)


@contextlib.contextmanager
def atomic_torch_save() -> Iterator[None]:
    """Within the block, ``torch.save(obj, path)`` writes a temporary file and renames it over ``path``."""
    original = torch.save

    def save(obj, f, *args, **kwargs):
        if not isinstance(f, (str, os.PathLike)):
            return original(obj, f, *args, **kwargs)
        path = Path(f)
        with replacing(path) as tmp:
            original(obj, tmp, *args, **kwargs)
            failpoints.reached("before_rename")
            _keep_previous(path)
        return None

    torch.save = save
    try:
        yield
    finally:
        torch.save = original


def relink(link: Path, target: str) -> None:
    """Point symlink ``link`` at ``target`` (a file name in its directory)."""
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(target)


def restore_epoch_outputs(checkpoint: Path) -> None:
    """Write the snapshot, ``latest.pth`` and best links of the checkpoint's epoch when a kill left them out."""
    states = torch.load(checkpoint, map_location="cpu", weights_only=False)
    reporter = Reporter()
    reporter.load_state_dict(states["reporter"])
    epoch, out = reporter.get_epoch(), checkpoint.parent
    snapshot = out / f"{epoch}epoch.pth"
    if not snapshot.exists():
        log.warning("%s was not written before the run stopped: restoring it from %s", snapshot, checkpoint)
        with atomic_torch_save():
            torch.save(states["model"], snapshot)
    relink(out / "latest.pth", snapshot.name)
    config = out / "config.yaml"
    criteria = yaml.safe_load(config.read_text()).get("best_model_criterion", []) if config.exists() else []
    for phase, key, mode in criteria:
        if reporter.has(phase, key) and reporter.get_best_epoch(phase, key, mode) == epoch:
            relink(out / f"{phase}.{key}.best.pth", snapshot.name)


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
            restore_epoch_outputs(checkpoint)
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
        restore_epoch_outputs(previous)
