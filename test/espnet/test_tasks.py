"""Registration into ESPnet's ASR task: the test configs parse and build models that train on a padded batch."""

from __future__ import annotations

from pathlib import Path

import torch
from asr_setup import CONF, FEAT_DIM, NUM_UNITS

from softassign.espnet.frontend import UnitEmbeddingFrontend
from softassign.espnet.tasks import ASRTask, register_asr_frontends

TOKENS = ["<blank>", "<unk>", "A", "B", "<space>", "<sos/eos>"]


def build(config: Path, tmp_path: Path, *extra: str) -> torch.nn.Module:
    """Parse ``config`` with ASRTask's own parser and build the model."""
    token_list = tmp_path / "tokens.txt"
    token_list.write_text("\n".join(TOKENS) + "\n")
    args = ASRTask.get_parser().parse_args(
        ["--config", str(config), "--token_list", str(token_list), "--output_dir", str(tmp_path), *extra]
    )
    return ASRTask.build_model(args)


def loss_on(model: torch.nn.Module, speech: torch.Tensor, speech_lengths: torch.Tensor) -> torch.Tensor:
    """Training loss of a 2-utterance batch with char targets padded by -1, as ESPnet collates them."""
    text = torch.tensor([[2, 3, 2], [3, -1, -1]])
    loss, _, _ = model(speech=speech, speech_lengths=speech_lengths, text=text, text_lengths=torch.tensor([3, 1]))
    return loss


def test_registration_is_idempotent_and_resolves_the_name() -> None:
    register_asr_frontends()
    register_asr_frontends()
    frontend_choices = next(c for c in ASRTask.class_choices_list if c.name == "frontend")
    assert frontend_choices.get_class("unit_embedding") is UnitEmbeddingFrontend


def test_unit_config_builds_a_model_that_trains_on_padded_ids(tmp_path: Path) -> None:
    model = build(CONF / "train_asr_units.yaml", tmp_path)
    assert isinstance(model.frontend, UnitEmbeddingFrontend)
    assert model.frontend.embedding.num_embeddings == NUM_UNITS and model.normalize is None
    ids = torch.tensor([[0, 15, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, -1, -1]])
    loss = loss_on(model, ids, torch.tensor([12, 10]))
    loss.backward()
    assert torch.isfinite(loss) and model.frontend.embedding.weight.grad[15].abs().sum() > 0


def test_continuous_config_has_no_frontend_and_takes_features(tmp_path: Path) -> None:
    model = build(CONF / "train_asr_continuous.yaml", tmp_path, "--normalize", "none")
    assert model.frontend is None
    loss = loss_on(model, torch.randn(2, 12, FEAT_DIM), torch.tensor([12, 10]))
    assert torch.isfinite(loss)
