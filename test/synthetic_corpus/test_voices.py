"""Every registered voice speaks, the same audio in every run; a broken voice fails loudly, naming voice and text,
and leaves no file."""

import subprocess
import sys

import numpy as np
import pytest
import soundfile

from softassign.errors import ConfigError
from softassign.synthetic_corpus.voices import (
    HELD_OUT_VOICES,
    VOICES,
    EspeakVoice,
    FestivalVoice,
    FliteVoice,
    get_voice,
    train_voice_names,
    utterance_seed,
)
from softassign.synthetic_corpus.wavio import SynthesisError

TEXT = "anna's seven green bottles didn't fall"


@pytest.mark.parametrize("name", sorted(VOICES))
def test_voice_writes_audible_16k_mono_speech(name, tmp_path):
    wav = tmp_path / f"{name}.wav"
    VOICES[name].synthesize(TEXT, wav)
    samples, rate = soundfile.read(wav, dtype="float32")
    assert rate == 16000 and samples.ndim == 1
    assert soundfile.info(wav).subtype == "PCM_16"
    assert 1.0 < len(samples) / rate < 8.0
    assert np.sqrt(np.mean(samples**2)) > 0.02
    assert [p.name for p in tmp_path.iterdir()] == [wav.name]


def test_there_are_enough_voices_and_engines():
    assert len(VOICES) >= 10
    engines = {type(v).__name__ for v in VOICES.values()}
    assert engines >= {"FliteVoice", "FestivalVoice", "EspeakVoice", "PiperWheelVoice"}


def test_held_out_voices_are_registered_and_not_trained_on():
    train = train_voice_names()
    assert set(HELD_OUT_VOICES) <= set(VOICES)
    assert not set(train) & set(HELD_OUT_VOICES)
    assert len(train) + len(HELD_OUT_VOICES) == len(VOICES)


@pytest.mark.parametrize(
    "voice, message",
    [
        (FliteVoice("flite_bad", "no_such_voice"), "flite has no voice"),
        (FestivalVoice("festival_bad", "no_such_voice"), "no audio"),
        (EspeakVoice("espeak_bad", "xx-no-such-voice"), "espeak-ng exited"),
    ],
)
def test_broken_voice_raises_naming_voice_and_text(voice, message, tmp_path):
    wav = tmp_path / "out.wav"
    with pytest.raises(SynthesisError, match=message) as err:
        voice.synthesize(TEXT, wav)
    assert voice.name in str(err.value) and TEXT in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_unknown_voice_names_the_known_ones():
    with pytest.raises(ConfigError, match="piper_joe"):
        get_voice("nobody")
    with pytest.raises(ConfigError):
        train_voice_names(("nobody",))


def test_piper_speaks_the_same_audio_for_the_same_text_in_any_order_and_process(tmp_path):
    voice = VOICES["piper_joe"]
    first, other, again = tmp_path / "first.wav", tmp_path / "other.wav", tmp_path / "again.wav"
    voice.synthesize(TEXT, first)
    voice.synthesize("a different sentence comes between them", other)
    in_another_process = (
        f"from {voice.__module__} import VOICES; VOICES['piper_joe'].synthesize({TEXT!r}, {str(again)!r})"
    )
    subprocess.run([sys.executable, "-c", in_another_process], check=True)
    assert first.read_bytes() == again.read_bytes() != other.read_bytes()
    assert utterance_seed("piper_joe", TEXT) != utterance_seed("piper_joe", TEXT + " ")
