import numpy as np
import pytest

from softassign.audio import load_audio
from softassign.datadir import (
    combine_data_dirs,
    load_data_dir,
    perturb_speed,
    read_table,
    space_in_id_hint,
    write_data_dir,
    write_table,
)
from softassign.errors import DataError


def test_loads_a_valid_dir(data_dir):
    data = load_data_dir(data_dir)
    assert data.utterances == sorted(data.utt2spk) and len(data.utterances) == 6
    entry, segment = data.audio_ref(data.utterances[0])
    assert entry.endswith(".wav") and segment is None


def test_segments_point_into_recordings(data_dir):
    utts = load_data_dir(data_dir).utterances
    (data_dir / "segments").write_text("".join(f"{u} {utts[0]} 0.0 0.2\n" for u in utts))
    data = load_data_dir(data_dir)
    assert data.audio_ref(utts[3])[1].recording == utts[0]
    (data_dir / "segments").write_text("".join(f"{u} nowhere 0.0 0.2\n" for u in utts))
    with pytest.raises(DataError, match="recording 'nowhere' is not in wav.scp"):
        load_data_dir(data_dir)


@pytest.mark.parametrize(
    "fname, mutate, message",
    [
        ("text", lambda lines: lines[1:], "text: no entry for utterance"),
        ("wav.scp", lambda lines: lines + ["extra-utt /x.wav"], "wav.scp: utterance 'extra-utt' is not in utt2spk"),
        ("utt2spk", lambda lines: lines + [lines[0]], "duplicate key"),
        ("text", lambda lines: [lines[0].split()[0]] + lines[1:], "empty transcript"),
    ],
)
def test_disagreeing_files_are_named(data_dir, fname, mutate, message):
    path = data_dir / fname
    path.write_text("\n".join(mutate(path.read_text().splitlines())) + "\n")
    with pytest.raises(DataError, match=message):
        load_data_dir(data_dir)


def test_missing_file_is_named(data_dir):
    (data_dir / "text").unlink()
    with pytest.raises(DataError, match="missing text"):
        load_data_dir(data_dir)
    assert load_data_dir(data_dir, require_text=False).text == {}


def test_table_round_trip(tmp_path):
    write_table(tmp_path / "t", {"b": "2 x", "a": "1"})
    assert (tmp_path / "t").read_text() == "a 1\nb 2 x\n"
    assert read_table(tmp_path / "t") == {"a": "1", "b": "2 x"}


def test_write_data_dir_writes_spk2utt_and_extra_tables(tmp_path):
    data = write_data_dir(
        tmp_path / "d",
        {"s1-b": "/b.wav", "s1-a": "/a.wav"},
        {"s1-a": "A", "s1-b": "B"},
        {"s1-a": "s1", "s1-b": "s1"},
        {"utt2lang": {"s1-a": "x", "s1-b": "x"}},
    )
    assert data.utterances == ["s1-a", "s1-b"]
    assert read_table(tmp_path / "d/spk2utt") == {"s1": "s1-a s1-b"}
    assert read_table(tmp_path / "d/utt2lang") == {"s1-a": "x", "s1-b": "x"}


