"""Reading Praat TextGrid interval tiers (e.g. L2-ARCTIC annotations) into alignment segments.

Parsing is done by ``praatio`` (long and short TextGrid formats); this
module picks one interval tier and interprets its labels.

L2-ARCTIC manual annotations have tiers ``words`` and ``phones``. A phone
label is either a plain phone (``AH0``, ``sil``, ``sp``) that was pronounced
as expected, or an error annotation ``CPL,PPL,type``:

* ``CPL``: the canonical phone (what the prompt's pronunciation expects),
* ``PPL``: the perceived phone (what the annotator heard),
* ``type``: ``s`` substitution, ``d`` deletion (PPL is ``sil``),
  ``a`` addition (CPL is ``sil``).

``view="perceived"`` labels each interval with what was said (PPL, or the
plain phone), ``view="canonical"`` with what should have been said (CPL, or
the plain phone), and ``view="raw"`` keeps the label text (use it for the
``words`` tier). A trailing ``*`` (L2-ARCTIC's distortion mark) is dropped
from the phones; other label text is kept as is, after stripping spaces.
Empty (or blank) intervals are skipped and so become gaps of the alignment.
"""

from __future__ import annotations

import os
from typing import NamedTuple

from praatio import textgrid as praat_textgrid
from praatio.utilities.errors import PraatioException

from softassign.errors import ConfigError, DataError
from softassign.phone_analysis.alignment import Segment, check_segments, strip_stress

VIEWS = ("perceived", "canonical", "raw")


class PhoneLabel(NamedTuple):
    """A parsed L2-ARCTIC phone label; ``error`` is ``s``/``d``/``a``, or None for a plain phone."""

    canonical: str
    perceived: str
    error: str | None


def parse_l2arctic_label(label: str, where: str) -> PhoneLabel:
    """Split ``CPL,PPL,type`` (or a plain phone) into a :class:`PhoneLabel`; ``where`` names it in errors."""
    parts = [part.strip().rstrip("*") for part in label.split(",")]
    if len(parts) == 1:
        return PhoneLabel(parts[0], parts[0], None)
    if len(parts) == 3 and all(parts):
        return PhoneLabel(*parts)
    raise DataError(f"{where}: expected a phone or 'canonical,perceived,type', got {label!r}")


def interval_label(label: str, view: str, where: str) -> str:
    """The text of one interval under ``view`` (see the module docstring)."""
    if view == "raw":
        return label.strip()
    parsed = parse_l2arctic_label(label, where)
    return parsed.perceived if view == "perceived" else parsed.canonical


def read_textgrid(
    path: str | os.PathLike,
    tier: str = "phones",
    view: str = "perceived",
    keep_stress: bool = True,
) -> list[Segment]:
    """Read one interval tier of a TextGrid as sorted segments (one utterance).

    ``view`` picks the perceived or canonical phone of L2-ARCTIC error
    annotations, or the raw text; ``keep_stress=False`` strips ARPAbet
    stress digits. Raises DataError naming the file on an unreadable file, a
    missing or non-interval tier, a malformed label or overlapping intervals.
    """
    if view not in VIEWS:
        raise ConfigError(f"view must be one of {VIEWS}, got {view!r}")
    try:
        grid = praat_textgrid.openTextgrid(os.fspath(path), includeEmptyIntervals=False)
    except (OSError, PraatioException, LookupError, ValueError) as err:
        raise DataError(f"{path}: cannot read TextGrid ({type(err).__name__}: {err})") from err
    if tier not in grid.tierNames:
        raise DataError(f"{path}: no tier {tier!r} (tiers: {', '.join(grid.tierNames)})")
    entries = grid.getTier(tier)
    if entries.tierType != praat_textgrid.INTERVAL_TIER:
        raise DataError(f"{path}: tier {tier!r} is not an interval tier")
    segments = []
    for start, end, text in entries.entries:
        if not text.strip():
            continue
        label = interval_label(text, view, f"{path}: tier {tier!r} at {start} s")
        segments.append(Segment(start, end, label if keep_stress else strip_stress(label)))
    return check_segments(segments, f"{path}: tier {tier!r}")
