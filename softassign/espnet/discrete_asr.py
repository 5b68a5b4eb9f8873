"""ESPnet's own discrete-unit ASR (its ``asr2`` recipe) on the recipe's unit ids: the baseline ``espnet_asr2``.

ESPnet's ``egs2/TEMPLATE/asr2/asr2.sh`` turns each utterance's unit ids into a "source text" for its MT-style
task (``espnet2.tasks.mt.MTTask`` with ``model: discrete_asr``): consecutive repeats are removed (``src_case=rm``)
and every id becomes one CJK character, ``chr(0x4e00 + id)``, with no spaces, so that sentencepiece can learn
a source BPE over unit sequences. :func:`unit_text` does exactly that, on the ids this recipe dumped (the same
units its hard and soft systems use). Training (``softassign.bin.mt_train``: ESPnet's MTTask with atomic
checkpoints) and decoding (``espnet2.bin.mt_inference``) are ESPnet's.

Soft assignment has no place in such a model: its input is a deduplicated, BPE-segmented token sequence, not a
frame-level embedding lookup, so there is no per-frame embedding to replace by an expectation; it decodes hard.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from softassign.arkio import iter_scp
from softassign.atomic import atomic_write_text
from softassign.errors import ConfigError

#: The first code point of the CJK Unified Ideographs block, and how many ids fit in it (U+4E00..U+9FFF).
CJK_START, CJK_SIZE = 0x4E00, 0x9FFF - 0x4E00 + 1


def deduplicate(ids: np.ndarray) -> np.ndarray:
    """The ids with consecutive repeats collapsed (``a a b b b a`` -> ``a b a``)."""
    if len(ids) == 0:
        return ids
    keep = np.ones(len(ids), dtype=bool)
    keep[1:] = ids[1:] != ids[:-1]
    return ids[keep]


def unit_string(ids: Iterable[int], dedup: bool = True) -> str:
    """One utterance's ids as CJK characters (ESPnet asr2's ``distinct_cjk_token_lists``), deduplicated or not."""
    ids = np.asarray(list(ids) if not isinstance(ids, np.ndarray) else ids)
    if len(ids) and (ids.min() < 0 or ids.max() >= CJK_SIZE):
        raise ConfigError(
            f"unit ids must lie in [0, {CJK_SIZE}) to become CJK characters, got {ids.min()}..{ids.max()}"
        )
    ids = deduplicate(ids) if dedup else ids
    return "".join(chr(CJK_START + int(i)) for i in ids)


def unit_text(units_scp: str | os.PathLike, out: str | os.PathLike, dedup: bool = True) -> Path:
    """Write the Kaldi ``text`` of a units scp as CJK unit strings (atomically); returns it."""
    lines = [f"{utt} {unit_string(ids, dedup)}\n" for utt, ids in iter_scp(units_scp)]
    return atomic_write_text(out, "".join(lines))
