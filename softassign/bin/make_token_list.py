r"""Make an ESPnet token list (and, for BPE, a sentencepiece model) from a Kaldi ``text`` file.

    python -m softassign.bin.make_token_list --text data/train/text --token_type char \
        --out_dir data/token_list/char
writes ``<out_dir>/tokens.txt`` (``<blank>``, ``<unk>``, tokens by falling frequency, ``<sos/eos>``)
and, with ``--token_type bpe --nbpe N``, ``<out_dir>/bpe.model``.
"""

from __future__ import annotations

import argparse
import logging
from collections import Counter
from pathlib import Path

import sentencepiece

from softassign.atomic import replacing
from softassign.bin.common import setup_logging
from softassign.datadir import read_table
from softassign.errors import DataError

SPECIAL_FIRST = ["<blank>", "<unk>"]
SPECIAL_LAST = ["<sos/eos>"]


def char_tokens(transcripts: list[str]) -> list[str]:
    """Characters by falling frequency (ties alphabetical); a space is ESPnet's ``<space>``."""
    counts = Counter(c if c != " " else "<space>" for t in transcripts for c in " ".join(t.split()))
    return [tok for tok, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def bpe_tokens(transcripts: list[str], vocab_size: int, model_prefix: Path) -> list[str]:
    """Train a unigram sentencepiece model on the transcripts; return its pieces (without specials).

    The model is the same bytes for the same transcripts and ``model_prefix``: sentencepiece stores the path of
    its input in the model, so the input goes to a fixed path next to it (removed after), and its thread count
    (which changes the result) is fixed.
    """
    training_text = Path(f"{model_prefix}.input.txt")
    training_text.write_text("\n".join(transcripts) + "\n", encoding="utf-8")
    try:
        sentencepiece.SentencePieceTrainer.train(
            input=str(training_text),
            model_prefix=str(model_prefix),
            vocab_size=vocab_size,
            model_type="unigram",
            character_coverage=1.0,
            input_sentence_size=100_000_000,
            num_threads=16,
            minloglevel=2,
        )
    finally:
        training_text.unlink(missing_ok=True)
    model = sentencepiece.SentencePieceProcessor(model_file=f"{model_prefix}.model")
    pieces = [model.id_to_piece(i) for i in range(model.get_piece_size())]
    return [p for p in pieces if p not in ("<unk>", "<s>", "</s>")]


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and write the token list."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--text", required=True, help="Kaldi text file (utt transcript)")
    parser.add_argument("--token_type", choices=["char", "bpe"], default="char")
    parser.add_argument("--nbpe", type=int, default=5000)
    parser.add_argument("--out_dir", required=True)
    args = parser.parse_args(argv)
    setup_logging()
    transcripts = [t for t in read_table(args.text, allow_empty=True).values() if t]
    if not transcripts:
        raise DataError(f"{args.text}: no transcripts")
    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if args.token_type == "char":
        tokens = char_tokens(transcripts)
    else:
        tokens = bpe_tokens(transcripts, args.nbpe, out_dir / "bpe")
    with replacing(out_dir / "tokens.txt") as tmp:
        tmp.write_text("\n".join(SPECIAL_FIRST + tokens + SPECIAL_LAST) + "\n", encoding="utf-8")
    logging.info("wrote %d tokens to %s", len(tokens) + 3, out_dir / "tokens.txt")


if __name__ == "__main__":
    main()
