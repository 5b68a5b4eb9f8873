"""Registration of the softassign frontends into ESPnet's ASR task (its ``ClassChoices`` registries)."""

from __future__ import annotations

from espnet2.tasks.asr import ASRTask, frontend_choices

from softassign.espnet.frontend import UnitEmbeddingFrontend

#: Frontends added to ``espnet2.tasks.asr.frontend_choices`` (name used as ``frontend:`` in configs).
ASR_FRONTENDS = {"unit_embedding": UnitEmbeddingFrontend}

__all__ = ["ASR_FRONTENDS", "ASRTask", "register_asr_frontends"]


def register_asr_frontends() -> None:
    """Make ``frontend: unit_embedding`` available to ``ASRTask`` (training, collect-stats, model loading).

    Idempotent. Must run in every process that builds an ASR model,
    including the workers ESPnet spawns for multi-GPU training.
    """
    frontend_choices.classes.update(ASR_FRONTENDS)
