r"""ESPnet ASR training with the softassign frontends and data type registered, and atomic checkpoints.

    python -m softassign.bin.asr_train --config conf/train_asr_units.yaml --output_dir exp/asr_units ...
takes every option of ``espnet2.bin.asr_train`` (``--ngpu``, ``--resume``...) and runs
:class:`softassign.espnet.tasks.SoftassignASRTask`; multi-node/multi-GPU runs go through ESPnet's launcher:
    python -m espnet2.bin.launch --cmd "run.pl" --log exp/asr_units/train.log --ngpu 4 \
        python -m softassign.bin.asr_train ...
Shape files come from ``softassign.bin.write_shapes`` (no collect-stats pass over the training audio).
"""

from __future__ import annotations

from softassign.espnet.tasks import SoftassignASRTask, register_with_espnet

# At import, not in main(): ESPnet's multi-GPU workers are spawned processes
# that re-import this module (as __mp_main__) but never run main().
register_with_espnet()


def main(argv: list[str] | None = None) -> None:
    """Run ``SoftassignASRTask.main`` on ``argv`` (default: the command line)."""
    SoftassignASRTask.main(cmd=argv)


if __name__ == "__main__":
    main()
