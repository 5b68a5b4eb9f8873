import dataclasses
import math

import pytest
import torch

from softassign.checkpoint import checkpoints
from softassign.errors import ConfigError
from softassign.features.ssl import SSLReader
from softassign.hubert import pretrain
from softassign.hubert.data import PretrainBatches
from softassign.hubert.model import masked_prediction_loss
from softassign.hubert.pretrain import HubertPretrainer, pretrain_hubert, warmup_linear_decay

pytest_plugins = ["hubert.hubert_fixtures"]


@pytest.mark.parametrize(
    "options, message",
    [
        ({"model": "hubert_base"}, "unknown model 'hubert_base'"),
        ({"batch_size": 0}, "batch_size must be at least 1"),
        ({"warmup_fraction": 1.0}, r"warmup_fraction must be in \[0, 1\)"),
    ],
)
def test_bad_options(tiny_config, options, message):
    with pytest.raises(ConfigError, match=message):
        dataclasses.replace(tiny_config, **options)


def test_learning_rate_warms_up_then_decays_to_zero():
    factors = [warmup_linear_decay(step, warmup_steps=3, max_steps=7) for step in range(8)]
    assert factors == pytest.approx([0.25, 0.5, 0.75, 1.0, 0.75, 0.5, 0.25, 0.0])


def fixed_batch_loss(trainer, waves, labels):
    torch.manual_seed(123)  # the same masks every time
    with torch.no_grad():
        logit_m, _, penalty = trainer.model(waves, labels)
    return masked_prediction_loss(logit_m, penalty)[0].item()


@pytest.mark.slow  # trains a model
def test_steps_lower_the_loss_of_a_batch(tiny_config, data_dir, frame_units, tmp_path):
    config = dataclasses.replace(tiny_config, max_steps=30, warmup_fraction=0.1, learning_rate=3e-3)
    trainer = HubertPretrainer(config, tmp_path / "exp")
    waves, labels = PretrainBatches(data_dir, frame_units, config.num_classes, config.geometry, 2, 20, min_frames=16)(0)
    before = [p.detach().clone() for p in trainer.model.parameters()]
    initial = fixed_batch_loss(trainer, waves, labels)
    stats = [trainer.train_step(waves, labels) for _ in range(config.max_steps)]
    assert all(math.isfinite(s["loss"]) and 0 <= s["masked_acc"] <= 1 for s in stats)
    assert trainer.step == 30 and stats[0]["lr"] < stats[5]["lr"]
    assert all(not torch.equal(p, b) for p, b in zip(trainer.model.wav2vec2.parameters(), before))
    assert fixed_batch_loss(trainer, waves, labels) < 0.8 * initial


@pytest.mark.slow  # trains a model
def test_pretraining_writes_an_encoder_that_ssl_reader_loads(tiny_config, data_dir, frame_units, tmp_path, caplog):
    caplog.set_level("INFO")
    out = tmp_path / "exp"
    encoder = pretrain_hubert(data_dir, frame_units, tiny_config, out)
    assert encoder == out / "encoder.pt" and (out / "encoder.pt.done").exists()
    assert [p.name for p in checkpoints(out)] == ["checkpoint.3.pt", "checkpoint.6.pt"]
    assert "step 6/6: loss" in caplog.text and "masked_acc" in caplog.text
    wave = torch.randn(16000)
    trained = SSLReader("tiny_hubert", layer=2, checkpoint=str(encoder)).extract([wave])[0]
    random = SSLReader("tiny_hubert", layer=2, seed=tiny_config.seed).extract([wave])[0]
    assert trained.shape == random.shape == (49, 64) and not torch.allclose(trained, random)
    assert pretrain_hubert(data_dir, tmp_path / "gone.scp", tiny_config, out) == encoder  # done: nothing read


@pytest.mark.slow  # trains a model
def test_a_resumed_run_repeats_an_uninterrupted_one(tiny_config, data_dir, frame_units, tmp_path, monkeypatch, caplog):
    expected = torch.load(pretrain_hubert(data_dir, frame_units, tiny_config, tmp_path / "a"), weights_only=True)
    original_batch = PretrainBatches.__call__

    def crash_at_step_4(self, step):
        if step == 4:
            raise KeyboardInterrupt
        return original_batch(self, step)

    monkeypatch.setattr(PretrainBatches, "__call__", crash_at_step_4)
    with pytest.raises(KeyboardInterrupt):
        pretrain_hubert(data_dir, frame_units, tiny_config, tmp_path / "b")
    assert [p.name for p in checkpoints(tmp_path / "b")] == ["checkpoint.3.pt"]
    assert not (tmp_path / "b/encoder.pt").exists()
    monkeypatch.undo()
    caplog.set_level("INFO")
    resumed = torch.load(pretrain_hubert(data_dir, frame_units, tiny_config, tmp_path / "b"), weights_only=True)
    assert "(step 3)" in caplog.text
    assert expected.keys() == resumed.keys()
    for name in expected:
        torch.testing.assert_close(resumed[name], expected[name], rtol=0, atol=1e-6, msg=name)


def test_checkpoint_of_another_architecture_is_rejected(tiny_config, tmp_path):
    trainer = HubertPretrainer(tiny_config, tmp_path)
    trainer.save_checkpoint()
    other = HubertPretrainer(dataclasses.replace(tiny_config, final_dim=32), tmp_path)
    with pytest.raises(ConfigError, match="checkpoint.0.pt: checkpoint does not fit"):
        other.resume()


@pytest.mark.slow  # trains a model
def test_non_finite_gradients_stop_training(tiny_config, tmp_path, monkeypatch):
    trainer = HubertPretrainer(tiny_config, tmp_path)
    monkeypatch.setattr(pretrain, "masked_prediction_loss", lambda logits, penalty: (logits.sum() * math.nan, 0.0))
    with pytest.raises(FloatingPointError, match="step 0: non-finite gradient"):
        trainer.train_step(torch.randn(2, 400 + 19 * 320), torch.zeros(2, 20, dtype=torch.long))
