r"""Phone analysis of a unit model on one test set: separability of hard/soft inputs, unit purity and PNMI.

    python -m softassign.bin.analyze_units --data_dir data/real_kathleen --reader_conf conf/feats/mfcc.yaml \
        --asr_train_config exp/asr_mfcc_k256/config.yaml --asr_model_file exp/asr_mfcc_k256/valid.acc.ave.pth \
        --taus 5 10 20 [--label_free_tau 12.3] --ctm ../shared/data/kathleen_arctic_a/phones.ctm \
        --test_set real_kathleen --out_dir exp/analysis_mfcc_k256
computes the set's features from its audio with --reader_conf (the reader the model's units came from;
--feats_scp reads dumped features instead) and uses the centroids the model carries. It
writes ``<out_dir>/analysis.tsv`` and ``analysis.md``: a ``hard`` row (intra, inter, ratio, phone_purity,
cluster_purity, pnmi) and a ``soft`` row per tau (intra, inter, ratio); see softassign.phone_analysis.unit_analysis.
Frame labels come from a CTM (--ctm), a dir of TextGrids (--textgrid_dir, L2-ARCTIC style), or the model's
own CTC forced alignment of the set's transcripts (--align_with_ctc --text data/<set>/text): the labels
are then the model's tokens (characters for a char token list), not phones. CTM/TextGrid labels need the
feature frame shift: --frame_shift (seconds; MFCC 0.01, HuBERT/WavLM 0.02), --feats_conf or, by default,
--reader_conf.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from softassign.atomic import atomic_write_text
from softassign.bin.common import run, setup_logging
from softassign.conf import load_yaml
from softassign.datadir import read_table
from softassign.errors import ConfigError
from softassign.espnet.inference import load_speech2text, unit_frontend
from softassign.evaluation.results import markdown_table, write_rows
from softassign.features.sources import add_feature_source_args, feature_source_from_args
from softassign.phone_analysis.ctm import read_ctm
from softassign.phone_analysis.labels import AlignmentLabels, CtcLabels, LabelSource, TextGridLabels, frame_shift_of
from softassign.phone_analysis.textgrid import VIEWS
from softassign.phone_analysis.unit_analysis import Temperature, UnitAnalysis, analyze_units


def build_parser() -> argparse.ArgumentParser:
    """The command-line options (model, features, temperatures, label source, output)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_feature_source_args(parser)  # the test set's features (the layer of the centroids), dumped or from audio
    parser.add_argument("--asr_train_config", required=True, help="config.yaml of the unit model")
    parser.add_argument("--asr_model_file", required=True, help="its parameters (.pth, with the centroids)")
    parser.add_argument("--taus", type=float, nargs="+", required=True, help="soft-assignment temperatures")
    parser.add_argument("--label_free_tau", type=float, help="also a soft row at this tau (tau_from=label_free)")
    parser.add_argument("--topk", type=int, default=0, help="soft-assignment truncation (0: all clusters)")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--ctm", help="phone alignment, 'utt channel start dur phone' lines")
    source.add_argument("--textgrid_dir", help="<utt>.TextGrid files, or an L2-ARCTIC root/annotation dir")
    source.add_argument("--align_with_ctc", action="store_true", help="label frames with the model's CTC tokens")
    parser.add_argument("--text", help="transcripts of the set (with --align_with_ctc)")
    shift = parser.add_mutually_exclusive_group()
    shift.add_argument("--frame_shift", type=float, help="seconds between feature frames")
    shift.add_argument("--feats_conf", help="the features' reader config (conf/feats/*.yaml): its frame shift")
    parser.add_argument("--keep_stress", action="store_true", help="keep ARPAbet stress digits (AH0 != AH1)")
    parser.add_argument("--tier", default="phones", help="TextGrid tier")
    parser.add_argument("--view", choices=VIEWS, default="perceived", help="L2-ARCTIC phone of a mispronunciation")
    parser.add_argument("--test_set", required=True, help="name in the rows")
    parser.add_argument("--out_dir", required=True)
    return parser


def frame_shift_from_args(args: argparse.Namespace) -> float:
    """--frame_shift, or the frame shift of the reader type of --feats_conf (default: --reader_conf)."""
    if args.frame_shift is not None:
        return args.frame_shift
    conf = args.feats_conf or args.reader_conf
    if conf is None:
        raise ConfigError(
            "--ctm and --textgrid_dir need the feature frame shift: --frame_shift, --feats_conf or --reader_conf"
        )
    return frame_shift_of(load_yaml(conf), conf)


def label_source(args: argparse.Namespace, speech2text) -> LabelSource:
    """The frame label source the options name."""
    if args.align_with_ctc:
        if not args.text:
            raise ConfigError("--align_with_ctc needs the set's transcripts: --text data/<set>/text")
        return CtcLabels(speech2text, read_table(args.text, allow_empty=True))
    if args.ctm:
        return AlignmentLabels(read_ctm(args.ctm, keep_stress=args.keep_stress), frame_shift_from_args(args))
    return TextGridLabels(args.textgrid_dir, frame_shift_from_args(args), args.tier, args.view, args.keep_stress)


def temperatures_from_args(args: argparse.Namespace) -> list[Temperature]:
    """The grid temperatures, then the label-free one if given."""
    grid = [Temperature(tau) for tau in args.taus]
    return grid + ([Temperature(args.label_free_tau, "label_free")] if args.label_free_tau is not None else [])


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, load the model, analyse the set, write the tables."""
    args = build_parser().parse_args(argv)
    setup_logging()
    source = feature_source_from_args(args)
    speech2text = load_speech2text(args.asr_train_config, args.asr_model_file, args.device)
    frontend = unit_frontend(speech2text)
    if frontend is None:
        raise ConfigError(f"{args.asr_train_config}: not a unit model (frontend: unit_embedding); nothing to analyse")
    frontend.set_assignment(assignment="hard", input_kind="units")  # (B, T, D) features in
    analysis = UnitAnalysis(
        frontend.require_centroids().cpu(),
        frontend.embedding.weight.detach().cpu(),
        temperatures_from_args(args),
        args.topk or None,
    )
    labels = label_source(args, speech2text)
    used = analyze_units(source, labels, analysis, source.name)
    rows = analysis.rows(args.test_set)
    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_rows(out_dir / "analysis.tsv", rows)
    atomic_write_text(out_dir / "analysis.md", markdown_table(rows, f"Unit analysis: {args.test_set}"))
    logging.info("analysed %d utterances of %s -> %s", used, source.name, out_dir / "analysis.tsv")
    print(markdown_table(rows, f"Unit analysis: {args.test_set} ({used} utterances)"), end="")


if __name__ == "__main__":
    run(main)
