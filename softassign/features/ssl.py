"""Self-supervised (SSL) speech models from torchaudio as feature readers.

``{"type": "ssl", "model": "wavlm_large", "layer": 21}`` reads the output of
transformer layer 21 (1-based) of WavLM Large. Weights come from

* the torchaudio pretrained bundle of that name (``torchaudio.pipelines.WAVLM_LARGE``),
  through the bundle's own ``get_model()``: torch.hub downloads the weights on
  first use into ``$TORCH_HOME/hub/checkpoints/`` and reads them from there
  afterwards; or
* ``checkpoint: path``: a local state dict of the same architecture (as saved
  by ``torch.save(model.state_dict())``; a ``wav2vec2.`` prefix, as in
  torchaudio's HuBERT pretraining model, or the ``model.`` prefix of
  torchaudio's bundle wrapper is stripped). The architecture is built from the
  bundle's own parameters, so a checkpoint holding the bundle's weights gives
  exactly the bundle's features; or
* nothing, for the ``tiny_*`` and ``small_hubert`` architectures: random
  initialisation from ``seed`` (tests and CPU demos). ``small_hubert`` is
  meant to be pretrained on the recipe's own corpus by :mod:`softassign.hubert`.

Waveform normalisation: the bundles of the large models (HuBERT Large/XLarge,
WavLM Large) layer-normalise the waveform before the model (torchaudio wraps
them in a ``_Wav2Vec2Model`` that does it). The reader applies the same
normalisation itself, per utterance over all of its samples, before batching
and before chunking (fairseq's HuBERT feature reader does the same), so an
utterance gives the same features alone or in a batch, and the chunks of a
long utterance are slices of one normalised waveform.

Audio longer than ``max_chunk_seconds`` is processed in consecutive chunks
(as fairseq's HuBERT reader does) so memory stays bounded.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import torch
import torchaudio
from torchaudio.models.wav2vec2.wavlm_attention import WavLMSelfAttention
from torchaudio.pipelines import Wav2Vec2Bundle

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


#: Architectures defined here (random weights from a seed, or a local checkpoint) by reader model name.
ARCHITECTURES = {
    "tiny_hubert": _tiny_hubert,
    "tiny_wavlm": _tiny_wavlm,
    "small_hubert": functools.partial(torchaudio.models.wav2vec2_model, **_SMALL_HUBERT),
}

#: Every model name the reader knows.
MODEL_NAMES = sorted({*BUNDLES, *ARCHITECTURES})


@dataclass(frozen=True)
class SSLModel:
    """A torchaudio ``Wav2Vec2Model`` (eval mode) and whether its waveform is layer-normalised first."""

    net: torchaudio.models.Wav2Vec2Model
    normalize_waveform: bool


def pretrained_bundle(model: str) -> Wav2Vec2Bundle:
    """The torchaudio pipeline bundle of a pretrained reader model name (e.g. ``wavlm_large``)."""
    if model not in BUNDLES:
        raise ConfigError(f"{model!r} is not a pretrained torchaudio bundle; known: {sorted(BUNDLES)}")
    return getattr(torchaudio.pipelines, BUNDLES[model])


def bundle_weights_file(model: str) -> str:
    """The file name torch.hub caches the bundle's weights under, in ``$TORCH_HOME/hub/checkpoints/``."""
    return pretrained_bundle(model)._path.rsplit("/", 1)[-1]


def _bundle_architecture(bundle: Wav2Vec2Bundle) -> torch.nn.Module:
    # The bundle's own factory and parameters (torchaudio builds get_model()'s network the same way).
    factory = {"Wav2Vec2": torchaudio.models.wav2vec2_model, "WavLM": torchaudio.models.wavlm_model}
    return factory[bundle._model_type](**bundle._params)


def _from_bundle(model: str) -> SSLModel:
    bundle = pretrained_bundle(model)
    try:
        loaded = bundle.get_model()
    except (OSError, RuntimeError) as err:
        raise ConfigError(
            f"SSL model {model}: cannot load the torchaudio bundle {BUNDLES[model]} (weights file "
            f"{bundle_weights_file(model)} in $TORCH_HOME/hub/checkpoints/, downloaded on first use): {err}"
        ) from err
    # Large models come wrapped in torchaudio's _Wav2Vec2Model, which normalises the waveform first.
    net = getattr(loaded, "model", loaded)
    normalize = bool(getattr(loaded, "normalize_waveform", False))
    if normalize != bundle._normalize_waveform:
        raise ConfigError(f"SSL model {model}: the bundle's wrapper and its _normalize_waveform disagree")
    return SSLModel(net.eval(), normalize)


def _checkpoint_state(checkpoint: str) -> dict[str, torch.Tensor]:
    try:
        state = torch.load(checkpoint, map_location="cpu", weights_only=True)
    except (OSError, RuntimeError, EOFError) as err:
        raise ConfigError(f"{checkpoint}: cannot read the SSL checkpoint ({err})") from err
    if not isinstance(state, dict):
        raise ConfigError(f"{checkpoint}: expected a state dict, got {type(state).__name__}")
    for prefix in ("wav2vec2.", "model."):
        if state and all(key.startswith(prefix) for key in state):
            state = {key.removeprefix(prefix): value for key, value in state.items()}
    return state


