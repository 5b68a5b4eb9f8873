"""Reading (and writing) CTM alignment files in the :mod:`softassign.phone_analysis.alignment` format.

A CTM line is ``utt channel start dur label [confidence]`` (times in
seconds), e.g. the shared corpus's ``phones.ctm``::

    arctic_a0001 1 0.23 0.14 TH

The channel and confidence are ignored (single-channel corpora). Lines of
one utterance need not be contiguous or sorted.
"""

from __future__ import annotations

import os
from collections import defaultdict

from softassign.atomic import replacing
from softassign.errors import DataError
from softassign.phone_analysis.alignment import Alignment, Segment, check_segments, strip_stress


def parse_ctm_line(line: str, where: str) -> tuple[str, Segment]:
    """Parse one CTM line into (utterance id, segment); ``where`` (file:line) names it in errors."""
    fields = line.split()
    if len(fields) not in (5, 6):
        raise DataError(f"{where}: expected 'utt channel start dur label [conf]', got {line.strip()!r}")
    utt, _, start, dur, label = fields[:5]
    try:
        begin, length = float(start), float(dur)
    except ValueError as err:
        raise DataError(f"{where}: start and duration must be numbers, got {start!r} {dur!r}") from err
    return utt, Segment(begin, begin + length, label)


def read_ctm(path: str | os.PathLike, keep_stress: bool = True) -> Alignment:
    """Read a CTM file into utterance id -> sorted segments; ``keep_stress=False`` strips stress digits.

    Raises DataError (naming the file, and the line or utterance) on a
    malformed line, a negative duration, overlapping segments or an empty file.
    """
    by_utt: dict[str, list[Segment]] = defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if line.strip():
                utt, seg = parse_ctm_line(line, f"{path}:{lineno}")
                by_utt[utt].append(seg if keep_stress else seg._replace(label=strip_stress(seg.label)))
    if not by_utt:
        raise DataError(f"{path}: no segments")
    return {utt: check_segments(segs, f"{path}: utterance {utt}") for utt, segs in by_utt.items()}


def write_ctm(path: str | os.PathLike, alignment: Alignment, decimals: int = 4) -> None:
    """Write an alignment as CTM (``utt 1 start dur label``), utterances sorted, atomically.

    Start and end are rounded to ``decimals`` before the duration is taken,
    so :func:`read_ctm` gives back segments that do not overlap. A label
    with white space cannot be written (DataError naming the utterance).
    """
    lines = []
    for utt in sorted(alignment):
        for seg in alignment[utt]:
            if not seg.label or len(seg.label.split()) != 1:
                raise DataError(f"utterance {utt}: CTM label must be one non-empty word, got {seg.label!r}")
            start, end = round(seg.start, decimals), round(seg.end, decimals)
            lines.append(f"{utt} 1 {start:.{decimals}f} {end - start:.{decimals}f} {seg.label}\n")
    with replacing(path) as tmp, open(tmp, "w", encoding="utf-8") as f:
        f.writelines(lines)
