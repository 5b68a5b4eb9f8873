"""Real recorded speech: the Asterisk English prompts (one speaker, Allison) with their transcripts.

Debian ships the recordings in ``asterisk-core-sounds-en-wav``
(``/usr/share/asterisk/sounds/en_US_f_Allison/<key>.wav``, 8 kHz) and the
transcripts in ``asterisk-core-sounds-en``
(``/usr/share/doc/asterisk-core-sounds-en/core-sounds-en.txt.gz``: a
``; comment`` header, then one ``<key>: <transcript>`` line per prompt, keys
such as ``agent-pass`` or ``digits/7``). Only prompts whose transcript is
plain words are kept: transcripts with annotations (``[beep tone]``,
``(1 second of silence)``, ``<beep>``) or with digits and symbols that
:func:`softassign.text.normalize_transcript` cannot spell out are skipped.
"""

from __future__ import annotations

import gzip
import logging
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from softassign.errors import DataError
from softassign.synthetic_corpus.voices import Voice
from softassign.text import normalize_transcript

log = logging.getLogger(__name__)

SPEAKER = "asterisk_allison"
TRANSCRIPT_FILES = (
    Path("/usr/share/doc/asterisk-core-sounds-en/core-sounds-en.txt.gz"),
    Path("/usr/share/doc/asterisk-core-sounds-en/core-sounds-en.txt"),
)
SOUND_DIRS = (Path("/usr/share/asterisk/sounds/en_US_f_Allison"), Path("/usr/share/asterisk/sounds/en"))
_ANNOTATION = re.compile(r"[\[\](){}<>]")


@dataclass(frozen=True)
class RecordedPrompt(Voice):
    """One recorded prompt, used like a voice that can only say its own transcript."""

    key: str
    path: Path
    transcript: str

    @property
    def utt_suffix(self) -> str:
        """The prompt key as an utterance id part (``digits/7`` -> ``digits_7``)."""
        return self.key.replace("/", "_")

    def render(self, text: str, wav_path: Path) -> None:
        """Copy the recording (``text`` must be its transcript)."""
        if normalize_transcript(text) != self.transcript:
            raise DataError(f"{self.path}: prompt {self.key!r} says {self.transcript!r}, not {text!r}")
        shutil.copyfile(self.path, wav_path)


def read_prompt_transcripts(path: str | Path) -> dict[str, str]:
    """``key -> raw transcript`` from an Asterisk ``core-sounds-*.txt[.gz]`` file."""
    opener = gzip.open if str(path).endswith(".gz") else open
    transcripts = {}
    with opener(path, "rt", encoding="utf-8", errors="replace") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip() or line.startswith(";"):
                continue
            key, sep, transcript = line.partition(":")
            if not sep or not key.strip() or " " in key.strip():
                raise DataError(f"{path}:{lineno}: expected '<key>: <transcript>', got {line.strip()!r}")
            transcripts[key.strip()] = transcript.strip()
    return transcripts


def plain_transcript(raw: str) -> str | None:
    """The normalised transcript, or None when ``raw`` has annotations or words that cannot be normalised."""
    if _ANNOTATION.search(raw):
        return None
    try:
        transcript = normalize_transcript(raw)
    except DataError:
        return None
    return transcript or None


def _first_existing(paths: tuple[Path, ...]) -> Path | None:
    return next((path for path in paths if path.exists()), None)


def load_asterisk_prompts(transcript_file: Path | None = None, sound_dir: Path | None = None) -> list[RecordedPrompt]:
    """The usable prompts, sorted by key; an empty list (and a warning saying why) when not installed."""
    transcript_file = transcript_file or _first_existing(TRANSCRIPT_FILES)
    sound_dir = sound_dir or _first_existing(SOUND_DIRS)
    if transcript_file is None or sound_dir is None:
        log.warning(
            "no Asterisk prompts: install the Debian packages asterisk-core-sounds-en-wav and "
            "asterisk-core-sounds-en (looked for %s and %s)",
            " / ".join(map(str, TRANSCRIPT_FILES)),
            " / ".join(map(str, SOUND_DIRS)),
        )
        return []
    prompts = []
    for key, raw in sorted(read_prompt_transcripts(transcript_file).items()):
        transcript, path = plain_transcript(raw), sound_dir / f"{key}.wav"
        if transcript and path.is_file():
            prompts.append(RecordedPrompt(SPEAKER, key, path, transcript))
    log.info("%d usable Asterisk prompts in %s (transcripts %s)", len(prompts), sound_dir, transcript_file)
    return prompts
