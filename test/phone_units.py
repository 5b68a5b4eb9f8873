"""Synthetic 'phone' data for the analysis and benchmark tests: features around unit centroids, a CTM, transcripts.

Phone p (a letter of :data:`PHONES`) owns units 2p and 2p+1 of K=:data:`NUM_UNITS`
random centroids; each frame of a phone segment lies near one of its two
centroids, so hard ids determine the phone (phone purity 1). Segments are
whole frames at :data:`FRAME_SHIFT`; the CTM gives them in seconds.
Transcripts spell the phones as words (letters = char tokens).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from softassign.arkio import ark_scp_writer
from softassign.records import Record

PHONES = "ABCDEF"
NUM_UNITS, DIM, FRAME_SHIFT = 16, 8, 0.01


@dataclass
class PhoneSet:
    """Paths of a generated set and its centroids."""

    feats_scp: Path
    text: Path
    ctm: Path
    centroids: np.ndarray


def make_phone_set(root: Path, num_utts: int = 8, seed: int = 0) -> PhoneSet:
    """Write ``num_utts`` utterances (two words of 2-3 phones, 4-7 frames a phone) under ``root``."""
    rng = np.random.default_rng(seed)
    root.mkdir(parents=True, exist_ok=True)
    centroids = (3.0 * rng.standard_normal((NUM_UNITS, DIM))).astype(np.float32)
    texts, ctm = [], []
    with ark_scp_writer(root / "feats.ark", root / "feats.scp", Record("test data")) as writer:
        for i in range(num_utts):
            utt = f"utt{i:02d}"
            words = ["".join(rng.choice(list(PHONES), size=rng.integers(2, 4))) for _ in range(2)]
            frames, start = [], 0
            for phone in "".join(words):
                length = int(rng.integers(4, 8))
                units = 2 * PHONES.index(phone) + rng.integers(0, 2, size=length)
                frames.append(centroids[units] + 0.3 * rng.standard_normal((length, DIM)))
                ctm.append(f"{utt} 1 {start * FRAME_SHIFT:.2f} {length * FRAME_SHIFT:.2f} {phone}\n")
                start += length
            writer[utt] = np.concatenate(frames).astype(np.float32)
            texts.append(f"{utt} {' '.join(words)}\n")
    (root / "text").write_text("".join(texts))
    (root / "phones.ctm").write_text("".join(ctm))
    return PhoneSet(root / "feats.scp", root / "text", root / "phones.ctm", centroids)
