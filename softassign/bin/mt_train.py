r"""ESPnet's MT task (the discrete ASR of its asr2 recipe, ``model: discrete_asr``) with atomic checkpoints and a
reproducible BPE-dropout.

    python -m softassign.bin.mt_train --config conf/train_asr2.yaml --src_token_type bpe ... --output_dir exp/asr2
takes every option of ``espnet2.bin.mt_train`` and runs ESPnet's ``MTTask`` with
:class:`softassign.espnet.trainer.AtomicTrainer` set as its trainer (ESPnet's extension point), so a kill while a
checkpoint is written never leaves a truncated one. Multi-GPU runs go through ``espnet2.bin.launch``.

ESPnet's asr2 configs sample the source segmentation (BPE-dropout, ``src_tokenizer_encode_conf: {enable_sampling:
true}``) with sentencepiece's own generator, which ESPnet never seeds: every run, and every resumed run, sees
other segmentations. Here each DataLoader worker seeds it from the epoch and its worker id, as ESPnet seeds
``random`` and NumPy there, so a killed and resumed training ends with the same model as an uninterrupted one.
sentencepiece keeps one generator per thread, seeded at its first use, so this needs ``num_workers >= 1`` (the
sampling then runs in fresh worker processes); with ``num_workers: 0`` and sampling on, a warning says so.
"""

from __future__ import annotations

import argparse
import logging

import sentencepiece
from espnet2.iterators import sequence_iter_factory
from espnet2.tasks.mt import MTTask

import softassign.espnet  # noqa: F401  (keeps ESPnet's imports offline)
from softassign.espnet.trainer import AtomicTrainer

log = logging.getLogger(__name__)

_espnet_worker_init = sequence_iter_factory.worker_init_fn


def seeded_worker_init(worker_id: int, base_seed: int = 0) -> None:
    """ESPnet's DataLoader worker init (``random``, NumPy) plus sentencepiece's sampling generator."""
    _espnet_worker_init(worker_id, base_seed)
    sentencepiece.set_random_generator_seed(base_seed + worker_id)


class SoftassignMTTask(MTTask):
    """ESPnet's MTTask with atomic checkpoints and seeded BPE-dropout."""

    trainer = AtomicTrainer

    @classmethod
    def main_worker(cls, args: argparse.Namespace) -> None:
        """Seed sentencepiece in ESPnet's DataLoader workers, then ESPnet's main_worker."""
        sequence_iter_factory.worker_init_fn = seeded_worker_init
        sampling = (getattr(args, "src_tokenizer_encode_conf", None) or {}).get("enable_sampling")
        if sampling and args.num_workers == 0:
            log.warning(
                "BPE-dropout with num_workers 0 samples in the main process, unseeded: a resumed training "
                "differs from an uninterrupted one (set num_workers >= 1)"
            )
        super().main_worker(args)


def main(argv: list[str] | None = None) -> None:
    """Run ``SoftassignMTTask.main`` on ``argv`` (default: the command line)."""
    SoftassignMTTask.main(cmd=argv)


if __name__ == "__main__":
    main()
