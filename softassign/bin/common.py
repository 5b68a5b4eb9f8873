"""Shared command-line plumbing for the entry points: logging, error reporting, job records, shard options."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from softassign.errors import ConfigError, DataError
from softassign.records import Record, command_record

if TYPE_CHECKING:
    from softassign.features.base import FeatureReader
    from softassign.features.sources import FeatureSource


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


def parse_pairs(pairs: list[str]) -> list[tuple[str, str]]:
    """(source, output) of each ``SOURCE:OUT`` argument; ConfigError naming a malformed one."""
    parsed = []
    for pair in pairs:
        source, _, out = pair.rpartition(":")
        if not source or not out:
            raise ConfigError(f"expected SOURCE:OUT, got {pair!r}")
        parsed.append((source, out))
    return parsed


def source_of(path: str, reader: FeatureReader | None) -> FeatureSource:
    """The features of ``path``: a data dir's audio through ``reader``, or a feature scp."""
    from softassign.features.sources import FeatureSource

    if Path(path).is_dir():
        if reader is None:
            raise ConfigError(f"{path}: a data dir source needs a feature reader (--reader_conf)")
        return FeatureSource(data_dir=path, reader=reader)
    return FeatureSource(scp=path)


def add_worker_args(parser: argparse.ArgumentParser) -> None:
    """``--nj``: worker processes of a one-job step, by default the job's thread allotment (``$OMP_NUM_THREADS``,
    which the launcher sets from its ``--num_threads``), so the command a record names does not change with the
    resources."""
    parser.add_argument(
        "--nj",
        type=int,
        default=int(os.environ.get("OMP_NUM_THREADS", "1")),
        help="worker processes (default: $OMP_NUM_THREADS, else 1)",
    )


def add_shard_args(parser: argparse.ArgumentParser) -> None:
    """``--job`` / ``--nj``: which of the ``JOB=1:nj`` shards this process writes."""
    parser.add_argument("--job", type=int, default=1, help="shard index, 1-based")
    parser.add_argument("--nj", type=int, default=1, help="number of shards")


def add_dump_args(parser: argparse.ArgumentParser) -> None:
    """The options of the dump entry points: ``--reader_conf``, ``--device``, the shard options and the
    ``SOURCE:OUT_DIR`` pairs."""
    parser.add_argument("--reader_conf", help="YAML feature reader config ({type: mfcc|ssl, ...}) of data dir sources")
    parser.add_argument("--device", default="cpu", help="torch device of the reader (cpu, cuda, cuda:1)")
    add_shard_args(parser)
    parser.add_argument("sets", nargs="+", metavar="SOURCE:OUT_DIR", help="a data dir (or feature scp) and its output")


def dump_jobs(module: str, args: argparse.Namespace, options: list[str]) -> Iterator[tuple[FeatureSource, str, Record]]:
    """(features, out_dir, record) of this shard of each ``SOURCE:OUT_DIR`` of ``args`` (:func:`add_dump_args`),
    all read through one reader; ``options`` are the module's own options, which its records name."""
    from softassign.features.sources import build_reader_conf

    pairs = parse_pairs(args.sets)
    reader = build_reader_conf(args.reader_conf, args.device) if args.reader_conf else None
    shared = [f"--reader_conf={args.reader_conf}", *options, f"--device={args.device}"]
    for source, out in pairs:
        words = ["python", "-m", module, *shared, f"{source}:{out}", f"--job={args.job}", f"--nj={args.nj}"]
        yield source_of(source, reader), out, command_record(words, [out])
