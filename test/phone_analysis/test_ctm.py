import pytest

from softassign.errors import DataError
from softassign.phone_analysis.alignment import Segment
from softassign.phone_analysis.ctm import read_ctm, write_ctm


def write(tmp_path, text):
    path = tmp_path / "phones.ctm"
    path.write_text(text)
    return path


def test_reads_interleaved_unsorted_lines_per_utterance(tmp_path):
    path = write(
        tmp_path,
        "u2 1 0.10 0.20 B\nu1 1 0.23 0.14 TH 0.93\n\nu1 1 0.00 0.23 AO1\nu2 1 0.00 0.10 SIL\n",
    )
    alignment = read_ctm(path)
    assert sorted(alignment) == ["u1", "u2"]
    assert [seg.label for seg in alignment["u1"]] == ["AO1", "TH"]
    assert alignment["u1"][1].start == pytest.approx(0.23)
    assert alignment["u1"][1].end == pytest.approx(0.37)
    assert alignment["u2"] == [Segment(0.0, 0.1, "SIL"), Segment(0.1, pytest.approx(0.3), "B")]


def test_strips_stress_on_request(tmp_path):
    path = write(tmp_path, "u1 1 0.00 0.23 AO1\nu1 1 0.23 0.14 ER0\n")
    assert [seg.label for seg in read_ctm(path, keep_stress=False)["u1"]] == ["AO", "ER"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("u1 1 0.0 0.2\n", r"phones.ctm:1: expected"),
        ("u1 1 0.0 0.2 A\nu1 1 zero 0.2 B\n", r"phones.ctm:2: start and duration"),
        ("u1 1 0.0 0.2 A\nu1 1 0.1 0.2 B\n", r"phones.ctm: utterance u1: segment 'B'"),
        ("u1 1 0.5 -0.2 A\n", r"phones.ctm: utterance u1: bad segment"),
        ("\n", r"phones.ctm: no segments"),
    ],
)
def test_bad_ctm_raises_data_error_naming_file_and_place(tmp_path, text, message):
    with pytest.raises(DataError, match=message):
        read_ctm(write(tmp_path, text))


def test_write_then_read_round_trips(tmp_path):
    alignment = {
        "u2": [Segment(0.0, 0.1, "SIL")],
        "u1": [Segment(0.0, 0.23, "AO1"), Segment(0.23, 0.37, "TH"), Segment(0.5, 1.2345678, "sil")],
    }
    path = tmp_path / "out.ctm"
    write_ctm(path, alignment)
    assert path.read_text().splitlines()[:2] == ["u1 1 0.0000 0.2300 AO1", "u1 1 0.2300 0.1400 TH"]
    back = read_ctm(path)
    assert sorted(back) == ["u1", "u2"]
    for utt, segments in alignment.items():
        assert [seg.label for seg in back[utt]] == [seg.label for seg in segments]
        assert [seg.start for seg in back[utt]] == pytest.approx([seg.start for seg in segments], abs=1e-4)
        assert [seg.end for seg in back[utt]] == pytest.approx([seg.end for seg in segments], abs=1e-4)


@pytest.mark.parametrize("label", ["", "two words"])
def test_write_rejects_labels_a_ctm_cannot_hold_and_leaves_no_file(tmp_path, label):
    path = tmp_path / "out.ctm"
    with pytest.raises(DataError, match="utterance u1: CTM label"):
        write_ctm(path, {"u1": [Segment(0.0, 0.1, label)]})
    assert not path.exists() and not list(tmp_path.iterdir())
