r"""Decode one shard of one or several sets with a trained ESPnet ASR model; writes ``<output_dir>/text.<job>``.

Dumped unit ids:
    python -m softassign.bin.asr_inference --asr_train_config exp/asr_x_k1024/config.yaml \
        --asr_model_file exp/asr_x_k1024/valid.acc.ave.pth --units_scp dump/x_k1024/test/units.scp \
        --output_dir exp/asr_x_k1024/decode_test_hard --job 1 --nj 4
Audio (a data dir), assigned to the model's centroids with the features its units came from:
    python -m softassign.bin.asr_inference ... --data_dir data/test --assignment soft --tau 8 [--topk 32]
Continuous baseline (a ``feature_reader`` model): --data_dir (or --feats_scp) only.
Several sets/systems with one model load (recipes): --plan decode_plan.tsv, a TSV of
``output_dir  units|feats|audio  source  [hard|soft]  [tau]`` lines (:mod:`softassign.espnet.inference`);
tasks on the same audio share its features. Every shard is written atomically with its record; a shard
whose record matches (same model, options and input) is not decoded again. Merge the shards with
``softassign.bin.merge_shards``.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from softassign.bin.common import add_shard_args, run, setup_logging
from softassign.errors import ConfigError
from softassign.espnet.inference import (
    DecodeTask,
    add_beam_args,
    beam_options,
    check_model_fits,
    check_task,
    decode_group,
    group_by_source,
    load_speech2text,
    model_inputs,
    pending,
    read_decode_plan,
    search_words,
    source_utterances,
)
from softassign.records import command_record
from softassign.shards import shard_keys


def build_parser() -> argparse.ArgumentParser:
    """The command-line options (model, input, assignment, beam search, device, shard)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--asr_train_config", required=True, help="config.yaml written by training")
    parser.add_argument("--asr_model_file", required=True, help="model parameters (.pth)")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--units_scp", help="dumped unit ids (kaldi ark/scp, int vectors)")
    source.add_argument("--feats_scp", help="dumped continuous features (kaldi ark/scp, frames x dim)")
    source.add_argument("--data_dir", help="Kaldi data dir: decode its audio")
    source.add_argument("--plan", help="TSV of decoding tasks (then no --output_dir/--assignment/--tau)")
    parser.add_argument("--output_dir")
    assign = parser.add_argument_group("assignment of features (unit_embedding models)")
    assign.add_argument("--assignment", choices=["hard", "soft"], help="default: hard")
    assign.add_argument("--tau", type=float, help="soft-assignment temperature (0: hard)")
    assign.add_argument("--topk", type=int, default=0, help="keep the top-k clusters in soft assignment (0: all)")
    add_beam_args(parser)
    parser.add_argument("--device", default="cpu", help="torch device: cpu, cuda, cuda:1")
    add_shard_args(parser)
    return parser


def tasks_from_args(args: argparse.Namespace) -> list[DecodeTask]:
    """The decoding tasks: the plan file's, or the one given by the input option and --output_dir."""
    if args.plan:
        if args.output_dir or args.assignment or args.tau is not None:
            raise ConfigError("--plan gives output dirs, assignments and temperatures; do not pass them too")
        return read_decode_plan(args.plan)
    if not args.output_dir:
        raise ConfigError("--output_dir is required without --plan")
    kind, source = next(
        (k, v) for k, v in [("units", args.units_scp), ("feats", args.feats_scp), ("audio", args.data_dir)] if v
    )
    assignment = args.assignment or ("soft" if args.tau is not None and kind != "units" else None)
    task = DecodeTask(args.output_dir, kind, source, assignment, args.tau)
    check_task(task, "options")
    return [task]


def model_words(args: argparse.Namespace) -> list[str]:
    """The options every task's record shares: model, search, truncation, device."""
    words = [f"--asr_train_config={args.asr_train_config}", f"--asr_model_file={args.asr_model_file}"]
    return [*words, *search_words(args), f"--topk={args.topk}", f"--device={args.device}"]


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, check the tasks, load the model once (if any shard is not current), decode."""
    args = build_parser().parse_args(argv)
    setup_logging()
    tasks = tasks_from_args(args)
    shard_name, shared = f"text.{args.job}", model_words(args)
    shard = [f"--job={args.job}", f"--nj={args.nj}"]
    todo = pending(tasks, shard_name, lambda t: command_record([*shared, *t.words(), *shard], [t.output_dir]))
    if not todo:
        logging.info("every task's %s is done", shard_name)
        return
    speech2text = load_speech2text(
        args.asr_train_config, args.asr_model_file, args.device, args.search, **beam_options(args)
    )
    for task, _, _ in todo:
        check_model_fits(speech2text, task, args.topk)
    for (kind, source), group in group_by_source([task for task, _, _ in todo]).items():
        chosen = [entry for entry in todo if entry[0] in group]
        utts = shard_keys(source_utterances(kind, source), args.job, args.nj)
        inputs = model_inputs(speech2text, kind, source, utts)
        count = decode_group(
            speech2text, group, inputs, [p for _, p, _ in chosen], [r for _, _, r in chosen], args.topk
        )
        logging.info("%s: decoded %d utterances for %d task(s)", source, count, len(group))
    for _, path, _ in todo:
        logging.info("wrote %s", Path(path))


if __name__ == "__main__":
    run(main)
