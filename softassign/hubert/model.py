"""torchaudio's HuBERT pretraining model for the small architectures, and its masked-prediction loss.

The model is ``torchaudio.models.hubert_pretrain_model`` with the encoder of a
:data:`softassign.features.ssl.HUBERT_CONFIGS` architecture and the masking of
HuBERT Base (:data:`MASKING`). Its logit generator is replaced by
:class:`MatmulLogitGenerator` (same parameters, same logits, several times
faster on a CPU). The loss follows torchaudio's HuBERT recipe: cross entropy
of the masked frames' logits (the target is column 0 of ``logit_m``) plus 10 x
the feature penalty, here per masked frame; unmasked frames are not scored.
"""

from __future__ import annotations

import torch
import torchaudio
from torchaudio.models.wav2vec2.components import LogitGenerator

from softassign.errors import ConfigError
from softassign.features.ssl import HUBERT_CONFIGS

#: Masking and target options of torchaudio's ``hubert_pretrain_base`` (except: unmasked frames are not scored).
MASKING = dict(
    mask_prob=0.8,
    mask_selection="static",
    mask_other=0.0,
    mask_length=10,
    no_mask_overlap=False,
    mask_min_space=1,
    mask_channel_prob=0.0,
    mask_channel_selection="static",
    mask_channel_other=0.0,
    mask_channel_length=10,
    no_mask_channel_overlap=False,
    mask_channel_min_space=1,
    skip_masked=False,
    skip_nomask=True,
    feature_grad_mult=0.1,
)
FEATURE_PENALTY_WEIGHT = 10.0
LOGIT_TEMPERATURE = 0.1  # torchaudio's (and fairseq's) cosine-similarity temperature


class MatmulLogitGenerator(LogitGenerator):
    """torchaudio's ``LogitGenerator`` (same parameters and logits) with the similarities as one matrix product.

    torchaudio builds a (num_classes + 1, frames, final_dim) tensor of target
    embeddings per batch, which dominates a small model's step on a CPU. Here
    row i is [cos(x_i, e_label), cos(x_i, e_k) for every class k] / 0.1 with the
    label's own class at -inf (torchaudio sets every class whose embedding
    equals the label's to -inf: the same class unless two embeddings coincide).
    """

    @classmethod
    def replacing(cls, generator: LogitGenerator) -> MatmulLogitGenerator:
        """A copy of ``generator`` (options and parameters) of this class."""
        num_classes, final_dim = generator.label_embeddings.shape
        fast = cls(
            generator.final_proj.in_features, num_classes, final_dim, generator.skip_masked, generator.skip_nomask
        )
        fast.load_state_dict(generator.state_dict())
        return fast

    def forward(self, x: torch.Tensor, label: torch.Tensor, mask_m: torch.Tensor, mask_u: torch.Tensor):
        """(logits of the masked frames, of the unmasked frames), each (frames, num_classes + 1) or None."""
        proj_x = self.final_proj(x)
        logit_m = None if self.skip_masked else self._logits(proj_x[mask_m], label[mask_m])
        logit_u = None if self.skip_nomask else self._logits(proj_x[mask_u], label[mask_u])
        return logit_m, logit_u

    def _logits(self, proj_x: torch.Tensor, label: torch.Tensor) -> torch.Tensor:
        unit_x = torch.nn.functional.normalize(proj_x.float(), dim=-1)
        unit_embeddings = torch.nn.functional.normalize(self.label_embeddings.float(), dim=-1)
        similarity = (unit_x @ unit_embeddings.T / LOGIT_TEMPERATURE).type_as(proj_x)
        label = label.long()[:, None]
        return torch.cat([similarity.gather(1, label), similarity.scatter(1, label, float("-inf"))], dim=1)


def encoder_options(model: str) -> dict:
    """The ``wav2vec2_model`` options of architecture ``model`` that the pretraining model takes."""
    if model not in HUBERT_CONFIGS:
        raise ConfigError(f"unknown model {model!r} for pretraining; known: {sorted(HUBERT_CONFIGS)}")
    return {k: v for k, v in HUBERT_CONFIGS[model].items() if k != "aux_num_out"}


def build_pretrain_model(model: str, num_classes: int, final_dim: int) -> torchaudio.models.HuBERTPretrainModel:
    """The torchaudio pretraining model of architecture ``model`` with HuBERT Base masking (random weights)."""
    net = torchaudio.models.hubert_pretrain_model(
        **encoder_options(model), **MASKING, num_classes=num_classes, final_dim=final_dim
    )
    net.logit_generator = MatmulLogitGenerator.replacing(net.logit_generator)
    return net


def masked_prediction_loss(logit_m: torch.Tensor, feature_penalty: torch.Tensor) -> tuple[torch.Tensor, float]:
    """(loss per masked frame, masked-prediction accuracy) from the model's ``logit_m`` and feature penalty."""
    targets = torch.zeros(len(logit_m), dtype=torch.long, device=logit_m.device)
    loss = torch.nn.functional.cross_entropy(logit_m, targets) + FEATURE_PENALTY_WEIGHT * feature_penalty
    accuracy = (logit_m.argmax(-1) == 0).float().mean().item()
    return loss, accuracy
