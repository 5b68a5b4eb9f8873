import pytest
from praatio import textgrid as praat_textgrid

from softassign.errors import ConfigError, DataError
from softassign.phone_analysis.textgrid import PhoneLabel, parse_l2arctic_label, read_textgrid


def interval_tier(name, intervals):
    lines = [
        '        class = "IntervalTier"',
        f'        name = "{name}"',
        "        xmin = 0",
        "        xmax = 1.0",
        f"        intervals: size = {len(intervals)}",
    ]
    for i, (start, end, text) in enumerate(intervals, 1):
        lines += [f"        intervals [{i}]:", f"            xmin = {start}", f"            xmax = {end}"]
        lines.append(f'            text = "{text}"')
    return lines


def long_textgrid(tiers):
    """A long-format TextGrid as Praat (and L2-ARCTIC) writes it."""
    lines = ['File type = "ooTextFile"', 'Object class = "TextGrid"', "", "xmin = 0", "xmax = 1.0", "tiers? <exists>"]
    lines += [f"size = {len(tiers)}", "item []:"]
    for i, (name, intervals) in enumerate(tiers, 1):
        lines += [f"    item [{i}]:"] + interval_tier(name, intervals)
    return "\n".join(lines) + "\n"


PHONES = [
    (0, 0.1, "sil"),
    (0.1, 0.3, "DH,D,s"),
    (0.3, 0.4, "AH0"),
    (0.4, 0.5, ""),
    (0.5, 0.6, "sil,AH0,a"),
    (0.6, 0.7, "T,sil,d"),
    (0.7, 0.9, "S, S*, s"),
    (0.9, 1.0, "sil"),
]
WORDS = [(0, 0.1, ""), (0.1, 0.4, "THE"), (0.4, 1.0, "CAT")]


@pytest.fixture
def l2_grid(tmp_path):
    path = tmp_path / "arctic_a0001.TextGrid"
    path.write_text(long_textgrid([("words", WORDS), ("phones", PHONES)]))
    return path


def labels(segments):
    return [seg.label for seg in segments]


def test_perceived_view_labels_what_was_said(l2_grid):
    segments = read_textgrid(l2_grid)
    assert labels(segments) == ["sil", "D", "AH0", "AH0", "sil", "S", "sil"]
    assert (segments[1].start, segments[1].end) == (pytest.approx(0.1), pytest.approx(0.3))


def test_canonical_view_labels_what_should_have_been_said(l2_grid):
    assert labels(read_textgrid(l2_grid, view="canonical")) == ["sil", "DH", "AH0", "sil", "T", "S", "sil"]


def test_empty_interval_becomes_a_gap(l2_grid):
    segments = read_textgrid(l2_grid)
    assert segments[2].end == pytest.approx(0.4) and segments[3].start == pytest.approx(0.5)


def test_stress_is_stripped_on_request(l2_grid):
    assert labels(read_textgrid(l2_grid, keep_stress=False))[2:4] == ["AH", "AH"]


def test_words_tier_in_raw_view(l2_grid):
    assert labels(read_textgrid(l2_grid, tier="words", view="raw")) == ["THE", "CAT"]


def test_short_format_written_by_praatio_reads_the_same(tmp_path):
    grid = praat_textgrid.Textgrid()
    grid.addTier(praat_textgrid.IntervalTier("phones", [(0.0, 0.2, "K"), (0.2, 0.5, "AE1,EH1,s")], 0.0, 0.5))
    path = tmp_path / "short.TextGrid"
    grid.save(str(path), format="short_textgrid", includeBlankSpaces=True)
    assert labels(read_textgrid(path)) == ["K", "EH1"]


@pytest.mark.parametrize(
    "label, expected",
    [
        ("AH0", PhoneLabel("AH0", "AH0", None)),
        ("DH,D,s", PhoneLabel("DH", "D", "s")),
        (" T , sil , d ", PhoneLabel("T", "sil", "d")),
        ("Z,S*,s", PhoneLabel("Z", "S", "s")),
    ],
)
def test_parse_l2arctic_label(label, expected):
    assert parse_l2arctic_label(label, "here") == expected


@pytest.mark.parametrize("label", ["DH,D", "DH,,s", "A,B,s,x"])
def test_malformed_error_annotation_is_rejected_with_its_place(label):
    with pytest.raises(DataError, match="grid.TextGrid at 0.3"):
        parse_l2arctic_label(label, "grid.TextGrid at 0.3")


def test_malformed_label_in_file_names_file_tier_and_time(tmp_path):
    path = tmp_path / "bad.TextGrid"
    path.write_text(long_textgrid([("phones", [(0, 0.5, "AH0"), (0.5, 1.0, "DH,D")])]))
    with pytest.raises(DataError, match=r"bad.TextGrid: tier 'phones' at 0.5"):
        read_textgrid(path)


def test_missing_tier_lists_the_tiers(l2_grid):
    with pytest.raises(DataError, match=r"arctic_a0001.TextGrid: no tier 'phone' \(tiers: words, phones\)"):
        read_textgrid(l2_grid, tier="phone")


def test_point_tier_is_rejected(tmp_path):
    grid = praat_textgrid.Textgrid()
    grid.addTier(praat_textgrid.PointTier("phones", [(0.1, "x")], 0.0, 0.5))
    path = tmp_path / "points.TextGrid"
    grid.save(str(path), format="long_textgrid", includeBlankSpaces=True)
    with pytest.raises(DataError, match="points.TextGrid: tier 'phones' is not an interval tier"):
        read_textgrid(path)


@pytest.mark.parametrize("content", ["garbage\n", long_textgrid([("phones", PHONES)])[:300]])
def test_unreadable_file_raises_data_error_naming_it(tmp_path, content):
    path = tmp_path / "broken.TextGrid"
    path.write_text(content)
    with pytest.raises(DataError, match="broken.TextGrid: cannot read TextGrid"):
        read_textgrid(path)


def test_missing_file_raises_data_error(tmp_path):
    with pytest.raises(DataError, match="absent.TextGrid"):
        read_textgrid(tmp_path / "absent.TextGrid")


def test_unknown_view_is_a_config_error(l2_grid):
    with pytest.raises(ConfigError):
        read_textgrid(l2_grid, view="spoken")
