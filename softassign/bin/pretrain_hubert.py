r"""Pretrain a small HuBERT by masked prediction of unit ids (resumes automatically).

    python -m softassign.bin.pretrain_hubert --data_dir data/train \
        --units_scp dump/mfcc_k256/train/units.scp --num_classes 256 \
        --model small_hubert --max_steps 3000 --out_dir exp/hubert_pretrain --device cpu

writes ``<out_dir>/checkpoint.<step>.pt`` on the way and ``<out_dir>/encoder.pt`` (+ ``.done``) at the end,
for ``{type: ssl, model: small_hubert, layer: N, checkpoint: <out_dir>/encoder.pt}``; a rerun continues
from the newest checkpoint, or does nothing once ``encoder.pt.done`` exists.
"""

from __future__ import annotations

import argparse
import dataclasses
import typing

from softassign.bin.common import setup_logging
from softassign.hubert.pretrain import PretrainConfig, pretrain_hubert


def add_config_args(parser: argparse.ArgumentParser) -> None:
    """One ``--<name>`` option per :class:`PretrainConfig` field (required where the field has no default)."""
    types = typing.get_type_hints(PretrainConfig)
    for config_field in dataclasses.fields(PretrainConfig):
        required = config_field.default is dataclasses.MISSING
        help_text = config_field.metadata["help"] + ("" if required else " (default: %(default)s)")
        parser.add_argument(
            f"--{config_field.name}",
            type=types[config_field.name],
            required=required,
            default=None if required else config_field.default,
            help=help_text,
        )


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and pretrain."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data_dir", required=True, help="Kaldi data dir with the audio (wav.scp)")
    parser.add_argument("--units_scp", required=True, help="unit ids (int32 vectors) of the data dir: the targets")
    parser.add_argument("--out_dir", required=True)
    parser.add_argument("--device", default="cpu", help="torch device (cpu, cuda, cuda:1)")
    add_config_args(parser)
    args = vars(parser.parse_args(argv))
    setup_logging()
    paths = {name: args.pop(name) for name in ["data_dir", "units_scp", "out_dir", "device"]}
    pretrain_hubert(config=PretrainConfig(**args), **paths)


if __name__ == "__main__":
    main()
