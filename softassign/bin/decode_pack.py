r"""Decode a Kaldi data dir with a packed model (:mod:`softassign.espnet.pack`), hard or soft.

    python -m softassign.bin.decode_pack --pack exp/asr_x_k1024/asr_x_k1024_valid.acc.ave.zip \
        --data_dir data/test_other --assignment soft --tau 8 --output_dir exp/pack_decode_test_other \
        [--beam_size 10 --ctc_weight 0.3] [--job 1 --nj 4]
writes ``<output_dir>/text.<job>`` (and, with one job, ``<output_dir>/text``) atomically. The pack is
unpacked next to it (``<pack>_unpacked``) and checked before decoding.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from softassign.atomic import atomic_write_text
from softassign.bin.common import add_shard_args, run, setup_logging
from softassign.datadir import load_data_dir
from softassign.espnet.data_types import SAMPLE_RATE
from softassign.espnet.inference import add_beam_args, beam_options
from softassign.espnet.pack import PackedSpeech2Text
from softassign.features.sources import load_utterance
from softassign.shards import shard_keys


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, load the pack, decode this shard of the data dir."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pack", required=True)
    parser.add_argument("--data_dir", required=True)
    parser.add_argument("--output_dir", required=True)
    parser.add_argument("--assignment", choices=["hard", "soft"], default="hard")
    parser.add_argument("--tau", type=float, help="soft-assignment temperature")
    parser.add_argument("--topk", type=int, help="keep the top-k clusters in soft assignment")
    add_beam_args(parser)
    parser.add_argument("--device", default="cpu")
    add_shard_args(parser)
    args = parser.parse_args(argv)
    setup_logging()
    data = load_data_dir(args.data_dir, require_text=False)
    recognizer = PackedSpeech2Text(args.pack, args.device, search=args.search, **beam_options(args))
    lines = []
    for utt in shard_keys(data.utterances, args.job, args.nj):
        text = recognizer(load_utterance(data, utt, SAMPLE_RATE), args.assignment, args.tau, args.topk)
        lines.append(f"{utt} {text}".rstrip() + "\n")
    out = Path(args.output_dir)
    out.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out / f"text.{args.job}", "".join(lines))
    if args.nj == 1:
        atomic_write_text(out / "text", "".join(lines))
    logging.info("decoded %d utterances of %s with %s", len(lines), args.data_dir, args.pack)


if __name__ == "__main__":
    run(main)
