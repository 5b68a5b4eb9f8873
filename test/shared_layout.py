"""A miniature of the project's shared data dir (kathleen_arctic_a/, ljspeech_samples/) from synthetic tones."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile

#: utt -> text of kathleen_arctic_a/text.tsv: a0001 has two takes, a0002's only take is not aligned.
KATHLEEN_TEXT = {
    "arctic_a0001_200": "Author of the danger trail, Philip Steels, etc.",
    "arctic_a0001_100": "Author of the danger trail, Philip Steels, etc.",
    "arctic_a0002_300": "Not at this particular case, Tom, apologized Whittemore.",
    "arctic_a0003_400": "For the twentieth time that evening the two men shook hands.",
    "arctic_a0004_500": "Lord, but I'm glad to see you again, Phil.",
}
ALIGNED = ["arctic_a0001_100", "arctic_a0001_200", "arctic_a0003_400", "arctic_a0004_500"]
LJSPEECH_TEXT = {"LJ001-0001": "Printing, in the only sense", "LJ001-0002": "in being comparatively modern."}


def tone(path: Path, rate: int, seconds: float = 0.3) -> None:
    """A short 16-bit tone at ``rate`` (flac or wav by suffix)."""
    t = np.arange(int(rate * seconds)) / rate
    soundfile.write(path, (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), rate, subtype="PCM_16")


def make_shared_root(root: Path) -> Path:
    """``root/shared`` with both sample dirs; returns it."""
    shared = root / "shared"
    kathleen, ljspeech = shared / "kathleen_arctic_a", shared / "ljspeech_samples"
    (kathleen / "flac").mkdir(parents=True)
    (ljspeech / "wavs").mkdir(parents=True)
    for utt in KATHLEEN_TEXT:
        tone(kathleen / "flac" / f"{utt}.flac", 16000)
    (kathleen / "text.tsv").write_text("".join(f"{u}\t{t}\n" for u, t in KATHLEEN_TEXT.items()))
    (kathleen / "phones.ctm").write_text("".join(f"{u} 1 0.00 0.10 AH0\n{u} 1 0.10 0.15 T\n" for u in ALIGNED))
    for utt in LJSPEECH_TEXT:
        tone(ljspeech / "wavs" / f"{utt}.wav", 22050)
    (ljspeech / "metadata.csv").write_text("".join(f"{u}|{t}\n" for u, t in LJSPEECH_TEXT.items()))
    return shared