def _from_checkpoint(model: str, checkpoint: str) -> SSLModel:
    if model in BUNDLES:
        bundle = pretrained_bundle(model)
        net, normalize = _bundle_architecture(bundle), bundle._normalize_waveform
    else:
        net, normalize = ARCHITECTURES[model](), False
    try:
        net.load_state_dict(_checkpoint_state(checkpoint))
    except RuntimeError as err:
        raise ConfigError(f"{checkpoint}: not a {model} state dict: {err}") from err
    return SSLModel(net.eval(), normalize)


def load_ssl_model(model: str, checkpoint: str | None = None, seed: int = 0) -> SSLModel:
    """The torchaudio model named ``model`` in eval mode, with its waveform normalisation (module docstring)."""
    if model not in MODEL_NAMES:
        raise ConfigError(f"unknown SSL model {model!r}; known: {MODEL_NAMES}")
    if checkpoint is not None:
        return _from_checkpoint(model, checkpoint)
    if model in BUNDLES:
        return _from_bundle(model)
    torch.manual_seed(seed)
    return SSLModel(ARCHITECTURES[model]().eval(), False)


def normalize_waveform(wave: torch.Tensor) -> torch.Tensor:
    """Zero mean, unit variance over all samples of one utterance (the bundles' ``layer_norm(wave, wave.shape)``)."""
    return torch.nn.functional.layer_norm(wave, wave.shape)


@register_reader("ssl")
class SSLReader(FeatureReader):
    """Hidden states of one transformer layer of a HuBERT/WavLM model (50 frames a second)."""

    frame_shift = 0.02
    #: waveform samples per output frame of every HuBERT/WavLM feature extractor
    hop = 320

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
        loaded = load_ssl_model(model, checkpoint, seed)
        self.net, self.normalize_waveform = loaded.net.to(self.device), loaded.normalize_waveform
        num_layers = len(self.net.encoder.transformer.layers)
        if not 1 <= layer <= num_layers:
            raise ConfigError(f"{model} has transformer layers 1..{num_layers}, not {layer}")
        self.layer = layer
        # torchaudio's WavLM attention takes no padding mask: such models run one utterance at a time.
        self.supports_padding = not isinstance(self.net.encoder.transformer.layers[0].attention, WavLMSelfAttention)
        self.dim = self.net.encoder.transformer.layers[0].final_layer_norm.normalized_shape[0]
        self.max_chunk = max(self.hop, int(max_chunk_seconds * self.sample_rate) // self.hop * self.hop)

    def to(self, device: str | torch.device) -> SSLReader:
        """Move the model to ``device``; features still come back on the CPU."""
        super().to(device)
        self.net.to(self.device)
        return self

    @torch.inference_mode()
    def _forward(self, waves: list[torch.Tensor]) -> list[torch.Tensor]:
        lengths = torch.tensor([w.numel() for w in waves], device=self.device)
        padded = torch.nn.utils.rnn.pad_sequence([w.to(self.device) for w in waves], batch_first=True)
        hidden, frames = self.net.extract_features(padded, lengths if len(waves) > 1 else None, self.layer)
        frames = frames.tolist() if frames is not None else [hidden[-1].shape[1]] * len(waves)
        return [h[:n].float().cpu() for h, n in zip(hidden[-1], frames)]

    def _batch(self, waves: list[torch.Tensor]) -> list[torch.Tensor]:
        if self.supports_padding:
            return self._forward(waves)
        return [self._forward([w])[0] for w in waves]

    def _chunked(self, wave: torch.Tensor) -> torch.Tensor:
        chunks = [c for c in wave.split(self.max_chunk) if c.numel() >= 400]
        return torch.cat([self._batch([c])[0] for c in chunks])

    def extract(self, waves: list[torch.Tensor]) -> list[torch.Tensor]:
        """Layer features for a batch; waveforms longer than the chunk size go one chunk at a time.

        Each waveform is first normalised on its own when the model's bundle
        does so (module docstring). Batched inputs are then zero-padded: with
        group-norm extractors (the base models) padding changes features
        slightly, so use batches of one where bit-exact features matter.
        WavLM models run one utterance at a time (torchaudio's WavLM
        attention takes no padding mask).
        """
        if self.normalize_waveform:
            waves = [normalize_waveform(w.to(self.device)) for w in waves]
        short = [i for i, w in enumerate(waves) if w.numel() <= self.max_chunk]
        out: list[torch.Tensor | None] = [None] * len(waves)
        if short:
            for i, feats in zip(short, self._batch([waves[i] for i in short])):
                out[i] = feats
        for i, wave in enumerate(waves):
            if out[i] is None:
                out[i] = self._chunked(wave)
        return out
