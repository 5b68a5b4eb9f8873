"""Seeded random weights of torchaudio's pretrained SSL bundles, saved where torch.hub looks before downloading.

``torchaudio.pipelines.<BUNDLE>.get_model()`` builds the bundle's architecture and fills it with
``torch.hub.load_state_dict_from_url(<url>)``, which reads ``$TORCH_HOME/hub/checkpoints/<file name of the
URL>`` when that file exists. Saving a seeded random state dict of the exact architecture there lets the tests,
the rehearsal and the benchmarks take the real loading path of every bundle offline (features are then those
of a random model: right shapes, memory and speed, no meaning).
"""

from __future__ import annotations

from pathlib import Path

import torch
import torchaudio
from torchaudio.pipelines._wav2vec2.utils import _get_model

from softassign.atomic import replacing
from softassign.features.ssl import BUNDLES


def weights_path(torch_home: str | Path, model: str) -> Path:
    """Where torch.hub caches the weights of the bundle behind reader model name ``model``."""
    bundle = getattr(torchaudio.pipelines, BUNDLES[model])
    return Path(torch_home) / "hub" / "checkpoints" / bundle._path.rsplit("/", 1)[-1]


def seed_bundle_weights(torch_home: str | Path, model: str, seed: int = 0) -> Path:
    """Save a seeded random state dict of the bundle's architecture (built by torchaudio itself) in its cache.

    Stored as float16 (half the size; ``load_state_dict`` copies it into the float32 parameters). Does nothing
    when the file exists. Returns the file.
    """
    path = weights_path(torch_home, model)
    if path.exists():
        return path
    bundle = getattr(torchaudio.pipelines, BUNDLES[model])
    torch.manual_seed(seed)
    state = _get_model(bundle._model_type, bundle._params).state_dict()
    state = {k: v.half() if v.is_floating_point() else v for k, v in state.items()}
    path.parent.mkdir(parents=True, exist_ok=True)
    with replacing(path) as tmp:
        torch.save(state, tmp)
    return path
