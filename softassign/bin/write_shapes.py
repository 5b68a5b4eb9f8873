"""Write ESPnet's shape files (and feature statistics) for training without a collect-stats pass.

    python -m softassign.bin.write_shapes --speech units:dump/x_k1024/train/units.scp \
        --text data/train/text --token_type bpe --token_list data/token_list/bpe/tokens.txt \
        --bpemodel data/token_list/bpe/bpe.model --out_dir exp/asr_x_k1024/stats/train
    python -m softassign.bin.write_shapes --speech audio:data/train --text data/train/text ... \
        --feats_stats_from dump/x/kmeans/feats.scp --out_dir exp/asr_x_continuous/stats/train
writes ``<out_dir>/speech_shape`` and ``text_shape`` (what ESPnet's collect-stats writes) and, with
``--feats_stats_from``, ``<out_dir>/feats_stats.npz`` from those features (see :mod:`softassign.espnet.shapes`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from softassign.bin.common import run, setup_logging
from softassign.errors import ConfigError
from softassign.espnet.shapes import (
    SPEECH_KINDS,
    speech_shapes,
    text_shapes,
    write_feature_statistics,
    write_shape_file,
)


def build_parser() -> argparse.ArgumentParser:
    """Speech input, transcripts and tokenizer, output dir, optional statistics source."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--speech", required=True, help=f"KIND:PATH with KIND in {SPEECH_KINDS}")
    parser.add_argument("--text", required=True, help="Kaldi text of the set")
    parser.add_argument("--token_type", required=True, help="char or bpe (ESPnet's token types)")
    parser.add_argument("--token_list", required=True)
    parser.add_argument("--bpemodel", help="sentencepiece model (token_type bpe)")
    parser.add_argument("--feats_stats_from", help="feature scp whose mean/variance normalise the model input")
    parser.add_argument("--out_dir", required=True)
    return parser


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and write the files."""
    args = build_parser().parse_args(argv)
    setup_logging()
    kind, _, source = args.speech.partition(":")
    if not source:
        raise ConfigError(f"--speech must be KIND:PATH, got {args.speech!r}")
    out = Path(args.out_dir)
    write_shape_file(out / "speech_shape", speech_shapes(kind, source))
    write_shape_file(out / "text_shape", text_shapes(args.text, args.token_type, args.token_list, args.bpemodel))
    if args.feats_stats_from:
        write_feature_statistics(args.feats_stats_from, out / "feats_stats.npz")


if __name__ == "__main__":
    run(main)
