"""Miniature copies of the LibriSpeech and L2-ARCTIC release layouts, made from synthetic tones.

Imported by name (``from corpus_layouts import ...``) by the corpus and recipe tests. Each maker
writes exactly the on-disk layout of the release, with its quirks: LibriSpeech flacs with
upper-case ``trans.txt`` files; L2-ARCTIC 44.1 kHz wavs, one-line mixed-case punctuated
transcripts and long-format TextGrids (tiers ``words`` and ``phones``, with error labels
``CPL,PPL,type``) for a subset.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile

LIBRISPEECH_SENTENCES = [
    "HE DIDN'T KNOW THE WAY HOME",
    "THE OLD MAN SAT BY THE FIRE",
    "SHE SAID IT WAS TOO LATE",
    "A BIRD SANG IN THE GARDEN",
    "WE WALKED ALONG THE RIVER",
    "THEY OPENED THE HEAVY DOOR",
]

#: (reader, chapter) dirs of each split of the miniature LibriSpeech.
LIBRISPEECH_CHAPTERS = {
    "train-clean-100": [("103", "1240"), ("103", "1241"), ("1034", "121119")],
    "dev-clean": [("1272", "128104")],
    "dev-other": [("116", "288045")],
    "test-clean": [("1089", "134686")],
    "test-other": [("1688", "142285")],
}
UTTS_PER_CHAPTER = 3

#: The L2-ARCTIC speakers of the miniature corpus (two native languages) and their prompts.
L2ARCTIC_SPEAKERS = ["ABA", "SKA", "BWC"]
L2ARCTIC_PROMPTS = {
    "arctic_a0001": "Author of the danger trail, Philip Steels, etc.",
    "arctic_a0002": "Not at this particular case, Tom, apologized Whittemore.",
    "arctic_b0003": "For the twentieth time that evening the two men shook hands.",
}
L2ARCTIC_NORMALISED = {
    "arctic_a0001": "AUTHOR OF THE DANGER TRAIL PHILIP STEELS ETC",
    "arctic_a0002": "NOT AT THIS PARTICULAR CASE TOM APOLOGIZED WHITTEMORE",
    "arctic_b0003": "FOR THE TWENTIETH TIME THAT EVENING THE TWO MEN SHOOK HANDS",
}
L2ARCTIC_ANNOTATED = ["arctic_a0001", "arctic_a0002"]
#: The phones tier of every annotation: plain phones and L2-ARCTIC error labels.
L2ARCTIC_PHONES = [
    (0.0, 0.12, "sil"),
    (0.12, 0.21, "AO1"),
    (0.21, 0.3, "TH,S,s"),
    (0.3, 0.38, "ER0"),
    (0.38, 0.42, "sil,AH0,a"),
    (0.42, 0.5, "AH0,sil,d"),
    (0.5, 0.6, "V"),
    (0.6, 0.75, "sil"),
]
L2ARCTIC_WORDS = [(0.0, 0.12, ""), (0.12, 0.38, "AUTHOR"), (0.38, 0.6, "OF"), (0.6, 0.75, "")]


def tone(seconds: float, freq: float, rate: int, seed: int) -> np.ndarray:
    """A noisy sine tone (float32), distinct per ``freq`` and ``seed``."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * rate)) / rate
    return (0.3 * np.sin(2 * np.pi * freq * t) + 0.02 * rng.standard_normal(len(t))).astype(np.float32)


def make_librispeech(root: Path) -> Path:
    """``root/LibriSpeech`` with :data:`LIBRISPEECH_CHAPTERS`, 16 kHz flacs; returns the corpus root."""
    corpus = root / "LibriSpeech"
    count = 0
    for split, chapters in LIBRISPEECH_CHAPTERS.items():
        for reader, chapter in chapters:
            chapter_dir = corpus / split / reader / chapter
            chapter_dir.mkdir(parents=True)
            lines = []
            for i in range(UTTS_PER_CHAPTER):
                utt = f"{reader}-{chapter}-{i:04d}"
                soundfile.write(
                    chapter_dir / f"{utt}.flac",
                    tone(0.6 + 0.1 * i, 150 + 40 * count, 16000, count),
                    16000,
                    format="FLAC",
                    subtype="PCM_16",
                )
                lines.append(f"{utt} {LIBRISPEECH_SENTENCES[count % len(LIBRISPEECH_SENTENCES)]}")
                count += 1
            (chapter_dir / f"{reader}-{chapter}.trans.txt").write_text("\n".join(lines) + "\n")
    return corpus


def textgrid(words: list[tuple], phones: list[tuple]) -> str:
    """A long-format TextGrid with interval tiers ``words`` and ``phones``, as Praat and L2-ARCTIC write it."""
    end = phones[-1][1]
    lines = [
        'File type = "ooTextFile"',
        'Object class = "TextGrid"',
        "",
        "xmin = 0",
        f"xmax = {end}",
        "tiers? <exists>",
        "size = 2",
        "item []:",
    ]
    for number, (name, intervals) in enumerate([("words", words), ("phones", phones)], 1):
        lines += [
            f"    item [{number}]:",
            '        class = "IntervalTier"',
            f'        name = "{name}"',
            "        xmin = 0",
            f"        xmax = {end}",
            f"        intervals: size = {len(intervals)}",
        ]
        for index, (start, stop, text) in enumerate(intervals, 1):
            lines += [
                f"        intervals [{index}]:",
                f"            xmin = {start}",
                f"            xmax = {stop}",
                f'            text = "{text}"',
            ]
    return "\n".join(lines) + "\n"


def make_l2arctic(root: Path, speakers: list[str] = L2ARCTIC_SPEAKERS) -> Path:
    """``root/l2arctic`` with ``speakers``: 44.1 kHz wavs, transcripts, TextGrids for a subset."""
    corpus = root / "l2arctic"
    for number, speaker in enumerate(speakers):
        for sub in ("wav", "transcript", "annotation"):
            (corpus / speaker / sub).mkdir(parents=True)
        for index, (name, prompt) in enumerate(L2ARCTIC_PROMPTS.items()):
            seed = 10 * number + index
            soundfile.write(
                corpus / speaker / "wav" / f"{name}.wav",
                tone(0.75, 180 + 35 * seed, 44100, seed),
                44100,
                subtype="PCM_16",
            )
            (corpus / speaker / "transcript" / f"{name}.txt").write_text(prompt)
        for name in L2ARCTIC_ANNOTATED:
            (corpus / speaker / "annotation" / f"{name}.TextGrid").write_text(textgrid(L2ARCTIC_WORDS, L2ARCTIC_PHONES))
    return corpus
