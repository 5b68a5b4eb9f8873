r"""WER/CER per group of utterances (e.g. per speaker, per native language) of decode dirs.

    python -m softassign.bin.score_groups --ref data/l2arctic/text --utt2group data/l2arctic/utt2lang \
        --group_column l1 --out_dir exp/results_wavlm_large_l21_k1024_by_l1 exp/asr_*/decode_l2arctic_*
Each decode dir must hold ``text`` (hypotheses) and the ``result.tsv`` that asr.sh stage 9 wrote
(its columns other than the metrics, e.g. test_set, system, tau, label the rows). Writes
``<decode_dir>/result_by_<group_column>.tsv`` and the merged ``<out_dir>/results.{tsv,md}``,
and prints the Markdown table.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from softassign.datadir import read_table
from softassign.errors import DataError
from softassign.evaluation.groups import METRIC_COLUMNS, group_rows, score_by_group
from softassign.evaluation.results import merge_results, read_rows, write_rows


def score_decode_dir(decode_dir: Path, refs: dict[str, str], utt2group: dict[str, str], group_column: str) -> Path:
    """Score one decode dir per group; returns the per-group TSV written into it."""
    rows = read_rows(decode_dir / "result.tsv") if (decode_dir / "result.tsv").is_file() else []
    if not rows:
        raise DataError(f"{decode_dir}: no result.tsv (score the dir with asr.sh stage 9 first)")
    labels = {column: value for column, value in rows[0].items() if column not in METRIC_COLUMNS}
    hyps = read_table(decode_dir / "text", allow_empty=True)
    scores = score_by_group(refs, hyps, utt2group, str(decode_dir / "text"))
    out = decode_dir / f"result_by_{group_column}.tsv"
    write_rows(out, group_rows(labels, group_column, scores))
    return out


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, score every decode dir by group, merge and print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ref", required=True, help="reference Kaldi text")
    parser.add_argument("--utt2group", required=True, help="Kaldi table utt -> group (utt2spk, utt2lang...)")
    parser.add_argument("--group_column", required=True, help="name of the group column, e.g. speaker or l1")
    parser.add_argument("--out_dir", required=True)
    parser.add_argument("--title", default="Results by group")
    parser.add_argument("decode_dirs", nargs="+", type=Path)
    args = parser.parse_args(argv)
    refs, utt2group = read_table(args.ref, allow_empty=True), read_table(args.utt2group)
    tables = [score_decode_dir(d, refs, utt2group, args.group_column) for d in args.decode_dirs]
    merge_results(tables, args.out_dir, args.title)
    print((Path(args.out_dir) / "results.md").read_text(encoding="utf-8"), end="")


if __name__ == "__main__":
    main()
