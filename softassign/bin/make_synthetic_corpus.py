r"""Synthesise the multi-voice English corpus and write its Kaldi data dirs (no download needed).

    python -m softassign.bin.make_synthetic_corpus --data_root data --wav_root data/wav \
        --train_utts 300 --train_sentences 200 --dev_utts 30 --test_utts 30 --real_utts 30 --seed 0 --nj 2

writes ``<data_root>/<split>/{wav.scp,text,utt2spk,spk2utt}`` for the splits
train, dev, test_in, test_voice, test_accent, test_real, and train_real when named in ``--splits`` (see
:mod:`softassign.synthetic_corpus.corpus`) and 16 kHz wavs under ``<wav_root>/<split>``.
Reruns reuse finished wavs.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from softassign.bin.common import setup_logging
from softassign.synthetic_corpus.accents import PROFILES
from softassign.synthetic_corpus.corpus import OPTIONAL_SPLITS, SPLITS, CorpusConfig, write_corpus
from softassign.synthetic_corpus.voices import HELD_OUT_VOICES


def _names(value: str) -> tuple[str, ...]:
    return tuple(name for name in value.split(",") if name)


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, then plan, synthesise and write the corpus."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data_root", type=Path, required=True, help="data dirs go to <data_root>/<split>")
    parser.add_argument("--wav_root", type=Path, required=True, help="wavs go to <wav_root>/<split>")
    parser.add_argument("--train_utts", type=int, default=CorpusConfig.train_utts)
    parser.add_argument("--train_sentences", type=int, default=CorpusConfig.train_sentences)
    parser.add_argument("--dev_utts", type=int, default=CorpusConfig.dev_utts)
    parser.add_argument(
        "--test_utts",
        type=int,
        default=CorpusConfig.test_utts,
        help="utterances (= sentences) of test_in, test_voice and test_accent each",
    )
    parser.add_argument("--real_utts", type=int, default=CorpusConfig.real_utts, help="at most this many prompts")
    parser.add_argument("--seed", type=int, default=CorpusConfig.seed)
    parser.add_argument("--held_out_voices", type=_names, default=HELD_OUT_VOICES, help="comma-separated")
    parser.add_argument("--accent_profiles", type=_names, default=tuple(PROFILES), help="comma-separated")
    parser.add_argument(
        "--train_voices",
        type=_names,
        default=(),
        help="comma-separated voices of train, dev and test_in (default: all not held out)",
    )
    parser.add_argument(
        "--splits",
        type=_names,
        default=SPLITS,
        help=f"comma-separated splits to write, among {', '.join(SPLITS + OPTIONAL_SPLITS)} (default: the first six)",
    )
    parser.add_argument("--nj", type=int, default=1, help="parallel synthesis jobs")
    args = parser.parse_args(argv)
    setup_logging()
    config = CorpusConfig(
        train_utts=args.train_utts,
        train_sentences=args.train_sentences,
        dev_utts=args.dev_utts,
        test_utts=args.test_utts,
        real_utts=args.real_utts,
        seed=args.seed,
        held_out_voices=args.held_out_voices,
        accent_profiles=args.accent_profiles,
        train_voices=args.train_voices,
    )
    sizes = write_corpus(config, args.data_root, args.wav_root, args.splits, args.nj)
    logging.info("corpus: %s", ", ".join(f"{split} {size}" for split, size in sizes.items()))


if __name__ == "__main__":
    main()
