"""Shared command-line plumbing for the entry points: logging, error reporting, job records, shard options."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from softassign.errors import ConfigError, DataError
from softassign.records import Record, command_record


def setup_logging() -> None:
    """Log INFO and above to stderr (captured in per-job logs) with timestamps."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s: %(message)s")


def run(main: Callable[[], None]) -> None:
    """Run an entry point's ``main``; bad input (DataError, ConfigError) exits 1 with its message, no traceback.

    Every message of those errors names the file or utterance at fault, so the
    traceback adds nothing for a user; other exceptions (bugs) keep theirs.
    """
    try:
        main()
    except (DataError, ConfigError) as err:
        name = Path(sys.argv[0]).stem if sys.argv and sys.argv[0] != "-m" else "softassign"
        print(f"{name}: error: {err}", file=sys.stderr)
        sys.exit(1)


def job_record(module: str, argv: list[str] | None, outputs: list[str]) -> Record:
    """The record of this job (``python -m module argv``) writing ``outputs`` (:mod:`softassign.records`)."""
    words = sys.argv[1:] if argv is None else list(argv)
    return command_record(["python", "-m", module, *words], outputs)


def add_shard_args(parser: argparse.ArgumentParser) -> None:
    """``--job`` / ``--nj``: which of the ``JOB=1:nj`` shards this process writes."""
    parser.add_argument("--job", type=int, default=1, help="shard index, 1-based")
    parser.add_argument("--nj", type=int, default=1, help="number of shards")
