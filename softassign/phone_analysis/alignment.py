"""The in-memory phone alignment format and its conversion to frame labels.

An utterance's alignment is a list of :class:`Segment` ``(start, end, label)``
with times in seconds, sorted by start and not overlapping (gaps are
allowed). A corpus alignment (:data:`Alignment`) maps utterance id -> that
list. Readers (:mod:`softassign.phone_analysis.ctm`, :mod:`softassign.phone_analysis.textgrid`)
produce this format, checked by :func:`check_segments`.

Frame rule (:func:`frame_labels`): frame t covers [t * shift, (t + 1) * shift)
and takes the label of the segment containing its centre (t + 0.5) * shift.
Segments are half-open [start, end), so a centre that falls exactly on a
boundary (to 1e-6 of a frame, which absorbs float noise: 0.07 / 0.02 is
3.5000000000000004) belongs to the later segment. A centre in no segment gets ``fill``.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from softassign.errors import ConfigError, DataError

#: Two segments may overlap by this much (seconds) before it counts as an error: float noise in
#: ``start + dur`` of a CTM with rounded times.
OVERLAP_TOLERANCE = 1e-6

_STRESS = re.compile(r"(?<=[A-Za-z])[012]$")


class Segment(NamedTuple):
    """One labelled interval [start, end) of an utterance, in seconds."""

    start: float
    end: float
    label: str


#: utterance id -> its segments, sorted by start, not overlapping.
Alignment = dict[str, list[Segment]]


def strip_stress(label: str) -> str:
    """Drop an ARPAbet stress digit: ``AH0`` -> ``AH``, ``ER1`` -> ``ER``; other labels unchanged."""
    return _STRESS.sub("", label)


def check_segments(segments: Sequence[Segment], where: str) -> list[Segment]:
    """Return ``segments`` sorted by start; raise DataError naming ``where`` if any is bad.

    Bad means: a negative start, an end before its start, or two segments
    overlapping by more than :data:`OVERLAP_TOLERANCE`.
    """
    ordered = sorted(segments)
    for seg in ordered:
        if seg.start < 0 or seg.end < seg.start:
            raise DataError(f"{where}: bad segment {seg.label!r} [{seg.start}, {seg.end}]")
    for prev, seg in itertools.pairwise(ordered):
        if seg.start < prev.end - OVERLAP_TOLERANCE:
            raise DataError(
                f"{where}: segment {seg.label!r} at {seg.start} s overlaps {prev.label!r} ending at {prev.end} s"
            )
    return ordered


def num_frames_of(segments: Sequence[Segment], frame_shift: float) -> int:
    """Number of frames whose centre lies before the end of the last segment."""
    if not segments:
        return 0
    return max(0, math.ceil(round(segments[-1].end / frame_shift - 0.5, 6)))


def frame_labels(
    segments: Sequence[Segment],
    frame_shift: float,
    num_frames: int | None = None,
    fill: str | None = None,
) -> list[str | None]:
    """Label of every frame at ``frame_shift`` seconds, by the centre rule of the module docstring.

    ``segments`` must be sorted and non-overlapping (as readers return them).
    ``num_frames`` defaults to :func:`num_frames_of`; pass the feature
    matrix's length to get one label per feature frame (frames past the last
    segment get ``fill``).
    """
    if not frame_shift > 0:
        raise ConfigError(f"frame shift must be > 0, got {frame_shift}")
    count = num_frames_of(segments, frame_shift) if num_frames is None else num_frames
    if not segments:
        return [fill] * count
    centres = np.arange(count) + 0.5
    starts = np.round([seg.start / frame_shift for seg in segments], 6)
    ends = np.round([seg.end / frame_shift for seg in segments], 6)
    index = np.searchsorted(starts, centres, side="right") - 1
    inside = (index >= 0) & (centres < ends[np.maximum(index, 0)])
    return [segments[i].label if ok else fill for i, ok in zip(index, inside)]
