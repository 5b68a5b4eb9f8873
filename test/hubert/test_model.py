import math

import pytest
import torch
from torchaudio.models.wav2vec2.components import LogitGenerator

from softassign.errors import ConfigError
from softassign.hubert.model import MatmulLogitGenerator, build_pretrain_model, masked_prediction_loss


def test_matmul_logits_equal_torchaudios():
    torch.manual_seed(0)
    original = LogitGenerator(encoder_embed_dim=16, num_classes=10, final_dim=8, skip_masked=False, skip_nomask=False)
    fast = MatmulLogitGenerator.replacing(original)
    x, labels = torch.randn(3, 7, 16), torch.randint(10, (3, 7))
    mask = torch.rand(3, 7) < 0.6
    for expected, got in zip(original(x, labels, mask, ~mask), fast(x, labels, mask, ~mask)):
        assert got.shape == expected.shape == (len(got), 11)
        assert torch.equal(torch.isinf(got), torch.isinf(expected))
        finite = torch.isfinite(expected)
        torch.testing.assert_close(got[finite], expected[finite])
    assert set(fast.state_dict()) == set(original.state_dict())


def test_pretrain_model_scores_masked_frames_only():
    torch.manual_seed(0)
    model = build_pretrain_model("tiny_hubert", num_classes=5, final_dim=8)
    waves, labels = torch.randn(2, 400 + 39 * 320), torch.randint(5, (2, 40))
    logit_m, logit_u, penalty = model(waves, labels)
    assert logit_u is None and 0 < len(logit_m) < 80 and logit_m.shape[1] == 6
    loss, accuracy = masked_prediction_loss(logit_m, penalty)
    assert math.isfinite(loss.item()) and 0 <= accuracy <= 1
    loss.backward()
    assert model.logit_generator.label_embeddings.grad.abs().sum() > 0
    assert model.wav2vec2.feature_extractor.conv_layers[0].conv.weight.grad.abs().sum() > 0


def test_loss_and_accuracy_of_known_logits():
    logits = torch.tensor([[5.0, 0.0, -math.inf], [0.0, 5.0, -math.inf]])
    loss, accuracy = masked_prediction_loss(logits, torch.tensor(0.01))
    expected = torch.nn.functional.cross_entropy(logits, torch.zeros(2, dtype=torch.long)) + 0.1
    assert accuracy == 0.5 and loss.item() == pytest.approx(expected.item())


def test_unknown_architecture():
    with pytest.raises(ConfigError, match="wavlm_base.*known: \\['small_hubert', 'tiny_hubert'\\]"):
        build_pretrain_model("wavlm_base", 5, 8)
