"""Fixtures for the vocoder tests (imported by name: a conftest.py here would shadow test/conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import soundfile
import torch

from softassign.arkio import ark_scp_writer
from softassign.conf import load_yaml
from softassign.datadir import read_table
from softassign.records import Record
from softassign.units.assign import hard_assign
from softassign.units.centroids import save_centroids
from softassign.vocoder.config import TrainConfig, VocoderConfig, parse_config

TINY_CONFIG = Path(__file__).resolve().parent / "conf/tiny_cpu.yaml"
NUM_UNITS = 8
FEAT_DIM = 4


@dataclass
class UnitCorpus:
    """A data dir with matching 20 ms features (feats.scp), their hard units (units.scp) and centroids."""

    data_dir: Path
    feats_scp: Path
    units_scp: Path
    centroids_path: Path
    centroids: torch.Tensor


@pytest.fixture
def tiny_config_path() -> Path:
    """The shipped tiny CPU config file (``num_units`` left to the command line)."""
    return TINY_CONFIG


@pytest.fixture
def tiny_configs() -> tuple[VocoderConfig, TrainConfig]:
    """The shipped tiny CPU config with K = NUM_UNITS."""
    return parse_config(load_yaml(TINY_CONFIG), str(TINY_CONFIG), num_units=NUM_UNITS)


@pytest.fixture
def unit_corpus(tmp_path: Path, data_dir: Path) -> UnitCorpus:
    """Six tone utterances; one feature frame per 320 samples (minus one, as HuBERT), units = argmin."""
    gen = torch.Generator().manual_seed(0)
    centroids = 3.0 * torch.randn(NUM_UNITS, FEAT_DIM, generator=gen)
    feats_scp, units_scp = tmp_path / "feats.scp", tmp_path / "units.scp"
    with (
        ark_scp_writer(tmp_path / "feats.ark", feats_scp, Record("test data")) as feats_out,
        ark_scp_writer(tmp_path / "units.ark", units_scp, Record("test data")) as units_out,
    ):
        for utt, path in sorted(read_table(data_dir / "wav.scp").items()):
            frames = soundfile.info(path).frames // 320 - 1
            ids = torch.randint(NUM_UNITS, (frames,), generator=gen)
            feats = centroids[ids] + 0.3 * torch.randn(frames, FEAT_DIM, generator=gen)
            feats_out[utt] = feats.numpy()
            units_out[utt] = hard_assign(feats, centroids).numpy().astype(np.int32)
    save_centroids(tmp_path / "centroids.npy", centroids)
    return UnitCorpus(data_dir, feats_scp, units_scp, tmp_path / "centroids.npy", centroids)
