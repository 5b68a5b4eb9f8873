"""Atomic file writes: a temporary file in the target's directory, renamed over the target when complete.

A job killed mid-write (kill -9, a node failure) then leaves either the old file or the new one, never a
truncated one. The temporary file is ``.<name>.<pid>.tmp[<suffix>]`` beside the target: the writer's pid keeps
two writers apart, and the next writer of the same target removes what a killed one left (a model checkpoint's
temporary can be gigabytes), so a rerun leaves no temporary behind. A temporary whose pid runs on this machine
is left alone.

    with replacing(path, suffix=".npy") as tmp:
        np.save(tmp, array)
        failpoints.reached("before_rename")  # where the kill tests may stop a write (softassign.failpoints)
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

from softassign import failpoints


def temporary_path(path: str | os.PathLike, suffix: str = "", exclusive: bool = True) -> Path:
    """This process's temporary file for an atomic write of ``path``: ``.<name>.<pid>.tmp<suffix>``.

    ``suffix`` keeps an extension that the writing library insists on (``.npy``, ``.png``). With ``exclusive``
    (this process is the only writer of ``path``: the recipes' run lock and job sharding make it so), the
    temporaries of ``path`` that killed writers left are removed first (:func:`remove_stale_temporaries`);
    several processes writing the same file at once, maybe on other nodes (every shard writes the same
    ``feats_dim``), pass ``exclusive=False``.
    """
    path = Path(path)
    if exclusive:
        remove_stale_temporaries(path)
    return path.with_name(f".{path.name}.{os.getpid()}.tmp{suffix}")


def remove_stale_temporaries(path: str | os.PathLike) -> list[Path]:
    """Remove the temporaries of ``path`` (``.<name>.<pid>.tmp*``) whose writer is gone; returns them.

    Gone: no process of that pid runs on this machine (a zombie counts as gone), or the pid is this process's
    own (a leftover of an earlier process that had the same pid). A temporary written on another node with a
    pid that runs here is kept until that pid ends.
    """
    path = Path(path)
    pattern = re.compile(rf"\.{re.escape(path.name)}\.(\d+)\.tmp.*")
    stale = []
    with contextlib.suppress(FileNotFoundError):
        for entry in os.scandir(path.parent):
            match = pattern.fullmatch(entry.name)
            if not match or entry.is_dir(follow_symlinks=False):
                continue
            pid = int(match.group(1))
            if pid == os.getpid() or not _running(pid):
                Path(entry.path).unlink(missing_ok=True)
                stale.append(Path(entry.path))
    return stale


def _running(pid: int) -> bool:
    """Whether a process ``pid`` runs on this machine (a zombie, killed but not reaped, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return not Path("/proc/self").exists() and _signalable(pid)  # no such pid, or no /proc to ask
    except (OSError, IndexError):
        return _signalable(pid)
    return state != "Z"


def _signalable(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


@contextlib.contextmanager
def replacing(path: str | os.PathLike, suffix: str = "", exclusive: bool = True) -> Iterator[Path]:
    """Yield the :func:`temporary_path` of ``path``; when the block ends without an error it is renamed over
    ``path``, and in any case none is left behind."""
    path = Path(path)
    tmp = temporary_path(path, suffix, exclusive)
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write_text(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically; returns the path."""
    with replacing(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
        failpoints.reached("before_rename")
    return Path(path)
