import pytest
import torch
from praatio import textgrid as praat_textgrid

from softassign.errors import ConfigError, DataError
from softassign.phone_analysis.alignment import Segment
from softassign.phone_analysis.labels import (
    AlignmentLabels,
    TextGridLabels,
    frame_shift_of,
    textgrid_path,
    upsample_frame_labels,
)

SEGMENTS = [Segment(0.0, 0.04, "SIL"), Segment(0.04, 0.10, "AH"), Segment(0.12, 0.16, "T")]


def frames(count):
    return torch.zeros(count, 3)


def test_alignment_labels_follow_the_frame_shift():
    labels = AlignmentLabels({"u1": SEGMENTS}, frame_shift=0.02)
    assert labels("u1", frames(9)) == ["SIL", "SIL", "AH", "AH", "AH", None, "T", "T", None]
    ten_ms = AlignmentLabels({"u1": SEGMENTS}, frame_shift=0.01)("u1", frames(17))
    assert ten_ms[:4] == ["SIL"] * 4 and ten_ms[4:10] == ["AH"] * 6 and ten_ms[10:12] == [None, None]
    assert ten_ms[12:16] == ["T"] * 4 and ten_ms[16] is None


def test_utterances_without_alignment_are_skipped_and_a_too_long_alignment_is_an_error():
    labels = AlignmentLabels({"u1": SEGMENTS}, frame_shift=0.01)
    assert labels("other", frames(5)) is None
    # 16 frames at 10 ms cover 0.16 s: fine; 3 frames (e.g. a 20 ms stream read at 10 ms) cover 0.03 s
    assert len(labels("u1", frames(16))) == 16
    with pytest.raises(DataError, match=r"utterance u1: the alignment ends at 0.16 s but the 3 feature frames"):
        labels("u1", frames(3))
    with pytest.raises(ConfigError, match="frame shift must be > 0"):
        AlignmentLabels({}, frame_shift=0)


def test_frame_shift_comes_from_the_reader_type():
    assert frame_shift_of({"type": "mfcc", "num_ceps": 13}) == 0.01
    assert frame_shift_of({"type": "ssl", "model": "tiny_hubert"}) == 0.02
    with pytest.raises(ConfigError, match=r"conf/x.yaml: unknown feature type 'wav2vec'"):
        frame_shift_of({"type": "wav2vec"}, "conf/x.yaml")


def test_upsampling_spreads_encoder_labels_evenly():
    assert upsample_frame_labels(["a", "b", "c"], 6) == ["a", "a", "b", "b", "c", "c"]
    assert upsample_frame_labels(["a", "b"], 5) == ["a", "a", "a", "b", "b"]


def write_textgrid(path, intervals):
    grid = praat_textgrid.Textgrid()
    grid.addTier(praat_textgrid.IntervalTier("phones", intervals, 0, 0.2))
    path.parent.mkdir(parents=True, exist_ok=True)
    grid.save(str(path), format="long_textgrid", includeBlankSpaces=True)


def test_textgrid_lookup_by_utterance_or_l2arctic_layout(tmp_path):
    write_textgrid(tmp_path / "plain.TextGrid", [(0, 0.1, "sil")])
    write_textgrid(tmp_path / "ABA" / "annotation" / "arctic_a0001.TextGrid", [(0, 0.1, "sil")])
    write_textgrid(tmp_path / "arctic_a0002.TextGrid", [(0, 0.1, "sil")])
    assert textgrid_path(tmp_path, "plain") == tmp_path / "plain.TextGrid"
    assert textgrid_path(tmp_path, "ABA-arctic_a0001") == tmp_path / "ABA/annotation/arctic_a0001.TextGrid"
    assert textgrid_path(tmp_path, "SKA-arctic_a0002") == tmp_path / "arctic_a0002.TextGrid"
    assert textgrid_path(tmp_path, "SKA-arctic_a0003") is None


def test_textgrid_labels_use_the_perceived_phone_without_stress(tmp_path):
    write_textgrid(
        tmp_path / "ABA" / "annotation" / "arctic_a0001.TextGrid",
        [(0, 0.04, "sil"), (0.04, 0.1, "DH,D,s"), (0.1, 0.2, "AH0")],
    )
    labels = TextGridLabels(tmp_path, frame_shift=0.02)
    assert labels("ABA-arctic_a0001", frames(10)) == ["sil", "sil", "D", "D", "D", "AH", "AH", "AH", "AH", "AH"]
    assert labels("ABA-arctic_a0009", frames(10)) is None
    with pytest.raises(ConfigError, match="no such TextGrid dir"):
        TextGridLabels(tmp_path / "missing", frame_shift=0.02)
