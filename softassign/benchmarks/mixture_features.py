"""Synthetic frames of an SSL layer's shape, for the k-means benchmark at the users' scale without the model.

WavLM Large's layer 21 gives 1024-dim frames at 50 Hz; a speed comparison of k-means learners needs frames of
that shape with cluster structure, not that model. :func:`mixture_utterances` draws them from a Gaussian mixture
(component weights falling as 1/rank like phone frequencies, centres of unit variance per dimension, each
component with its own spread) and :func:`write_mixture_scp` stores them as a feature scp of fixed-length
utterances, the input of ``softassign.bin.bench_kmeans``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from softassign.arkio import ark_scp_writer
from softassign.errors import ConfigError
from softassign.records import Record


def mixture_utterances(
    num_frames: int, dim: int, num_components: int, utt_frames: int, rng: np.random.Generator
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """``num_frames`` float32 frames of ``dim`` dims from the mixture, ``utt_frames`` at a time (the last may be
    shorter), each with the component of every frame; only one utterance's frames are held at a time."""
    weights = 1.0 / np.arange(1, num_components + 1)
    centres = rng.standard_normal((num_components, dim), dtype=np.float32)
    spreads = rng.uniform(0.3, 0.8, size=num_components).astype(np.float32)
    components = rng.choice(num_components, size=num_frames, p=weights / weights.sum())
    for start in range(0, num_frames, utt_frames):
        chosen = components[start : start + utt_frames]
        noise = rng.standard_normal((len(chosen), dim), dtype=np.float32)
        yield centres[chosen] + spreads[chosen, None] * noise, chosen


def write_mixture_scp(
    out_dir: str | os.PathLike, num_frames: int, dim: int, num_components: int, seed: int = 0, utt_frames: int = 500
) -> Path:
    """Write ``out_dir/feats.{ark,scp}``: ``num_frames`` mixture frames in utterances of ``utt_frames``."""
    if min(num_frames, dim, num_components, utt_frames) < 1:
        raise ConfigError("num_frames, dim, num_components and utt_frames must be positive")
    out_dir = Path(out_dir)
    utterances = mixture_utterances(num_frames, dim, num_components, utt_frames, np.random.default_rng(seed))
    record = Record(f"mixture frames {num_frames} dim {dim} components {num_components} seed {seed} utt {utt_frames}")
    with ark_scp_writer(out_dir / "feats.ark", out_dir / "feats.scp", record) as writer:
        for index, (frames, _) in enumerate(utterances):
            writer[f"mix{index:07d}"] = frames
    return out_dir / "feats.scp"
