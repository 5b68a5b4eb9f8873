r"""Micro-benchmark: soft vs hard decoding wall time of one unit model (ESPnet, unit_embedding) at K=1024.

Train a model for the purpose (k-means, unit ids, char tokens, ESPnet training on the first utterances):
    python -m softassign.bin.bench_decode_speed --feats_scp dump/mfcc/train/feats.scp --text data/train/text \
        --asr_config conf/train_asr_units.yaml --num_clusters 1024 --train_utts 300 --epochs 1 \
        --decode_utts 20 --work_dir exp/benchmark/decode_speed --out exp/benchmark/decode_speed.json
or time a trained one: --asr_train_config exp/X/config.yaml --asr_model_file exp/X/valid.acc.ave.pth
--centroids exp/kmeans_X/centroids.npy (then no training). Decodes the first --decode_utts utterances of
--decode_scp (default --feats_scp) hard and soft (tau: --tau, default the label-free tau of those features)
and prints the figures of softassign.bench.decode_speed (soft/hard ratios of decoding and of the frontend).
"""

from __future__ import annotations

import argparse

import torch

from softassign.analysis.temperature import select_tau
from softassign.arkio import iter_feature_scp, scp_keys
from softassign.bench.decode_speed import decode_speed
from softassign.bench.figures import report_figures
from softassign.bench.unit_model import UnitModel, train_unit_model
from softassign.bin.common import setup_logging
from softassign.dump import iter_scp_features
from softassign.errors import ConfigError
from softassign.espnet.inference import configure_assignment, load_speech2text
from softassign.units.centroids import load_centroids


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
    trained.add_argument("--centroids")
    parser.add_argument("--decode_scp", help="features to decode (default: --feats_scp)")
    parser.add_argument("--decode_utts", type=int, default=20)
    parser.add_argument("--tau", type=float, help="soft temperature (default: label-free, perplexity 2)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--beam_size", type=int, default=10)
    parser.add_argument("--ctc_weight", type=float, default=0.3)
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    parser.add_argument("--out", help="also write the figures here (JSON)")
    return parser


def unit_model_from_args(args: argparse.Namespace) -> UnitModel:
    """The trained model the options name, or one trained now."""
    if args.asr_train_config:
        if not (args.asr_model_file and args.centroids):
            raise ConfigError("--asr_train_config needs --asr_model_file and --centroids")
        return UnitModel(args.asr_train_config, args.asr_model_file, args.centroids)
    if not (args.feats_scp and args.text and args.asr_config and args.work_dir):
        raise ConfigError("training a model needs --feats_scp, --text, --asr_config and --work_dir")
    return train_unit_model(
        args.feats_scp, args.text, args.asr_config, args.num_clusters, args.work_dir, args.train_utts, args.epochs
    )


def label_free_tau(scp: str, utts: list[str], centroids: str) -> float:
    """The label-free tau (mean perplexity 2) of the features of ``utts``."""
    frames = (feats for _, feats in iter_feature_scp(scp, utts))
    return select_tau(frames, load_centroids(centroids)).tau


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, get the model, time both modes, report."""
    args = build_parser().parse_args(argv)
    setup_logging()
    torch.set_num_threads(args.threads)
    model = unit_model_from_args(args)
    decode_scp = args.decode_scp or args.feats_scp
    if not decode_scp:
        raise ConfigError("give the features to decode: --decode_scp (or --feats_scp)")
    utts = scp_keys(decode_scp)[: args.decode_utts]
    inputs = list(iter_scp_features(decode_scp, utts))
    tau = args.tau if args.tau is not None else label_free_tau(decode_scp, utts, model.centroids)
    speech2text = load_speech2text(
        str(model.config), str(model.model_file), beam_size=args.beam_size, ctc_weight=args.ctc_weight
    )
    configure_assignment(speech2text, units_input=False, centroids=str(model.centroids))
    settings = {
        "model": str(model.model_file),
        "decode_scp": decode_scp,
        "beam_size": args.beam_size,
        "ctc_weight": args.ctc_weight,
        "threads": args.threads,
        "tau_from": "given" if args.tau is not None else "label_free",
    }
    report_figures(args.out, "decode_speed", settings, decode_speed(speech2text, inputs, tau, args.repeats))


if __name__ == "__main__":
    main()
