"""Every vocoder config of the synthesis recipes (egs/*/tts1/conf/vocoder_*.yaml) parses, builds its vocoder
and discriminator, and takes one training step on a segment of its own size: a typo or a generator whose
upsampling does not match hop_length fails here, not hours into a recipe."""

import math
from pathlib import Path

import pytest
import torch
import yaml
from recipe_tools import ROOT

from softassign.vocoder.config import parse_config
from softassign.vocoder.model import UnitVocoder
from softassign.vocoder.train import VocoderTrainer

pytestmark = pytest.mark.slow  # builds and trains every config

CONFIGS = sorted(ROOT.glob("egs/*/tts1/conf/vocoder_*.yaml"))


def test_the_recipes_have_vocoder_configs() -> None:
    assert len(CONFIGS) >= 2


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: c.name)
def test_config_builds_and_trains_a_step(config: Path, tmp_path: Path) -> None:
    vocoder_config, train_config = parse_config(yaml.safe_load(config.read_text()), str(config), num_units=16)
    torch.manual_seed(0)
    trainer = VocoderTrainer(UnitVocoder(vocoder_config), train_config, tmp_path)
    frames = train_config.segment_frames
    ids = torch.randint(16, (2, frames))
    waves = 0.1 * torch.randn(2, frames * vocoder_config.hop_length)
    losses = trainer.train_step(ids, waves)
    assert losses and all(math.isfinite(v) for v in losses.values())
    trainer.step = train_config.adversarial_start_step  # and once adversarial training starts
    assert "g_adv" in trainer.train_step(ids, waves)
