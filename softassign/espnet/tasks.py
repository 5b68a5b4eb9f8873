"""softassign's additions to ESPnet's ASR task, through ESPnet's own extension points.

* :func:`register_with_espnet` adds the frontends ``unit_embedding`` and
  ``feature_reader`` to ``espnet2.tasks.asr.frontend_choices`` (a
  ``ClassChoices`` registry) and the data type ``softassign_wav`` to
  ``espnet2.train.dataset.DATA_TYPES``. Every process that builds or reads
  an ASR model calls it (training, its DDP workers, inference).
* :class:`SoftassignASRTask` is ESPnet's ``ASRTask`` with the
  :class:`~softassign.espnet.trainer.AtomicTrainer` (atomic checkpoints) and
  a ``build_model`` that tells DDP which buffers never change
  (``no_sync_buffers`` of the frontends, e.g. the centroids): DDP broadcasts
  every other buffer from rank 0 at each step.
"""

from __future__ import annotations

import argparse

import torch
from espnet2.tasks.asr import ASRTask, frontend_choices
from espnet2.train import dataset

from softassign.espnet.data_types import ESPNET_DATA_TYPES
from softassign.espnet.feature_frontend import FeatureReaderFrontend
from softassign.espnet.frontend import UnitEmbeddingFrontend
from softassign.espnet.trainer import AtomicTrainer

#: Frontends added to ``espnet2.tasks.asr.frontend_choices`` (name used as ``frontend:`` in configs).
ASR_FRONTENDS = {"unit_embedding": UnitEmbeddingFrontend, "feature_reader": FeatureReaderFrontend}

__all__ = ["ASR_FRONTENDS", "SoftassignASRTask", "no_sync_buffer_names", "register_with_espnet"]


def register_with_espnet() -> None:
    """Make the softassign frontends and data type available to ESPnet (idempotent)."""
    frontend_choices.classes.update(ASR_FRONTENDS)
    dataset.DATA_TYPES.update(ESPNET_DATA_TYPES)


def no_sync_buffer_names(model: torch.nn.Module) -> list[str]:
    """Fully qualified names of the buffers that submodules list in ``no_sync_buffers``."""
    names = []
    for prefix, module in model.named_modules():
        for name in getattr(module, "no_sync_buffers", ()):
            names.append(f"{prefix}.{name}" if prefix else name)
    return names


class SoftassignASRTask(ASRTask):
    """ESPnet's ASR task with atomic checkpoints and DDP-ignored constant buffers (module docstring)."""

    trainer = AtomicTrainer

    @classmethod
    def build_model(cls, args: argparse.Namespace):
        """ESPnet's ASR model, with ``_ddp_params_and_buffers_to_ignore`` naming the constant buffers."""
        register_with_espnet()
        model = super().build_model(args)
        model._ddp_params_and_buffers_to_ignore = no_sync_buffer_names(model)
        return model
