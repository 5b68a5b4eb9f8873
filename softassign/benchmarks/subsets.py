"""Subsets of a corpus for benchmarks: the first N entries of a Kaldi scp and their transcripts."""

from __future__ import annotations

import os
from pathlib import Path

from softassign.atomic import atomic_write_text
from softassign.datadir import read_table, write_table
from softassign.errors import DataError


def subset_scp(scp: str | os.PathLike, num_utts: int, out: str | os.PathLike) -> Path:
    """Write the first ``num_utts`` entries of a Kaldi scp to ``out`` (same arks); DataError if it has fewer."""
    with open(scp, encoding="utf-8") as f:
        lines = [line for line in f if line.strip()]
    if len(lines) < num_utts:
        raise DataError(f"{scp}: {len(lines)} utterances, fewer than the {num_utts} asked for")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out, "".join(lines[:num_utts]))
    return out


def subset_text(text: str | os.PathLike, utts: list[str], out: str | os.PathLike) -> Path:
    """Write the transcripts of ``utts`` to ``out``; DataError naming the utterance ``text`` lacks."""
    table = read_table(text, allow_empty=True)
    missing = [utt for utt in utts if utt not in table]
    if missing:
        raise DataError(f"{text}: no transcript for utterance {missing[0]!r}")
    write_table(out, {utt: table[utt] for utt in utts})
    return Path(out)