def test_write_data_dir_on_bad_input_names_the_target_and_keeps_the_old_dir(tmp_path):
    write_data_dir(tmp_path / "d", {"u": "/u.wav"}, {"u": "OLD"}, {"u": "s"})
    with pytest.raises(DataError, match=f"{tmp_path}/d/text: no entry for utterance 'v'"):
        write_data_dir(tmp_path / "d", {"u": "/u.wav", "v": "/v.wav"}, {"u": "NEW"}, {"u": "s", "v": "s"})
    assert load_data_dir(tmp_path / "d").text == {"u": "OLD"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d"]


def test_text_missing_an_utterance_names_it_and_the_file(data_dir):
    lines = (data_dir / "text").read_text().splitlines()
    (data_dir / "text").write_text("\n".join(lines[:2] + lines[3:]) + "\n")
    missing = lines[2].split()[0]
    with pytest.raises(DataError, match=f"{data_dir / 'text'}: no entry for utterance '{missing}' \\(1 missing\\)"):
        load_data_dir(data_dir)


def write_spk2utt(data_dir, moves):
    """spk2utt from utt2spk, with utterances given to other speakers by ``moves`` (utt -> speaker)."""
    spk2utt = {}
    for utt, spk in sorted(read_table(data_dir / "utt2spk").items()):
        spk2utt.setdefault(moves.get(utt, spk), []).append(utt)
    write_table(data_dir / "spk2utt", {spk: " ".join(utts) for spk, utts in spk2utt.items()})


def test_spk2utt_must_agree_with_utt2spk(data_dir):
    write_spk2utt(data_dir, {})
    assert len(load_data_dir(data_dir).utterances) == 6
    write_spk2utt(data_dir, {"spk1-utt001": "spk0"})
    with pytest.raises(
        DataError,
        match=f"{data_dir / 'spk2utt'}: speaker 'spk0' disagrees with utt2spk: lists 'spk1-utt001' "
        r"\(1 not given to it by utt2spk\)",
    ):
        load_data_dir(data_dir)
    write_spk2utt(data_dir, {"spk1-utt001": "spk9"})
    with pytest.raises(DataError, match="speaker 'spk1' disagrees with utt2spk: lacks 'spk1-utt001' \\(1 missing\\)"):
        load_data_dir(data_dir)


def test_space_in_id_hint(tmp_path):
    (tmp_path / "a.wav").write_bytes(b"")
    assert space_in_id_hint(f"1 {tmp_path / 'a.wav'}") == " (does the utterance id contain a space?)"
    for entry in [str(tmp_path / "a.wav"), f"1 {tmp_path / 'b.wav'}", f"cat {tmp_path / 'a.wav'} |"]:
        assert space_in_id_hint(entry) == ""


def test_combine_data_dirs_writes_the_union_and_names_a_conflict(tmp_path):
    a = write_data_dir(tmp_path / "a", {"s1-a": "/a.wav"}, {"s1-a": "A"}, {"s1-a": "s1"})
    b = write_data_dir(
        tmp_path / "b", {"s2-b": "/b.wav", "s1-a": "/a.wav"}, {"s2-b": "B", "s1-a": "A"}, {"s2-b": "s2", "s1-a": "s1"}
    )
    both = combine_data_dirs([a, b], tmp_path / "ab")
    assert both.utterances == ["s1-a", "s2-b"] and both.text == {"s1-a": "A", "s2-b": "B"}
    assert read_table(tmp_path / "ab/spk2utt") == {"s1": "s1-a", "s2": "s2-b"}
    other = write_data_dir(tmp_path / "c", {"s1-a": "/other.wav"}, {"s1-a": "A"}, {"s1-a": "s1"})
    with pytest.raises(DataError, match=f"{tmp_path}/c/wav.scp: 's1-a' is also in {tmp_path}/a with other contents"):
        combine_data_dirs([a, other], tmp_path / "ac")
    assert not (tmp_path / "ac").exists()


@pytest.mark.parametrize("factor", [0.9, 1.1])
def test_perturb_speed_plays_each_utterance_at_the_factor(data_dir, tmp_path, factor):
    data = load_data_dir(data_dir)
    fast = perturb_speed(data, factor, tmp_path / "sp")
    utt = data.utterances[0]
    assert fast.utterances == sorted(f"sp{factor}-{u}" for u in data.utterances)
    assert fast.text[f"sp{factor}-{utt}"] == data.text[utt]
    assert fast.utt2spk[f"sp{factor}-{utt}"] == f"sp{factor}-{data.utt2spk[utt]}"
    original = load_audio(data.wav_scp[utt], 16000, utt)
    played = load_audio(fast.wav_scp[f"sp{factor}-{utt}"], 16000, utt)
    assert abs(len(played) - len(original) / factor) <= 2
    assert np.array_equal(load_audio(fast.wav_scp[f"sp{factor}-{utt}"], 16000, utt), played)  # sox's dither is seeded


def test_perturb_speed_chains_pipes_and_scales_segments(data_dir, tmp_path):
    data = load_data_dir(data_dir)
    utts = data.utterances
    piped = write_data_dir(
        tmp_path / "piped",
        {"rec": f"cat {data.wav_scp[utts[0]]} |"},
        {u: data.text[u] for u in utts[:2]},
        {u: data.utt2spk[u] for u in utts[:2]},
        {"segments": {utts[0]: "rec 0.0 0.2", utts[1]: "rec 0.1 0.3"}},
    )
    slow = perturb_speed(piped, 0.5, tmp_path / "slow")
    segment = slow.segments[f"sp0.5-{utts[1]}"]
    assert (segment.recording, segment.start, segment.end) == ("sp0.5-rec", 0.2, 0.6)
    entry, segment = slow.audio_ref(f"sp0.5-{utts[1]}")
    assert entry.startswith(f"cat {data.wav_scp[utts[0]]} | sox -R -t wav - ")
    assert len(load_audio(entry, 16000, utts[1], segment)) == 6400


def test_perturb_speed_refuses_a_factor_that_is_not_positive(data_dir, tmp_path):
    with pytest.raises(DataError, match=f"{tmp_path}/sp: speed factor 0.0 of {data_dir} is not positive"):
        perturb_speed(load_data_dir(data_dir), 0.0, tmp_path / "sp")
    assert not (tmp_path / "sp").exists()
