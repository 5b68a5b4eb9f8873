"""Fixtures for the HuBERT pretraining tests (imported by name: a conftest.py here would shadow test/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile

from softassign.arkio import ark_scp_writer
from softassign.datadir import read_table
from softassign.hubert.pretrain import PretrainConfig
from softassign.records import Record

#: Larger than the number of 100 Hz frames of any utterance of the ``data_dir`` fixture (at most 1.0 s).
NUM_CLASSES = 128


def mfcc_frames(num_samples: int) -> int:
    """Frames of Kaldi MFCC (25 ms window, 10 ms shift, snip_edges) at 16 kHz."""
    return (num_samples - 400) // 160 + 1


def write_units(data_dir: Path, scp: Path, ids_of_length=np.arange) -> Path:
    """A units scp of the utterances of ``data_dir`` at 100 frames a second; ``ids_of_length(n)`` makes the ids."""
    with ark_scp_writer(scp.with_suffix(".ark"), scp, Record("test data")) as writer:
        for utt, path in sorted(read_table(data_dir / "wav.scp").items()):
            writer[utt] = np.asarray(ids_of_length(mfcc_frames(soundfile.info(path).frames)), dtype=np.int32)
    return scp


@pytest.fixture(name="write_units")
def write_units_fixture():
    """The :func:`write_units` helper (test modules importing this module would defeat pytest's assert rewriting)."""
    return write_units


@pytest.fixture
def frame_units(tmp_path: Path, data_dir: Path) -> Path:
    """100 Hz units of the six ``data_dir`` utterances whose id is the frame index: a label tells its frame."""
    return write_units(data_dir, tmp_path / "units.scp")


@pytest.fixture
def tiny_config() -> PretrainConfig:
    """``tiny_hubert``, two utterances of at most 20 frames a step, six steps, a checkpoint every three."""
    return PretrainConfig(
        num_classes=NUM_CLASSES,
        model="tiny_hubert",
        batch_size=2,
        crop_frames=20,
        min_frames=16,
        max_steps=6,
        warmup_fraction=0.2,
        final_dim=16,
        checkpoint_every=3,
        log_every=2,
    )
