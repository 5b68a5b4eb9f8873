"""Shards of a job array: which utterances a job takes, where it writes, and the checked merge of the shards.

Torch-free, so that the merge step between job arrays starts in a fraction of a second.
Shard ``j`` of ``nj`` covers a contiguous slice of a set's utterances (in Kaldi order), so
concatenating the shards in job order gives the set's table in order. :func:`merge_shards`
checks that: every shard finished (it has its record), no utterance twice, none missing.
"""

from __future__ import annotations

from pathlib import Path

from softassign.atomic import replacing
from softassign.errors import DataError
from softassign.records import read_record


def shard_paths(out_dir: str | Path, name: str, job: int) -> tuple[Path, Path]:
    """(ark, scp) paths of shard ``job`` of output ``name``."""
    out_dir = Path(out_dir)
    return out_dir / f"{name}.{job}.ark", out_dir / f"{name}.{job}.scp"


def shard_keys(keys: list[str], job: int, num_jobs: int) -> list[str]:
    """Keys of shard ``job`` (1-based) of ``num_jobs`` contiguous, near-equal shards."""
    if not 1 <= job <= num_jobs:
        raise ValueError(f"job {job} is outside 1..{num_jobs}")
    return keys[(len(keys) * (job - 1)) // num_jobs : (len(keys) * job) // num_jobs]


def shard_file(pattern: str | Path, job: int) -> Path:
    """The shard ``job`` of a pattern naming shards with ``JOB`` (e.g. ``dump/x/units.JOB.scp``)."""
    return Path(str(pattern).replace("JOB", str(job)))


def _shard_lines(pattern: str | Path, job: int) -> list[str]:
    shard = shard_file(pattern, job)
    if read_record(shard) is None or not shard.is_file():
        raise DataError(f"{shard}: shard {job} is not finished (no file with a record); rerun its job")
    return shard.read_text(encoding="utf-8").splitlines()


def merge_shards(pattern: str | Path, num_jobs: int, out: str | Path, expected: list[str]) -> Path:
    """Concatenate the finished shards 1..``num_jobs`` of ``pattern`` (Kaldi tables) into ``out`` atomically.

    The shards must hold exactly the ``expected`` utterances in order, each
    once: otherwise a DataError names the first duplicate (and both shards),
    missing or unexpected utterance, and nothing is written. Returns ``out``.
    """
    lines, owner = [], {}
    for job in range(1, num_jobs + 1):
        for line in _shard_lines(pattern, job):
            utt = line.split(maxsplit=1)[0]
            if utt in owner:
                raise DataError(f"{pattern}: utterance {utt} is in shard {owner[utt]} and in shard {job}")
            owner[utt] = job
            lines.append(line)
    keys = [line.split(maxsplit=1)[0] for line in lines]
    if keys != expected:
        missing, extra = sorted(set(expected) - set(owner)), sorted(set(owner) - set(expected))
        detail = f"{missing[0]} is missing" if missing else f"{extra[0]} is not in the set" if extra else "out of order"
        raise DataError(f"{pattern}: the {num_jobs} shards do not hold the set's utterances ({detail})")
    out = Path(out)
    with replacing(out) as tmp:
        tmp.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return out
