r"""Decode one shard of a set with a trained ESPnet ASR model; writes ``<output_dir>/text.<job>``.

Dumped unit ids:
    python -m softassign.bin.asr_inference --asr_train_config exp/asr_hard/config.yaml \
        --asr_model_file exp/asr_hard/valid.acc.ave.pth --units_scp dump/units/test/units.scp \
        --output_dir exp/asr_hard/decode_test_units --job 1 --nj 4
Continuous features, assigned to the centroids (hard, or soft with a temperature):
    python -m softassign.bin.asr_inference ... --feats_scp dump/feats/test/feats.scp \
        --assignment soft --tau 8 [--topk 32] [--centroids exp/kmeans/centroids.npy]
Continuous baseline (a model trained on the features, ``input_size: D``): --feats_scp only.
Several sets/systems with one model load (recipes): --plan decode_plan.tsv, a TSV of
``output_dir  units|feats  scp  [hard|soft]  [tau]`` lines (see ``read_decode_plan``).
Merge the shards with ``cat <output_dir>/text.{1..N} > <output_dir>/text``. With
--skip_existing a shard whose ``text.<job>`` exists is not decoded again (resuming a plan).
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from softassign.arkio import scp_keys
from softassign.bin.common import add_shard_args, setup_logging
from softassign.dump import iter_scp_features, shard_keys
from softassign.errors import ConfigError
from softassign.espnet.inference import (
    DecodeTask,
    configure_assignment,
    iter_unit_ids,
    load_speech2text,
    read_decode_plan,
    write_hypotheses,
)


def build_parser() -> argparse.ArgumentParser:
    """The command-line options (model, input, assignment, beam search, device, shard)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--asr_train_config", required=True, help="config.yaml written by training")
    parser.add_argument("--asr_model_file", required=True, help="model parameters (.pth)")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--feats_scp", help="continuous features (kaldi ark/scp, frames x dim)")
    source.add_argument("--units_scp", help="dumped unit ids (kaldi ark/scp, int vectors)")
    source.add_argument("--plan", help="TSV of decoding tasks (then no --output_dir/--assignment/--tau)")
    parser.add_argument("--output_dir")
    assign = parser.add_argument_group("assignment of continuous features (unit_embedding models)")
    assign.add_argument("--assignment", choices=["hard", "soft"], help="default: the model's own")
    assign.add_argument("--tau", type=float, help="soft-assignment temperature")
    assign.add_argument("--topk", type=int, help="keep the top-k clusters in soft assignment (0: all)")
    assign.add_argument("--centroids", help="centroid file (.npy); default: the one in the training config")
    beam = parser.add_argument_group("beam search (espnet2 Speech2Text)")
    beam.add_argument("--beam_size", type=int, default=10)
    beam.add_argument("--ctc_weight", type=float, default=0.3)
    beam.add_argument("--penalty", type=float, default=0.0, help="length bonus")
    beam.add_argument("--maxlenratio", type=float, default=0.0, help="0: up to the encoder length")
    beam.add_argument("--minlenratio", type=float, default=0.0)
    parser.add_argument("--skip_existing", action="store_true", help="keep shards already decoded")
    parser.add_argument("--device", default="cpu", help="torch device: cpu, cuda, cuda:1")
    add_shard_args(parser)
    return parser


def tasks_from_args(args: argparse.Namespace) -> list[DecodeTask]:
    """The decoding tasks: the plan file's, or the one given by --units_scp/--feats_scp and --output_dir."""
    if args.plan:
        if args.output_dir or args.assignment or args.tau is not None:
            raise ConfigError("--plan gives output dirs, assignments and temperatures; do not pass them too")
        return read_decode_plan(args.plan)
    if not args.output_dir:
        raise ConfigError("--output_dir is required without --plan")
    kind, scp = ("units", args.units_scp) if args.units_scp else ("feats", args.feats_scp)
    given = [name for name in ("assignment", "tau", "topk", "centroids") if getattr(args, name) is not None]
    if args.units_scp and given:
        raise ConfigError(f"options {given} apply to continuous features (--feats_scp), not to unit ids")
    return [DecodeTask(args.output_dir, kind, scp, args.assignment, args.tau)]


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, load the model once, decode this shard of every task."""
    args = build_parser().parse_args(argv)
    setup_logging()
    tasks = tasks_from_args(args)
    speech2text = load_speech2text(
        args.asr_train_config,
        args.asr_model_file,
        args.device,
        beam_size=args.beam_size,
        ctc_weight=args.ctc_weight,
        penalty=args.penalty,
        maxlenratio=args.maxlenratio,
        minlenratio=args.minlenratio,
    )
    for task in tasks:
        out = Path(task.output_dir) / f"text.{args.job}"
        if args.skip_existing and out.exists():
            logging.info("%s exists; skipping", out)
            continue
        options = (None,) * 4 if task.units_input else (task.assignment, task.tau, args.topk, args.centroids)
        configure_assignment(speech2text, task.units_input, *options)
        utts = shard_keys(scp_keys(task.scp), args.job, args.nj)
        inputs = iter_unit_ids(task.scp, utts) if task.units_input else iter_scp_features(task.scp, utts)
        write_hypotheses(speech2text, inputs, out)
        logging.info("wrote %d hypotheses to %s", len(utts), out)


if __name__ == "__main__":
    main()
