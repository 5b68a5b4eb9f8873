import pytest

from softassign.errors import ConfigError, DataError
from softassign.phone_analysis.alignment import Segment, check_segments, frame_labels, num_frames_of, strip_stress


@pytest.mark.parametrize(
    "label, expected",
    [("AH0", "AH"), ("ER1", "ER"), ("EY2", "EY"), ("T", "T"), ("sil", "sil"), ("2", "2"), ("AH5", "AH5")],
)
def test_strip_stress_drops_only_arpabet_stress_digits(label, expected):
    assert strip_stress(label) == expected


def test_frame_takes_label_of_segment_holding_its_centre():
    segments = [Segment(0.0, 0.05, "a"), Segment(0.05, 0.1, "b")]
    # centres 0.01 0.03 0.05 0.07 0.09; 0.05 is the boundary and goes to the later segment
    assert frame_labels(segments, 0.02) == ["a", "a", "b", "b", "b"]


def test_boundary_ties_go_to_later_segment_despite_float_noise():
    # 0.07 / 0.02 = 3.5000000000000004 in floats: frame 3's centre sits on the boundary
    segments = check_segments([Segment(0.0, 0.07, "AO"), Segment(0.07, 0.07 + 0.04, "TH")], "utt")
    assert frame_labels(segments, 0.02) == ["AO"] * 3 + ["TH"] * 2
    assert frame_labels(segments[:1], 0.02, num_frames=4) == ["AO"] * 3 + [None]


def test_finer_frame_shift_gives_proportionally_more_frames():
    segments = [Segment(0.0, 0.23, "AO"), Segment(0.23, 0.37, "TH")]
    labels = frame_labels(segments, 0.01)
    assert len(labels) == 37
    assert labels.count("AO") == 23 and labels.count("TH") == 14


def test_gaps_and_frames_past_the_end_get_fill():
    segments = [Segment(0.0, 0.02, "a"), Segment(0.06, 0.08, "b")]
    assert frame_labels(segments, 0.02, num_frames=6, fill="<gap>") == ["a", "<gap>", "<gap>", "b", "<gap>", "<gap>"]
    assert frame_labels(segments, 0.02, num_frames=2) == ["a", None]


def test_frames_before_a_late_first_segment_get_fill():
    assert frame_labels([Segment(0.04, 0.08, "a")], 0.02) == [None, None, "a", "a"]


def test_no_segments_gives_only_fill():
    assert frame_labels([], 0.02) == []
    assert frame_labels([], 0.02, num_frames=3, fill="x") == ["x", "x", "x"]


def test_default_frame_count_covers_centres_before_last_end():
    assert num_frames_of([Segment(0.0, 0.03, "a")], 0.02) == 1
    assert num_frames_of([Segment(0.0, 0.031, "a")], 0.02) == 2
    assert num_frames_of([Segment(0.0, 1.0, "a")], 0.02) == 50


def test_bad_frame_shift_is_rejected():
    with pytest.raises(ConfigError):
        frame_labels([Segment(0.0, 1.0, "a")], 0.0)


def test_check_segments_sorts_by_start():
    segments = [Segment(0.5, 1.0, "b"), Segment(0.0, 0.5, "a")]
    assert [seg.label for seg in check_segments(segments, "utt1")] == ["a", "b"]


def test_check_segments_rejects_overlap_and_names_the_place():
    with pytest.raises(DataError, match="utt1.*'b'.*overlaps 'a'"):
        check_segments([Segment(0.0, 0.5, "a"), Segment(0.4, 1.0, "b")], "utt1")


@pytest.mark.parametrize("segment", [Segment(-0.1, 0.2, "a"), Segment(0.3, 0.2, "a")])
def test_check_segments_rejects_negative_or_reversed_times(segment):
    with pytest.raises(DataError, match="utt1"):
        check_segments([segment], "utt1")
