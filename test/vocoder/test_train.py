import dataclasses
import math

import pytest
import torch

from softassign.checkpoint import checkpoints
from softassign.errors import ConfigError
from softassign.vocoder.model import UnitVocoder, load_vocoder
from softassign.vocoder.train import VocoderTrainer, train_vocoder

pytestmark = pytest.mark.slow  # every test here trains a model

pytest_plugins = ["vocoder.vocoder_fixtures"]

HOP = 320


def batch(seed=0):
    gen = torch.Generator().manual_seed(seed)
    return torch.randint(8, (2, 8), generator=gen), 0.3 * torch.randn(2, 8 * HOP, generator=gen)


def snapshot(module):
    return [p.detach().clone() for p in module.parameters()]


def changed(module, before):
    return any(not torch.equal(p, b) for p, b in zip(module.parameters(), before))


@pytest.fixture
def trainer(tiny_configs, tmp_path):
    torch.manual_seed(0)
    vocoder_config, train_config = tiny_configs
    return VocoderTrainer(UnitVocoder(vocoder_config), train_config, tmp_path / "exp")


def test_adversarial_step_updates_both_networks(trainer):
    trainer.step = trainer.config.adversarial_start_step
    generator, discriminator = snapshot(trainer.vocoder), snapshot(trainer.discriminator)
    losses = trainer.train_step(*batch())
    assert set(losses) == {"d_real", "d_fake", "mel", "g_adv", "feat_match"}
    assert all(math.isfinite(v) for v in losses.values())
    assert changed(trainer.vocoder, generator) and changed(trainer.discriminator, discriminator)
    assert trainer.step == trainer.config.adversarial_start_step + 1


def test_warm_up_step_trains_generator_on_mel_loss_only(trainer):
    discriminator = snapshot(trainer.discriminator)
    embedding = trainer.vocoder.embedding.weight.detach().clone()
    losses = trainer.train_step(*batch())
    assert set(losses) == {"mel"} and math.isfinite(losses["mel"])
    assert not changed(trainer.discriminator, discriminator)
    assert not torch.equal(trainer.vocoder.embedding.weight, embedding)


def test_mel_loss_goes_down_on_a_fixed_batch(trainer):
    ids, waves = batch()
    first = trainer.train_step(ids, waves)["mel"]
    for _ in range(15):
        last = trainer.train_step(ids, waves)["mel"]
    assert last < first


def test_checkpoint_resume_restores_weights_and_step(trainer, tiny_configs):
    for seed in range(3):
        trainer.train_step(*batch(seed))
    trainer.save_checkpoint()
    vocoder_config, train_config = tiny_configs
    fresh = VocoderTrainer(UnitVocoder(vocoder_config), train_config, trainer.out_dir)
    assert fresh.resume()
    assert fresh.step == 3
    for mine, theirs in [(fresh.vocoder, trainer.vocoder), (fresh.discriminator, trainer.discriminator)]:
        assert all(torch.equal(a, b) for a, b in zip(mine.state_dict().values(), theirs.state_dict().values()))
    assert fresh.optim_g.state_dict()["state"].keys() == trainer.optim_g.state_dict()["state"].keys()


def test_only_the_newest_checkpoints_are_kept(trainer):
    for _ in range(4):
        trainer.train_step(*batch())
        trainer.save_checkpoint()
    assert [p.name for p in checkpoints(trainer.out_dir)] == ["checkpoint.3.pt", "checkpoint.4.pt"]


def test_resume_with_another_model_shape_is_config_error(trainer, tiny_configs):
    trainer.save_checkpoint()
    vocoder_config, train_config = tiny_configs
    wider = dataclasses.replace(vocoder_config, embed_dim=16)
    with pytest.raises(ConfigError, match="checkpoint.0.pt"):
        VocoderTrainer(UnitVocoder(wider), train_config, trainer.out_dir).resume()


def test_train_vocoder_runs_resumes_and_finishes(unit_corpus, tiny_configs, tmp_path, monkeypatch):
    vocoder_config, train_config = tiny_configs
    config = dataclasses.replace(train_config, max_steps=2, checkpoint_every=2, adversarial_start_step=1)
    out = tmp_path / "exp"
    final = train_vocoder(unit_corpus.units_scp, unit_corpus.data_dir, vocoder_config, config, out)
    assert final == out / "vocoder.pt" and (out / "vocoder.pt.done").exists()
    assert torch.load(final, weights_only=True)["step"] == 2
    assert [p.name for p in checkpoints(out)] == ["checkpoint.2.pt"]
    (out / "vocoder.pt.done").unlink()
    steps_run = []
    original_step = VocoderTrainer.train_step
    monkeypatch.setattr(VocoderTrainer, "train_step", lambda self, *b: steps_run.append(1) or original_step(self, *b))
    longer = dataclasses.replace(config, max_steps=3)
    train_vocoder(unit_corpus.units_scp, unit_corpus.data_dir, vocoder_config, longer, out)
    assert len(steps_run) == 1  # went on from checkpoint 2
    assert torch.load(final, weights_only=True)["step"] == 3
    assert load_vocoder(final).synthesize_ids(torch.tensor([1, 2])).shape == (2 * HOP,)
