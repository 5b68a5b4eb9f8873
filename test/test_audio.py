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
