r"""Decode one shard of the unit texts of one or several sets with ESPnet's discrete ASR (``espnet2.bin.mt_inference``).

    python -m softassign.bin.mt_decode --mt_train_config exp/asr2_x/config.yaml \
        --mt_model_file exp/asr2_x/valid.acc.ave.pth --job 1 --nj 4 \
        dump/x_k1024/test_clean/text.rm:exp/asr2_x/decode_test_clean_espnet_asr2 [SRC_TEXT:OUTPUT_DIR ...] \
        -- --beam_size 20 --ctc_weight 0.3 [more mt_inference options]
runs ESPnet's own ``mt_inference`` (``--batch_size 1``, its beam search, ``--ctc_weight`` and the rest passed
through after ``--``) on shard ``job`` of each set's source text, into a scratch dir, then writes that shard's
1-best text to ``<output_dir>/text.<job>`` atomically with its record: a shard whose record matches is
skipped, a killed job leaves no partial text. Merge with ``softassign.bin.merge_shards``.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

from softassign.atomic import atomic_write_text
from softassign.bin.common import add_shard_args, parse_pairs, run, setup_logging
from softassign.datadir import read_table
from softassign.records import command_record, is_current, write_record
from softassign.shards import shard_keys


def build_parser() -> argparse.ArgumentParser:
    """Model, shard options and the SRC_TEXT:OUTPUT_DIR pairs (mt_inference's options follow ``--``)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mt_train_config", required=True)
    parser.add_argument("--mt_model_file", required=True)
    add_shard_args(parser)
    parser.add_argument("sets", nargs="+", metavar="SRC_TEXT:OUTPUT_DIR", help="a set's unit text and its decode dir")
    return parser


def decode_shard(source: str, keys: list[str], args: argparse.Namespace, options: list[str]) -> dict[str, str]:
    """The 1-best texts of ``keys`` of ``source`` by ESPnet's mt_inference (run in this process)."""
    from espnet2.bin import mt_inference

    import softassign.espnet  # noqa: F401  (keeps ESPnet's imports offline)

    with tempfile.TemporaryDirectory() as scratch:
        key_file = Path(scratch) / "keys"
        key_file.write_text("".join(f"{key} {key}\n" for key in keys), encoding="utf-8")
        mt_inference.main(
            [
                "--mt_train_config",
                args.mt_train_config,
                "--mt_model_file",
                args.mt_model_file,
                "--batch_size",
                "1",
                "--data_path_and_name_and_type",
                f"{source},src_text,text",
                "--key_file",
                str(key_file),
                "--output_dir",
                str(Path(scratch) / "out"),
                *options,
            ]
        )
        texts = read_table(Path(scratch) / "out/1best_recog/text", allow_empty=True)
    return {key: texts.get(key, "") for key in keys}


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and decode the shard of every set whose shard is not current."""
    argv = sys.argv[1:] if argv is None else list(argv)
    cut = argv.index("--") if "--" in argv else len(argv)
    args, options = build_parser().parse_args(argv[:cut]), argv[cut + 1 :]
    setup_logging()
    model = [f"--mt_train_config={args.mt_train_config}", f"--mt_model_file={args.mt_model_file}", *options]
    for source, out in parse_pairs(args.sets):
        shard = Path(out) / f"text.{args.job}"
        record = command_record(["mt_decode", *model, f"{source}:{out}", f"--job={args.job}", f"--nj={args.nj}"], [out])
        if is_current(shard, record):
            logging.info("%s is done; skipping", shard)
            continue
        keys = shard_keys(list(read_table(source, allow_empty=True)), args.job, args.nj)
        texts = decode_shard(source, keys, args, options) if keys else {}
        Path(out).mkdir(parents=True, exist_ok=True)
        atomic_write_text(shard, "".join(f"{key} {texts[key]}".rstrip() + "\n" for key in keys))
        write_record(shard, record)


if __name__ == "__main__":
    run(main)
