r"""ESPnet ASR training (and ``--collect_stats true``) with the softassign frontends registered.

    python -m softassign.bin.asr_train --config conf/train_asr_hard.yaml --output_dir exp/asr_hard ...
takes every option of ``espnet2.bin.asr_train`` (``--ngpu``, ``--collect_stats``, ``--resume``...);
multi-node/multi-GPU runs go through ESPnet's launcher:
    python -m espnet2.bin.launch --cmd "run.pl" --log exp/asr_hard/train.log --ngpu 4 \
        python -m softassign.bin.asr_train ...
"""

from __future__ import annotations

from softassign.espnet.tasks import ASRTask, register_asr_frontends

# At import, not in main(): ESPnet's multi-GPU workers are spawned processes
# that re-import this module (as __mp_main__) but never run main().
register_asr_frontends()


def main(argv: list[str] | None = None) -> None:
    """Run ``ASRTask.main`` on ``argv`` (default: the command line)."""
    ASRTask.main(cmd=argv)


if __name__ == "__main__":
    main()
