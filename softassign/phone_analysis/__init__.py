"""Phone analysis: phone alignments (CTM, TextGrid, CTC forced alignment), separability and unit quality."""

from softassign.phone_analysis.alignment import Alignment, Segment, check_segments, frame_labels, strip_stress
from softassign.phone_analysis.ctc_align import forced_align_frames
from softassign.phone_analysis.ctm import read_ctm, write_ctm
from softassign.phone_analysis.separability import Separability, SeparabilityAccumulator, separability
from softassign.phone_analysis.textgrid import PhoneLabel, parse_l2arctic_label, read_textgrid
from softassign.phone_analysis.unit_quality import UnitPhoneCounts, UnitQuality, unit_quality

__all__ = [
    "Alignment",
    "PhoneLabel",
    "Segment",
    "Separability",
    "SeparabilityAccumulator",
    "UnitPhoneCounts",
    "UnitQuality",
    "check_segments",
    "forced_align_frames",
    "frame_labels",
    "parse_l2arctic_label",
    "read_ctm",
    "read_textgrid",
    "separability",
    "strip_stress",
    "unit_quality",
    "write_ctm",
]
