"""Training checkpoints shared by the project's own trainers (HuBERT pretraining, the unit vocoder).

A trainer writes ``<out_dir>/checkpoint.<step>.pt`` with :func:`write_checkpoint`
(atomically, keeping the newest few) and resumes from :func:`latest_checkpoint`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import torch

from softassign import failpoints
from softassign.atomic import replacing


def save_atomic(path: str | os.PathLike, state: dict) -> None:
    """``torch.save`` to a tmp file, then rename: a crash never leaves a truncated file at ``path``."""
    path = Path(path)
    with replacing(path) as tmp:
        torch.save(state, tmp)
        failpoints.reached("before_rename")


def checkpoint_path(out_dir: Path, step: int) -> Path:
    """Where the checkpoint of ``step`` is written."""
    return out_dir / f"checkpoint.{step}.pt"


def checkpoints(out_dir: Path) -> list[Path]:
    """The checkpoints in ``out_dir``, oldest step first."""
    steps = {}
    for path in out_dir.glob("checkpoint.*.pt"):
        if match := re.fullmatch(r"checkpoint\.(\d+)\.pt", path.name):
            steps[path] = int(match[1])
    return sorted(steps, key=steps.get)


def latest_checkpoint(out_dir: Path) -> Path | None:
    """The checkpoint of the highest step in ``out_dir``, or None when there is none."""
    found = checkpoints(out_dir)
    return found[-1] if found else None


def write_checkpoint(out_dir: Path, step: int, state: dict, keep: int) -> Path:
    """Write ``state`` as the checkpoint of ``step`` and delete all but the newest ``keep`` checkpoints."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = checkpoint_path(out_dir, step)
    save_atomic(path, state)
    for old in checkpoints(out_dir)[:-keep]:
        old.unlink()
    return path
