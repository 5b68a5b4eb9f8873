r"""Merge the finished shards of a job array into one Kaldi table, checking that they cover the set exactly.

    python -m softassign.bin.merge_shards --shards dump/x/test/units.JOB.scp --nj 4 \
        --out dump/x/test/units.scp --data_dir data/test
Each shard must carry its record (written when its job finished). The merged table must hold the data
dir's utterances (or those of ``--utt_list``), each once and in order; otherwise the message names the
utterance (a duplicate names both shards) and nothing is written.
"""

from __future__ import annotations

import argparse

from softassign.bin.common import run
from softassign.datadir import load_data_dir, read_table
from softassign.shards import merge_shards


def build_parser() -> argparse.ArgumentParser:
    """Shard pattern, count, output, and the set the shards must cover."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shards", required=True, help="shard path with JOB for the job index")
    parser.add_argument("--nj", type=int, required=True, help="number of shards")
    parser.add_argument("--out", required=True, help="merged table")
    expected = parser.add_mutually_exclusive_group(required=True)
    expected.add_argument("--data_dir", help="the shards cover this data dir's utterances")
    expected.add_argument("--utt_list", help="... or the keys of this Kaldi table")
    return parser


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and merge."""
    args = build_parser().parse_args(argv)
    if args.data_dir:
        expected = load_data_dir(args.data_dir, require_text=False).utterances
    else:
        expected = list(read_table(args.utt_list, allow_empty=True))
    merge_shards(args.shards, args.nj, args.out, expected)


if __name__ == "__main__":
    run(main)
