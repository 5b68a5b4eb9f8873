"""Self-supervised (SSL) speech models from torchaudio as feature readers.

``{"type": "ssl", "model": "wavlm_large", "layer": 21}`` reads the output of
transformer layer 21 (1-based) of WavLM Large. Weights come from

* the torchaudio pretrained bundle of that name (downloaded on first use), or
* ``checkpoint: path``: a local state dict of the same architecture (as saved
  by ``torch.save(model.state_dict())``; a ``wav2vec2.`` prefix, as in
  torchaudio's HuBERT pretraining model, is stripped), or
* nothing, for the ``tiny_*`` and ``small_hubert`` architectures: random
  initialisation from ``seed`` (tests and CPU demos). ``small_hubert`` is
  meant to be pretrained on the recipe's own corpus by :mod:`softassign.hubert`.

Audio longer than ``max_chunk_seconds`` is processed in consecutive chunks
(as fairseq's HuBERT reader does) so memory stays bounded.
"""

from __future__ import annotations

import functools

import torch
import torchaudio
from torchaudio.models.wav2vec2.wavlm_attention import WavLMSelfAttention

from softassign.errors import ConfigError
from softassign.features.base import FeatureReader, register_reader

#: Pretrained torchaudio bundles by reader model name.
BUNDLES = {
    "hubert_base": "HUBERT_BASE",
    "hubert_large": "HUBERT_LARGE",
    "hubert_xlarge": "HUBERT_XLARGE",
    "wavlm_base": "WAVLM_BASE",
    "wavlm_base_plus": "WAVLM_BASE_PLUS",
    "wavlm_large": "WAVLM_LARGE",
}

_TINY_EXTRACTOR = [(32, 10, 5)] + [(32, 3, 2)] * 4 + [(32, 2, 2)] * 2  # 320-sample hop, as the real ones

_TINY_COMMON = dict(
    extractor_mode="group_norm",
    extractor_conv_layer_config=_TINY_EXTRACTOR,
    extractor_conv_bias=False,
    encoder_embed_dim=64,
    encoder_projection_dropout=0.0,
    encoder_pos_conv_kernel=16,
    encoder_pos_conv_groups=4,
    encoder_num_layers=4,
    encoder_num_heads=4,
    encoder_attention_dropout=0.0,
    encoder_ff_interm_features=128,
    encoder_ff_interm_dropout=0.0,
    encoder_dropout=0.0,
    encoder_layer_norm_first=False,
    encoder_layer_drop=0.0,
    aux_num_out=None,
)


_SMALL_EXTRACTOR = [(64, 10, 5)] + [(64, 3, 2)] * 4 + [(64, 2, 2)] * 2

#: A small HuBERT for pretraining on a CPU (softassign.hubert; dropouts as HuBERT Base, unused in eval mode).
_SMALL_HUBERT = dict(
    _TINY_COMMON,
    extractor_conv_layer_config=_SMALL_EXTRACTOR,
    encoder_embed_dim=192,
    encoder_projection_dropout=0.1,
    encoder_pos_conv_kernel=64,
    encoder_pos_conv_groups=16,
    encoder_num_layers=4,
    encoder_num_heads=4,
    encoder_attention_dropout=0.1,
    encoder_ff_interm_features=768,
    encoder_dropout=0.1,
    encoder_layer_drop=0.05,
)

#: ``torchaudio.models.wav2vec2_model`` options of the HuBERT architectures defined here
#: (those :mod:`softassign.hubert` can pretrain).
HUBERT_CONFIGS = {"tiny_hubert": _TINY_COMMON, "small_hubert": _SMALL_HUBERT}


def _tiny_hubert() -> torch.nn.Module:
    return torchaudio.models.wav2vec2_model(**_TINY_COMMON)


def _tiny_wavlm() -> torch.nn.Module:
    return torchaudio.models.wavlm_model(**_TINY_COMMON, encoder_num_buckets=32, encoder_max_distance=128)


