"""Atomic file writes: a temporary file in the target's directory, renamed over the target when complete.

A job killed mid-write (kill -9, a node failure) then leaves either the old file or the new one, never a
truncated one; the temporary file carries the writer's pid, so two writers never share one.
"""

from __future__ import annotations

import os
from pathlib import Path

from softassign import failpoints


def atomic_write_text(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically; returns the path."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        failpoints.reached("before_rename")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path
