"""The Asterisk prompts as a data set: transcript parsing, filtering, missing packages."""

import gzip
import logging

import numpy as np
import pytest
import soundfile

from softassign.errors import DataError
from softassign.synthetic_corpus import real

TRANSCRIPTS = """; Core Asterisk Sounds in English

agent-pass: Please enter your password followed by the pound key.
beep: [this is a simple beep tone]
conf-adminmenu: Please press 1 to mute or unmute yourself.
call-fwd-on-busy: Call-Forward on Busy.
digits/7: seven
no-recording: This prompt has no wav file.
silence/1: (1 second of silence)
"""


def _prompt_dir(tmp_path, gzipped=True):
    sounds = tmp_path / "sounds"
    for key in ["agent-pass", "beep", "conf-adminmenu", "call-fwd-on-busy", "digits/7", "silence/1"]:
        (sounds / key).parent.mkdir(parents=True, exist_ok=True)
        soundfile.write(sounds / f"{key}.wav", 0.1 * np.ones(800, dtype=np.float32), 8000, subtype="PCM_16")
    transcript = tmp_path / ("core-sounds-en.txt.gz" if gzipped else "core-sounds-en.txt")
    with (gzip.open if gzipped else open)(transcript, "wt", encoding="utf-8") as f:
        f.write(TRANSCRIPTS)
    return transcript, sounds


@pytest.mark.parametrize("gzipped", [True, False])
def test_read_prompt_transcripts(tmp_path, gzipped):
    transcript, _ = _prompt_dir(tmp_path, gzipped)
    table = real.read_prompt_transcripts(transcript)
    assert table["digits/7"] == "seven"
    assert table["agent-pass"] == "Please enter your password followed by the pound key."
    assert len(table) == 7


def test_malformed_transcript_line_names_file_and_line(tmp_path):
    bad = tmp_path / "core-sounds-en.txt"
    bad.write_text("; header\nok: fine\nthis line has no key\n")
    with pytest.raises(DataError, match=r"core-sounds-en.txt:3"):
        real.read_prompt_transcripts(bad)


@pytest.mark.parametrize(
    "raw, plain",
    [
        ("Call-Forward on Busy.", "CALL FORWARD ON BUSY"),
        ("At the sound of the tone, the time will be exactly...", "AT THE SOUND OF THE TONE THE TIME WILL BE EXACTLY"),
        ("[ascending tones]", None),
        ("at [@]", None),
        ("<beep ascending>", None),
        ("(silence)", None),
        ("press 1 now", None),
        ("press * to toggle", None),
        ("...", None),
    ],
)
def test_plain_transcript(raw, plain):
    assert real.plain_transcript(raw) == plain


def test_load_keeps_plain_prompts_with_audio(tmp_path):
    transcript, sounds = _prompt_dir(tmp_path)
    prompts = real.load_asterisk_prompts(transcript, sounds)
    assert [p.key for p in prompts] == ["agent-pass", "call-fwd-on-busy", "digits/7"]
    assert prompts[2].transcript == "SEVEN" and prompts[2].utt_suffix == "digits_7"
    assert {p.name for p in prompts} == {real.SPEAKER}


def test_recorded_prompt_writes_its_recording_at_16k(tmp_path):
    transcript, sounds = _prompt_dir(tmp_path)
    prompt = real.load_asterisk_prompts(transcript, sounds)[0]
    prompt.synthesize(prompt.transcript, tmp_path / "out.wav")
    info = soundfile.info(tmp_path / "out.wav")
    assert (info.samplerate, info.channels) == (16000, 1)
    assert abs(info.duration - 0.1) < 0.01
    with pytest.raises(DataError, match="agent-pass"):
        prompt.synthesize("something else", tmp_path / "other.wav")


def test_missing_package_gives_no_prompts_and_says_so(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(real, "TRANSCRIPT_FILES", (tmp_path / "none.txt.gz",))
    with caplog.at_level(logging.WARNING):
        assert real.load_asterisk_prompts() == []
    assert "asterisk-core-sounds-en" in caplog.text


@pytest.mark.skipif(not any(p.exists() for p in real.TRANSCRIPT_FILES), reason="asterisk-core-sounds-en not installed")
def test_installed_prompts():
    prompts = real.load_asterisk_prompts()
    assert len(prompts) > 100
    assert all(p.path.is_file() and p.transcript for p in prompts)
