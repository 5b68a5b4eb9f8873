"""Session fixtures for the ESPnet tests: one generated set, trained once per model type (see asr_setup)."""

from __future__ import annotations

import pytest
from asr_setup import CONF, AsrData, TrainedModel, make_asr_data, train


@pytest.fixture(scope="session")
def asr_data(tmp_path_factory: pytest.TempPathFactory) -> AsrData:
    """Eight utterances of D=8 features around K=16 centroids, with their dumped ids and transcripts."""
    return make_asr_data(tmp_path_factory.mktemp("asr_data"))


@pytest.fixture(scope="session")
def unit_model(asr_data: AsrData, tmp_path_factory: pytest.TempPathFactory) -> TrainedModel:
    """The tiny unit_embedding model trained on the dumped ids (enough epochs to emit non-empty text)."""
    return train(CONF / "train_asr_units.yaml", asr_data, asr_data.units_scp, tmp_path_factory.mktemp("units"), 30)


@pytest.fixture(scope="session")
def continuous_model(asr_data: AsrData, tmp_path_factory: pytest.TempPathFactory) -> TrainedModel:
    """The continuous baseline (features in, global MVN from collect-stats), trained one epoch."""
    out = tmp_path_factory.mktemp("continuous")
    return train(CONF / "train_asr_continuous.yaml", asr_data, asr_data.feats_scp, out, 1, global_mvn=True)
