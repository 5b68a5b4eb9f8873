r"""ESPnet's MT task (the discrete ASR of its asr2 recipe, ``model: discrete_asr``) with atomic checkpoints.

    python -m softassign.bin.mt_train --config conf/train_asr2.yaml --src_token_type bpe ... --output_dir exp/asr2
takes every option of ``espnet2.bin.mt_train`` and runs ESPnet's ``MTTask`` with
:class:`softassign.espnet.trainer.AtomicTrainer` set as its trainer (ESPnet's extension point), so a kill while a
checkpoint is written never leaves a truncated one. Multi-GPU runs go through ``espnet2.bin.launch``.
"""

from __future__ import annotations

from espnet2.tasks.mt import MTTask

import softassign.espnet  # noqa: F401  (keeps ESPnet's imports offline)
from softassign.espnet.trainer import AtomicTrainer


class SoftassignMTTask(MTTask):
    """ESPnet's MTTask with atomic checkpoints."""

    trainer = AtomicTrainer


def main(argv: list[str] | None = None) -> None:
    """Run ``SoftassignMTTask.main`` on ``argv`` (default: the command line)."""
    SoftassignMTTask.main(cmd=argv)


if __name__ == "__main__":
    main()
