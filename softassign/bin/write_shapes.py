r"""Write ESPnet's shape files (and feature statistics) for training, without a collect-stats pass.

    python -m softassign.bin.write_shapes --token_type bpe --token_list data/token_list/bpe/tokens.txt \
        --bpemodel data/token_list/bpe/bpe.model --out_dir exp/stats_x_k1024 \
        train=units:dump/x_k1024/train/units.scp:data/train/text valid=units:dump/x_k1024/dev/units.scp:data/dev/text
    python -m softassign.bin.write_shapes ... --feats_stats_from dump/x/train_kmeans/feats.scp \
        --out_dir exp/stats_x_continuous train=audio:data/train:data/train/text valid=audio:data/dev:data/dev/text
writes ``<out_dir>/<name>/speech_shape`` and ``text_shape`` for every ``NAME=KIND:PATH:TEXT`` (KIND units, feats
or audio; what ESPnet's collect-stats writes) in one process (one tokenizer load), and with
``--feats_stats_from`` ``<out_dir>/train/feats_stats.npz`` from those features (:mod:`softassign.espnet.shapes`).
For ESPnet's MT task (the asr2 baseline), KIND ``srctext`` takes a source text and writes ``src_text_shape``,
tokenised with ``--src_token_type/--src_token_list/--src_bpemodel``; ``--vocab_dims`` appends the token list
sizes to both shape files (``L,V``), as ESPnet's asr2.sh does for its numel batches.
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
    with_vocab_dim,
    write_feature_statistics,
    write_shape_file,
)


def build_parser() -> argparse.ArgumentParser:
    """Tokenizer, output dir, optional statistics source and the NAME=KIND:PATH:TEXT sets."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--token_type", required=True, help="char or bpe (ESPnet's token types)")
    parser.add_argument("--token_list", required=True)
    parser.add_argument("--bpemodel", help="sentencepiece model (token_type bpe)")
    parser.add_argument("--src_token_type", help="source token type (KIND srctext)")
    parser.add_argument("--src_token_list", help="source token list (KIND srctext)")
    parser.add_argument("--src_bpemodel", help="source sentencepiece model (KIND srctext)")
    parser.add_argument("--vocab_dims", action="store_true", help="append the token list sizes to the shapes")
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
        text_shape = text_shapes(text, args.token_type, args.token_list, args.bpemodel)
        if kind == "srctext":
            if not args.src_token_list or not args.src_token_type:
                raise ConfigError("KIND srctext needs --src_token_type and --src_token_list")
            src = text_shapes(speech, args.src_token_type, args.src_token_list, args.src_bpemodel)
            src = with_vocab_dim(src, args.src_token_list) if args.vocab_dims else src
            write_shape_file(out / name / "src_text_shape", src)
        else:
            write_shape_file(out / name / "speech_shape", speech_shapes(kind, speech))
        text_shape = with_vocab_dim(text_shape, args.token_list) if args.vocab_dims else text_shape
        write_shape_file(out / name / "text_shape", text_shape)
    if args.feats_stats_from:
        write_feature_statistics(args.feats_stats_from, out / "train" / "feats_stats.npz")


if __name__ == "__main__":
    run(main)
