"""The micro-benchmarks' plumbing: wall-time measurement, and named figures printed and kept as JSON.

A figures file is ``{"benchmark": name, "settings": {...}, "figures": {...}}``
with plain numbers and strings; :func:`read_figures` checks that shape.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

from softassign.atomic import replacing
from softassign.errors import DataError


def timed(run: Callable[[], object]) -> tuple[float, object]:
    """Wall time (seconds) of ``run()`` and its result."""
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def format_figures(benchmark: str, settings: dict, figures: dict) -> str:
    """The figures as ``benchmark: name value`` lines, settings first."""
    lines = [f"{benchmark}: setting {name} = {value}" for name, value in settings.items()]
    return "\n".join(lines + [f"{benchmark}: {name} {value}" for name, value in figures.items()]) + "\n"


def write_figures(out: str | os.PathLike, benchmark: str, settings: dict, figures: dict) -> None:
    """Write a figures file (JSON) atomically."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with replacing(out) as tmp:
        tmp.write_text(json.dumps({"benchmark": benchmark, "settings": settings, "figures": figures}, indent=1) + "\n")


def report_figures(out: str | os.PathLike | None, benchmark: str, settings: dict, figures: dict) -> None:
    """Print the figures and, when ``out`` is given, write them there."""
    print(format_figures(benchmark, settings, figures), end="", flush=True)
    if out is not None:
        write_figures(out, benchmark, settings, figures)


def read_figures(path: str | os.PathLike) -> dict:
    """Read a figures file; DataError naming it when it is not one."""
    try:
        content = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise DataError(f"{path}: cannot read benchmark figures ({err})") from err
    if not isinstance(content, dict) or not {"benchmark", "settings", "figures"} <= set(content):
        raise DataError(f"{path}: not a benchmark figures file (expected benchmark, settings, figures)")
    return content