#: Architectures (random weights) by reader model name.
ARCHITECTURES = {
    "hubert_base": torchaudio.models.hubert_base,
    "hubert_large": torchaudio.models.hubert_large,
    "hubert_xlarge": torchaudio.models.hubert_xlarge,
    "wavlm_base": torchaudio.models.wavlm_base,
    "wavlm_base_plus": torchaudio.models.wavlm_base,
    "wavlm_large": torchaudio.models.wavlm_large,
    "tiny_hubert": _tiny_hubert,
    "tiny_wavlm": _tiny_wavlm,
    "small_hubert": functools.partial(torchaudio.models.wav2vec2_model, **_SMALL_HUBERT),
}


def load_ssl_model(model: str, checkpoint: str | None = None, seed: int = 0) -> torch.nn.Module:
    """Return the torchaudio model named ``model`` in eval mode (see the module docstring)."""
    if model not in ARCHITECTURES:
        raise ConfigError(f"unknown SSL model {model!r}; known: {sorted(ARCHITECTURES)}")
    if checkpoint is not None:
        net = ARCHITECTURES[model]()
        state = torch.load(checkpoint, map_location="cpu", weights_only=True)
        state = {k.removeprefix("wav2vec2."): v for k, v in state.items()}
        try:
            net.load_state_dict(state)
        except RuntimeError as err:
            raise ConfigError(f"{checkpoint}: not a {model} state dict: {err}") from err
    elif model in BUNDLES:
        net = getattr(torchaudio.pipelines, BUNDLES[model]).get_model()
    else:
        torch.manual_seed(seed)
        net = ARCHITECTURES[model]()
    return net.eval()


@register_reader("ssl")
class SSLReader(FeatureReader):
    """Hidden states of one transformer layer of a HuBERT/WavLM model (50 frames a second)."""

    frame_shift = 0.02

    def __init__(
        self,
        model: str,
        layer: int,
        checkpoint: str | None = None,
        seed: int = 0,
        max_chunk_seconds: float = 30.0,
        device: str = "cpu",
    ):
        super().__init__(device)
        self.model = load_ssl_model(model, checkpoint, seed).to(self.device)
        num_layers = len(self.model.encoder.transformer.layers)
        if not 1 <= layer <= num_layers:
            raise ConfigError(f"{model} has transformer layers 1..{num_layers}, not {layer}")
        self.layer = layer
        # torchaudio's WavLM attention takes no padding mask: such models run one utterance at a time.
        self.supports_padding = not isinstance(self.model.encoder.transformer.layers[0].attention, WavLMSelfAttention)
        self.dim = self.model.encoder.transformer.layers[0].final_layer_norm.normalized_shape[0]
        hop = 320
        self.max_chunk = max(hop, int(max_chunk_seconds * self.sample_rate) // hop * hop)

    @torch.inference_mode()
    def _forward(self, waves: list[torch.Tensor]) -> list[torch.Tensor]:
        lengths = torch.tensor([w.numel() for w in waves], device=self.device)
        padded = torch.nn.utils.rnn.pad_sequence([w.to(self.device) for w in waves], batch_first=True)
        hidden, frames = self.model.extract_features(padded, lengths if len(waves) > 1 else None, self.layer)
        frames = frames.tolist() if frames is not None else [hidden[-1].shape[1]] * len(waves)
        return [h[:n].float().cpu() for h, n in zip(hidden[-1], frames)]

    def _batch(self, waves: list[torch.Tensor]) -> list[torch.Tensor]:
        if self.supports_padding:
            return self._forward(waves)
        return [self._forward([w])[0] for w in waves]

    def extract(self, waves: list[torch.Tensor]) -> list[torch.Tensor]:
        """Layer features for a batch; waveforms longer than the chunk size go one chunk at a time.

        Batched inputs are zero-padded: with group-norm extractors (the base
        models) padding changes features slightly, so use batches of one
        where bit-exact features matter. WavLM models run one utterance at a
        time (torchaudio's WavLM attention takes no padding mask).
        """
        short = [i for i, w in enumerate(waves) if w.numel() <= self.max_chunk]
        out: list[torch.Tensor | None] = [None] * len(waves)
        if short:
            for i, feats in zip(short, self._batch([waves[i] for i in short])):
                out[i] = feats
        for i, wave in enumerate(waves):
            if out[i] is None:
                chunks = [c for c in wave.split(self.max_chunk) if c.numel() >= 400]
                out[i] = torch.cat([self._batch([c])[0] for c in chunks])
        return out
