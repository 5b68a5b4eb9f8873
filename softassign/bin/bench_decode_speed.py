r"""Micro-benchmark: soft vs hard decoding wall time of one unit model (ESPnet, unit_embedding) at K=1024.

Train a model for the purpose (k-means, unit ids, char tokens, ESPnet training on the first utterances):
    python -m softassign.bin.bench_decode_speed --feats_scp dump/mfcc/train_kmeans/feats.scp --text data/train/text \
        --asr_config conf/train_asr_units.yaml --num_clusters 1024 --train_utts 300 --epochs 1 \
        --decode_data_dir data/test_in --reader_conf conf/feats/mfcc.yaml --decode_utts 20 \
        --work_dir exp/benchmark/decode_speed --out exp/benchmark/decode_speed.json
or time a trained one (it brings its centroids; no training):
    --asr_train_config exp/X/config.yaml --asr_model_file exp/X/valid.acc.ave.pth
Decodes the first --decode_utts utterances of --decode_scp (dumped features, default --feats_scp) or of
--decode_data_dir (features computed from its audio by --reader_conf, before any timing) hard and soft (tau:
--tau, default the label-free tau of those features) and prints the figures of softassign.benchmarks.decode_speed
(soft/hard ratios of decoding and of the frontend, and how far the two modes' outputs are apart).
"""

from __future__ import annotations

import argparse

import torch

from softassign.benchmarks.decode_speed import checked_frontend, decode_speed
from softassign.benchmarks.figures import report_figures
from softassign.benchmarks.unit_model import UnitModel, train_unit_model
from softassign.bin.common import run, setup_logging
from softassign.conf import load_yaml
from softassign.errors import ConfigError
from softassign.espnet.inference import load_speech2text
from softassign.features.sources import FeatureSource, build_reader_conf
from softassign.units.temperature import select_tau


def build_parser() -> argparse.ArgumentParser:
    """The command-line options (model to train or load, utterances, tau, beam, threads, output)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feats_scp", help="features to train on (and, by default, to decode)")
    parser.add_argument("--text", help="their transcripts (training)")
    parser.add_argument("--asr_config", help="ESPnet unit-model config to train (frontend: unit_embedding)")
    parser.add_argument("--num_clusters", type=int, default=1024)
    parser.add_argument("--train_utts", type=int, default=300)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--work_dir", help="where the model is trained")
    trained = parser.add_argument_group("a trained model instead (no training)")
    trained.add_argument("--asr_train_config")
    trained.add_argument("--asr_model_file")
    decode = parser.add_mutually_exclusive_group()
    decode.add_argument("--decode_scp", help="dumped features to decode (default: --feats_scp)")
    decode.add_argument("--decode_data_dir", help="data dir to decode: features from its audio (--reader_conf)")
    parser.add_argument("--reader_conf", help="feature reader conf of the features (conf/feats/*.yaml)")
    parser.add_argument("--device", default="cpu", help="torch device of the feature extraction (not timed)")
    parser.add_argument("--decode_utts", type=int, default=20)
    parser.add_argument("--tau", type=float, help="soft temperature (default: label-free, perplexity 2)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--beam_size", type=int, default=10)
    parser.add_argument("--ctc_weight", type=float, default=0.3)
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    parser.add_argument("--out", help="also write the figures here (JSON)")
    return parser


def unit_model_from_args(args: argparse.Namespace) -> UnitModel:
    """The trained model the options name, or one trained now (with the reader conf, when given)."""
    if args.asr_train_config:
        if not args.asr_model_file:
            raise ConfigError("--asr_train_config needs --asr_model_file")
        return UnitModel(args.asr_train_config, args.asr_model_file)
    if not (args.feats_scp and args.text and args.asr_config and args.work_dir):
        raise ConfigError("training a model needs --feats_scp, --text, --asr_config and --work_dir")
    reader = load_yaml(args.reader_conf) if args.reader_conf else None
    return train_unit_model(
        args.feats_scp,
        args.text,
        args.asr_config,
        args.num_clusters,
        args.work_dir,
        args.train_utts,
        args.epochs,
        reader=reader,
    )


def decode_source(args: argparse.Namespace) -> FeatureSource:
    """The features to decode: --decode_data_dir (with --reader_conf), --decode_scp or --feats_scp."""
    if args.decode_data_dir:
        if not args.reader_conf:
            raise ConfigError("--decode_data_dir needs --reader_conf")
        return FeatureSource(data_dir=args.decode_data_dir, reader=build_reader_conf(args.reader_conf, args.device))
    scp = args.decode_scp or args.feats_scp
    if not scp:
        raise ConfigError("give the features to decode: --decode_scp, --decode_data_dir or --feats_scp")
    return FeatureSource(scp=scp)


def label_free_tau(inputs: list[tuple[str, torch.Tensor]], centroids: torch.Tensor) -> float:
    """The label-free tau (mean perplexity 2) of the decoded features."""
    return select_tau((feats for _, feats in inputs), centroids).tau


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, get the model, time both modes, report."""
    args = build_parser().parse_args(argv)
    setup_logging()
    torch.set_num_threads(args.threads)
    source = decode_source(args)
    model = unit_model_from_args(args)
    inputs = list(source.iterate(source.utterances()[: args.decode_utts]))
    speech2text = load_speech2text(
        str(model.config), str(model.model_file), beam_size=args.beam_size, ctc_weight=args.ctc_weight
    )
    centroids = checked_frontend(speech2text).require_centroids().cpu()
    tau = args.tau if args.tau is not None else label_free_tau(inputs, centroids)
    settings = {
        "model": str(model.model_file),
        "decode_source": source.name,
        "beam_size": args.beam_size,
        "ctc_weight": args.ctc_weight,
        "threads": args.threads,
        "tau_from": "given" if args.tau is not None else "label_free",
    }
    report_figures(args.out, "decode_speed", settings, decode_speed(speech2text, inputs, tau, args.repeats))


if __name__ == "__main__":
    run(main)
