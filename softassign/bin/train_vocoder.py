r"""Train a HiFi-GAN unit vocoder on hard unit ids and the audio of a data dir (resumes automatically).

    python -m softassign.bin.train_vocoder --config egs/ljspeech/tts1/conf/hifigan_hop320.yaml \
        --units_scp dump/units/train/units.scp --data_dir data/train --num_units 100 \
        --out_dir exp/vocoder --device cuda

``--max_steps N`` overrides the config's ``train.max_steps`` (short smoke runs with a shipped config).
Writes ``<out_dir>/checkpoint.<step>.pt`` on the way and ``<out_dir>/vocoder.pt`` (+ ``.done``) at the end;
a rerun continues from the newest checkpoint, or does nothing once ``vocoder.pt.done`` exists.
"""

from __future__ import annotations

import argparse
import dataclasses

from softassign.bin.common import run, setup_logging
from softassign.conf import load_yaml
from softassign.vocoder.config import parse_config
from softassign.vocoder.train import train_vocoder


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and train."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", required=True, help="vocoder YAML (sections vocoder and train)")
    parser.add_argument("--units_scp", required=True, help="hard unit ids (int32 vectors) of the training set")
    parser.add_argument("--data_dir", required=True, help="Kaldi data dir with the matching audio (wav.scp)")
    parser.add_argument("--num_units", type=int, help="number of clusters K (overrides vocoder.num_units)")
    parser.add_argument("--max_steps", type=int, help="training steps (overrides train.max_steps)")
    parser.add_argument("--segment_frames", type=int, help="unit frames per training segment (train.segment_frames)")
    parser.add_argument("--batch_size", type=int, help="segments per step (overrides train.batch_size)")
    parser.add_argument("--out_dir", required=True)
    parser.add_argument("--device", default="cpu", help="torch device (cpu, cuda, cuda:1)")
    args = parser.parse_args(argv)
    setup_logging()
    overrides = {} if args.num_units is None else {"num_units": args.num_units}
    vocoder_config, train_config = parse_config(load_yaml(args.config), args.config, **overrides)
    sizes = {name: getattr(args, name) for name in ("max_steps", "segment_frames", "batch_size")}
    train_config = dataclasses.replace(train_config, **{k: v for k, v in sizes.items() if v is not None})
    train_vocoder(args.units_scp, args.data_dir, vocoder_config, train_config, args.out_dir, args.device)


if __name__ == "__main__":
    run(main)
