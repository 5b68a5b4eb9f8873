import numpy as np
import pytest
import soundfile

from softassign.audio import load_audio
from softassign.datadir import Segment
from softassign.errors import DataError


def test_resamples_to_the_requested_rate(tmp_path, write_tone):
    write_tone(tmp_path / "a.wav", 1.0, 440, rate=8000)
    wave = load_audio(str(tmp_path / "a.wav"), 16000, "utt")
    assert wave.shape == (16000,)
    spectrum = np.abs(np.fft.rfft(wave.numpy()))
    assert abs(np.argmax(spectrum) - 440) <= 1  # 1 Hz bins over 1 s


def test_pipe_segment_and_stereo(tmp_path):
    stereo = np.stack([np.ones(16000), -np.ones(16000) * 0.5], axis=1) * 0.25
    soundfile.write(tmp_path / "s.wav", stereo, 16000)
    wave = load_audio(f"cat {tmp_path / 's.wav'} |", 16000, "utt", Segment("rec", 0.25, 0.5))
    assert wave.shape == (4000,)
    assert np.allclose(wave.numpy(), 0.0625, atol=1e-3)


@pytest.mark.parametrize(
    "setup, message",
    [
        (lambda p: None, "cannot read audio"),
        (lambda p: p.write_bytes(b"not audio"), "cannot read audio"),
        (lambda p: soundfile.write(p, np.zeros(0), 16000), "is empty"),
        (lambda p: soundfile.write(p, np.array([0.0, np.nan, 0.1]), 16000, subtype="FLOAT"), "NaN"),
    ],
)
def test_bad_audio_names_the_utterance(tmp_path, setup, message):
    path = tmp_path / "bad.wav"
    setup(path)
    with pytest.raises(DataError, match=f"utterance u1: .*{message}"):
        load_audio(str(path), 16000, "u1")


def test_failing_pipe_is_reported(tmp_path):
    with pytest.raises(DataError, match="utterance u2"):
        load_audio("false |", 16000, "u2")


def dump_features_main(data_dir, out_dir, tmp_path):
    """Run the dump_features entry point (MFCC) over ``data_dir``."""
    from softassign.bin import dump_features

    (tmp_path / "mfcc.yaml").write_text("type: mfcc\n")
    dump_features.main(["--reader_conf", str(tmp_path / "mfcc.yaml"), f"{data_dir}:{out_dir}"])


def one_utt_dir(root, entry, segments=None):
    """A data dir of utterance u1 (speaker s) with wav.scp ``entry`` and optional ``segments`` line."""
    data = root / "data"
    data.mkdir()
    key = "rec" if segments else "u1"
    (data / "wav.scp").write_text(f"{key} {entry}\n")
    (data / "utt2spk").write_text("u1 s\n")
    if segments:
        (data / "segments").write_text(f"u1 rec {segments}\n")
    return data


def truncate(path, cut):
    path.write_bytes(path.read_bytes()[:-cut])


@pytest.mark.parametrize(
    "fmt, subtype, frame_bytes",
    [("WAV", "PCM_16", 2), ("WAV", "FLOAT", 4), ("WAVEX", "PCM_24", 3)],  # FLOAT adds fact and PEAK chunks
)
def test_truncated_wav_is_an_error_naming_file_and_utterance(tmp_path, fmt, subtype, frame_bytes):
    path = tmp_path / "t.wav"
    soundfile.write(path, np.full(16000, 0.1), 16000, format=fmt, subtype=subtype)
    assert load_audio(str(path), 16000, "u1").shape == (16000,)
    truncate(path, 1000 * frame_bytes)
    with pytest.raises(
        DataError, match=f"utterance u1: audio '{path}' is truncated: header says 16000 samples, file holds 15000"
    ):
        load_audio(str(path), 16000, "u1")
    assert load_audio(f"cat {path} |", 16000, "u1").shape == (15000,)  # a pipe has no header to compare


def test_dump_features_stops_at_a_truncated_wav_and_writes_nothing(tmp_path, write_tone):
    write_tone(tmp_path / "t.wav", 1.0, 300)
    truncate(tmp_path / "t.wav", 2000)
    data = one_utt_dir(tmp_path, tmp_path / "t.wav")
    with pytest.raises(DataError, match=f"utterance u1: audio '{tmp_path / 't.wav'}' is truncated"):
        dump_features_main(data, tmp_path / "dump", tmp_path)
    assert not list((tmp_path / "dump").glob("feats.*"))


def test_segment_ending_at_most_max_overshoot_past_the_recording_is_clipped(tmp_path, write_tone):
    write_tone(tmp_path / "rec.wav", 1.0, 300)
    assert load_audio(str(tmp_path / "rec.wav"), 16000, "u1", Segment("rec", 0.5, 1.3)).shape == (8000,)


@pytest.mark.parametrize(
    "start, end, message",
    [
        (0.5, 1.6, r"segment ends at 1.6 s, 0.600 s past the end of recording 'rec' \(1.000 s\)"),
        (1.2, 1.4, r"segment starts at 1.2 s, at or past the end of recording 'rec' \(1.000 s\)"),
    ],
)
def test_segment_past_the_recording_end_is_an_error(tmp_path, write_tone, start, end, message):
    write_tone(tmp_path / "rec.wav", 1.0, 300)
    with pytest.raises(DataError, match=f"utterance u1: audio '{tmp_path / 'rec.wav'}': {message}"):
        load_audio(str(tmp_path / "rec.wav"), 16000, "u1", Segment("rec", start, end))


@pytest.mark.parametrize("start, end, ok", [(0.5, 1.3, True), (0.5, 1.6, False), (1.2, 1.4, False)])
def test_dump_features_checks_segment_ends(tmp_path, write_tone, start, end, ok):
    write_tone(tmp_path / "rec.wav", 1.0, 300)
    data = one_utt_dir(tmp_path, tmp_path / "rec.wav", f"{start} {end}")
    if ok:
        dump_features_main(data, tmp_path / "dump", tmp_path)
        assert (tmp_path / "dump/feats.1.scp").read_text().startswith("u1 ")
        return
    with pytest.raises(DataError, match=f"utterance u1: audio '{tmp_path / 'rec.wav'}': segment .* recording 'rec'"):
        dump_features_main(data, tmp_path / "dump", tmp_path)
    assert not list((tmp_path / "dump").glob("feats.*"))


def test_unreadable_entry_hints_at_a_space_in_the_utterance_id(tmp_path, write_tone):
    write_tone(tmp_path / "a.wav", 0.5, 300)
    with pytest.raises(
        DataError, match=r"utterance utt: cannot read audio '1 .*a.wav'.*\(does the utterance id contain"
    ):
        load_audio(f"1 {tmp_path / 'a.wav'}", 16000, "utt")
    with pytest.raises(DataError, match="cannot read audio") as missing:
        load_audio(f"1 {tmp_path / 'b.wav'}", 16000, "utt")
    assert "space" not in str(missing.value)


def test_dump_features_hints_at_a_space_in_the_utterance_id(tmp_path, write_tone):
    write_tone(tmp_path / "a.wav", 0.5, 300)
    data = one_utt_dir(tmp_path, f"1 {tmp_path / 'a.wav'}")
    with pytest.raises(
        DataError, match=r"utterance u1: cannot read audio .*\(does the utterance id contain a space\?\)"
    ):
        dump_features_main(data, tmp_path / "dump", tmp_path)
