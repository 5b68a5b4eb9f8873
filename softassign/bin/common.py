"""Shared command-line plumbing for the entry points: logging set-up and YAML configs."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from softassign.errors import ConfigError

if TYPE_CHECKING:
    from softassign.features import FeatureReader


def setup_logging() -> None:
    """Log INFO and above to stderr (captured in per-job logs) with timestamps."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s: %(message)s")


def load_yaml(path: str | Path) -> dict:
    """Read a YAML mapping, naming the file when it is missing or not a mapping."""
    try:
        with open(path, encoding="utf-8") as f:
            config = yaml.safe_load(f) or {}
    except OSError as err:
        raise ConfigError(f"{path}: cannot read config ({err})") from err
    if not isinstance(config, dict):
        raise ConfigError(f"{path}: expected a YAML mapping")
    return config


def reader_from_args(args: argparse.Namespace) -> FeatureReader:
    """Build the feature reader of ``--reader_conf`` on ``--device``."""
    from softassign.features import build_reader  # torch is imported only by the entry points that need it

    return build_reader({**load_yaml(args.reader_conf), "device": args.device})


def add_shard_args(parser: argparse.ArgumentParser) -> None:
    """``--job`` / ``--nj``: which of the ``JOB=1:nj`` shards this process writes."""
    parser.add_argument("--job", type=int, default=1, help="shard index, 1-based")
    parser.add_argument("--nj", type=int, default=1, help="number of shards")


def add_reader_args(parser: argparse.ArgumentParser) -> None:
    """``--reader_conf`` / ``--device`` / ``--batch_size`` for on-the-fly feature extraction."""
    parser.add_argument("--reader_conf", help="YAML feature reader config ({type: mfcc|fbank|ssl, ...})")
    parser.add_argument("--device", default="cpu", help="torch device for feature extraction (cpu, cuda, cuda:1)")
    parser.add_argument("--batch_size", type=int, default=1, help="utterances per forward pass")
