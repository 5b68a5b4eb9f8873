"""Running synthesis programs and writing corpus wavs all-or-nothing."""

import numpy as np
import pytest
import soundfile

from softassign.synthetic_corpus.wavio import SynthesisError, is_corpus_wav, run_program, write_corpus_wav


def _tone(path, rate=22050, amplitude=0.3, channels=1):
    t = np.arange(rate // 2) / rate
    wave = amplitude * np.sin(2 * np.pi * 220 * t)
    soundfile.write(path, np.repeat(wave[:, None], channels, axis=1), rate, subtype="PCM_16")


def test_run_program_returns_stdout_and_names_the_job_on_failure():
    assert run_program(["cat"], "echo job", stdin="abc") == "abc"
    with pytest.raises(SynthesisError, match="my job: false exited with 1"):
        run_program(["false"], "my job")
    with pytest.raises(SynthesisError, match="my job: cannot run"):
        run_program(["no-such-program-xyz"], "my job")


def test_run_program_times_out():
    with pytest.raises(SynthesisError, match="longer than 0.2 s"):
        run_program(["sleep", "5"], "slow job", timeout=0.2)


def test_write_corpus_wav_converts_to_16k_mono_pcm16(tmp_path):
    target = tmp_path / "out" / "utt.wav"
    write_corpus_wav(target, "tone", lambda path: _tone(path, rate=22050, channels=2))
    info = soundfile.info(target)
    assert (info.samplerate, info.channels, info.subtype) == (16000, 1, "PCM_16")
    assert abs(info.duration - 0.5) < 0.01
    assert is_corpus_wav(target)
    assert [p.name for p in target.parent.iterdir()] == ["utt.wav"]


def test_the_same_source_gives_the_same_bytes(tmp_path):
    """No random dither in the conversion: a rerun of the corpus synthesis writes identical wavs."""
    first, second = tmp_path / "a.wav", tmp_path / "b.wav"
    for target in (first, second):
        write_corpus_wav(target, "tone", lambda path: _tone(path, rate=22050, amplitude=0.123))
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("amplitude", [0.0, 1e-5])
def test_silent_source_is_an_error_and_leaves_nothing(tmp_path, amplitude):
    target = tmp_path / "utt.wav"
    with pytest.raises(SynthesisError, match="silent"):
        write_corpus_wav(target, "quiet job", lambda path: _tone(path, amplitude=amplitude))
    assert list(tmp_path.iterdir()) == []


def test_failing_source_leaves_nothing(tmp_path):
    def fail(path):
        path.write_bytes(b"partial")
        raise SynthesisError("boom")

    with pytest.raises(SynthesisError, match="boom"):
        write_corpus_wav(tmp_path / "utt.wav", "job", fail)
    assert list(tmp_path.iterdir()) == []


def test_is_corpus_wav_rejects_other_formats(tmp_path):
    _tone(tmp_path / "a.wav", rate=8000)
    (tmp_path / "b.wav").write_bytes(b"RIFF junk")
    assert not is_corpus_wav(tmp_path / "a.wav")
    assert not is_corpus_wav(tmp_path / "b.wav")
    assert not is_corpus_wav(tmp_path / "missing.wav")
