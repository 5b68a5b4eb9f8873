"""A miniature LJSpeech-1.1 release, made from synthetic tones (imported by name by the LJSpeech tests).

The layout and quirks of the release: ``wavs/<id>.wav`` at 22.05 kHz, ``metadata.csv`` without a
header, ``|``-separated, unquoted (``"`` is text), the normalized transcription (numbers spelt out)
in the third column, non-ASCII letters and typographic quotes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile

RATE = 22050
#: (id, transcription, normalized transcription) lines of metadata.csv, in file order (one pair swapped:
#: the split must follow the sorted ids, as ESPnet's does, not the file order).
LJSPEECH_LINES = [
    (
        "LJ001-0001",
        "Printing, in the only sense with which we are at present concerned,",
        "Printing, in the only sense with which we are at present concerned,",
    ),
    ("LJ001-0002", "in being comparatively modern.", "in being comparatively modern."),
    (
        "LJ002-0011",
        'He said "in 1829, at No. 3," quite so;',
        'He said "in eighteen twenty-nine, at Number three," quite so;',
    ),
    (
        "LJ003-0005",
        "Mr. M\u00fcller\u2019s \u201cfine\u201d caf\u00e9 [sic]",
        "Mister M\u00fcller\u2019s \u201cfine\u201d caf\u00e9 [sic]",
    ),
    (
        "LJ050-0277",
        "with the active cooperation of the responsible agencies",
        "with the active cooperation of the responsible agencies",
    ),
    ("LJ049-0230", "The Commission's 2nd report", "The Commission's second report"),
    (
        "LJ050-0278",
        "and with the understanding of the people of the United States in their demands upon their President.",
        "and with the understanding of the people of the United States in their demands upon their President.",
    ),
]
#: The transcripts the data dirs must hold (normalized column, normalize_transcript).
LJSPEECH_TEXT = {
    "LJ001-0001": "PRINTING IN THE ONLY SENSE WITH WHICH WE ARE AT PRESENT CONCERNED",
    "LJ001-0002": "IN BEING COMPARATIVELY MODERN",
    "LJ002-0011": "HE SAID IN EIGHTEEN TWENTY NINE AT NUMBER THREE QUITE SO",
    "LJ003-0005": "MISTER MULLER'S FINE CAFE SIC",
    "LJ049-0230": "THE COMMISSION'S SECOND REPORT",
    "LJ050-0277": "WITH THE ACTIVE COOPERATION OF THE RESPONSIBLE AGENCIES",
    "LJ050-0278": "AND WITH THE UNDERSTANDING OF THE PEOPLE OF THE UNITED STATES IN THEIR DEMANDS UPON THEIR PRESIDENT",
}
SECONDS = 0.5


def write_metadata(corpus: Path, lines: list[tuple[str, ...]]) -> None:
    """metadata.csv of ``lines`` (tuples joined with ``|``), UTF-8, no header."""
    (corpus / "metadata.csv").write_text("".join("|".join(fields) + "\n" for fields in lines), encoding="utf-8")


def make_ljspeech(root: Path, lines: list[tuple[str, str, str]] = LJSPEECH_LINES) -> Path:
    """``root/LJSpeech-1.1`` with one 0.5 s 22.05 kHz tone wav per line and metadata.csv; returns the dir."""
    corpus = root / "LJSpeech-1.1"
    (corpus / "wavs").mkdir(parents=True)
    rng = np.random.default_rng(0)
    t = np.arange(int(SECONDS * RATE)) / RATE
    for index, (utt, *_) in enumerate(lines):
        wave = 0.3 * np.sin(2 * np.pi * (150 + 40 * index) * t) + 0.01 * rng.standard_normal(len(t))
        soundfile.write(corpus / "wavs" / f"{utt}.wav", wave.astype(np.float32), RATE, subtype="PCM_16")
    write_metadata(corpus, lines)
    return corpus
