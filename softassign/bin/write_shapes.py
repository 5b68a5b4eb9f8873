"""Write ESPnet's shape files (and feature statistics) for training, without a collect-stats pass.

    python -m softassign.bin.write_shapes --token_type bpe --token_list data/token_list/bpe/tokens.txt \
        --bpemodel data/token_list/bpe/bpe.model --out_dir exp/stats_x_k1024 \
        train=units:dump/x_k1024/train/units.scp:data/train/text valid=units:dump/x_k1024/dev/units.scp:data/dev/text
    python -m softassign.bin.write_shapes ... --feats_stats_from dump/x/train_kmeans/feats.scp \
        --out_dir exp/stats_x_continuous train=audio:data/train:data/train/text valid=audio:data/dev:data/dev/text
writes ``<out_dir>/<name>/speech_shape`` and ``text_shape`` for every ``NAME=KIND:PATH:TEXT`` (KIND units, feats
or audio; what ESPnet's collect-stats writes) in one process (one tokenizer load), and with
``--feats_stats_from`` ``<out_dir>/train/feats_stats.npz`` from those features (:mod:`softassign.espnet.shapes`).
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
    """Tokenizer, output dir, optional statistics source and the NAME=KIND:PATH:TEXT sets."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--token_type", required=True, help="char or bpe (ESPnet's token types)")
    parser.add_argument("--token_list", required=True)
    parser.add_argument("--bpemodel", help="sentencepiece model (token_type bpe)")
    parser.add_argument("--feats_stats_from", help="feature scp whose mean/variance normalise the model input")
    parser.add_argument("--out_dir", required=True)
    parser.add_argument("sets", nargs="+", metavar="NAME=KIND:PATH:TEXT", help=f"KIND in {SPEECH_KINDS}")
    return parser


def parse_set(spec: str) -> tuple[str, str, str, str]:
    """(name, kind, speech path, text) of a ``NAME=KIND:PATH:TEXT`` argument."""
    name, _, rest = spec.partition("=")
    parts = rest.split(":")
    if not name or len(parts) != 3 or parts[0] not in SPEECH_KINDS:
        raise ConfigError(f"expected NAME=KIND:PATH:TEXT with KIND in {SPEECH_KINDS}, got {spec!r}")
    return name, parts[0], parts[1], parts[2]


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and write the files of every set."""
    args = build_parser().parse_args(argv)
    setup_logging()
    sets = [parse_set(spec) for spec in args.sets]
    out = Path(args.out_dir)
    for name, kind, speech, text in sets:
        write_shape_file(out / name / "speech_shape", speech_shapes(kind, speech))
        write_shape_file(out / name / "text_shape", text_shapes(text, args.token_type, args.token_list, args.bpemodel))
    if args.feats_stats_from:
        write_feature_statistics(args.feats_stats_from, out / "train" / "feats_stats.npz")


if __name__ == "__main__":
    run(main)
