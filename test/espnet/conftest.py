"""Session fixtures for the ESPnet tests: one generated set, its models trained once (see asr_setup)."""

from __future__ import annotations

import pytest
from asr_setup import (
    CONF,
    TINY_HUBERT,
    AsrData,
    TrainedModel,
    continuous_model_options,
    make_asr_data,
    train,
    unit_model_options,
)


@pytest.fixture(scope="session")
def asr_data(tmp_path_factory: pytest.TempPathFactory) -> AsrData:
    """Eight utterances of tone sequences, their MFCC units (K=16) and transcripts."""
    return make_asr_data(tmp_path_factory.mktemp("asr_data"))


@pytest.fixture(scope="session")
def unit_model(asr_data: AsrData, tmp_path_factory: pytest.TempPathFactory) -> TrainedModel:
    """The tiny unit_embedding model trained on the dumped ids (enough epochs to tell utterances apart)."""
    out = tmp_path_factory.mktemp("units")
    return train(CONF / "train_asr_units.yaml", asr_data, "units", out, 30, *unit_model_options(asr_data))


@pytest.fixture(scope="session")
def continuous_model(asr_data: AsrData, tmp_path_factory: pytest.TempPathFactory) -> TrainedModel:
    """The continuous baseline on a tiny HuBERT's layer computed from the audio, trained two epochs."""
    out = tmp_path_factory.mktemp("continuous")
    options = continuous_model_options(TINY_HUBERT)
    return train(CONF / "train_asr_continuous.yaml", asr_data, "audio", out, 2, *options)
