"""Analysis: phone alignments, separability and unit-quality measures, label-free temperature choice."""

from softassign.analysis.alignment import Alignment, Segment, check_segments, frame_labels, strip_stress
from softassign.analysis.ctc_align import forced_align_frames
from softassign.analysis.ctm import read_ctm, write_ctm
from softassign.analysis.separability import Separability, SeparabilityAccumulator, separability
from softassign.analysis.temperature import TauSelection, select_tau
from softassign.analysis.textgrid import PhoneLabel, parse_l2arctic_label, read_textgrid
from softassign.analysis.unit_quality import UnitPhoneCounts, UnitQuality, unit_quality

__all__ = [
    "Alignment",
    "PhoneLabel",
    "Segment",
    "Separability",
    "SeparabilityAccumulator",
    "TauSelection",
    "UnitPhoneCounts",
    "UnitQuality",
    "check_segments",
    "forced_align_frames",
    "frame_labels",
    "parse_l2arctic_label",
    "read_ctm",
    "read_textgrid",
    "select_tau",
    "separability",
    "strip_stress",
    "unit_quality",
    "write_ctm",
]
