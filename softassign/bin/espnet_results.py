r"""Write ESPnet's RESULTS.md blocks (sclite's WER and CER rows per decoded set) for the recipe's exp dirs.

    python -m softassign.bin.espnet_results --out exp/results_x_k1024/RESULTS.md --data_root data \
        exp/asr_x_k1024 exp/asr_x_continuous exp/asr2_x_k1024
gives one ``## <exp dir>`` section per exp dir with a row per ``decode_*`` dir holding ``text`` and the
``result.tsv`` of stage 10 (its ``test_set`` names the reference ``<data_root>/<test_set>/text``): Snt, Wrd,
Corr, Sub, Del, Ins, Err and S.Err as ESPnet's ``show_asr_result.sh`` prints them, under ESPnet's environment
block, so that the numbers can be pasted next to ESPnet's own (:mod:`softassign.evaluation.espnet_results`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from softassign.atomic import atomic_write_text
from softassign.bin.common import run
from softassign.datadir import read_table
from softassign.evaluation.error_counts import utterance_counts
from softassign.evaluation.espnet_results import (
    ResultRow,
    ResultSection,
    environment_block,
    espnet_results_block,
    gather_environment,
)
from softassign.evaluation.results import read_rows

REPO = Path(__file__).resolve().parents[2]


def section(exp: Path, data_root: Path) -> ResultSection:
    """The rows of one exp dir's scored decode dirs, in name order."""
    rows = []
    for decode in sorted(exp.glob("decode_*")):
        if not (decode / "result.tsv").is_file() or not (decode / "text").is_file():
            continue
        test_set = read_rows(decode / "result.tsv")[0]["test_set"]
        refs, hyps = read_table(data_root / test_set / "text"), read_table(decode / "text", allow_empty=True)
        words = utterance_counts(refs, hyps, "word", name=str(decode / "text"))
        chars = utterance_counts(refs, hyps, "char", name=str(decode / "text"))
        rows.append(ResultRow(decode.name, words, chars))
    return ResultSection(str(exp), rows)


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and write RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, help="RESULTS.md to write")
    parser.add_argument("--data_root", default="data", help="where the test sets' data dirs are")
    parser.add_argument("exps", nargs="+", help="exp dirs with decode_* dirs")
    args = parser.parse_args(argv)
    sections = [section(Path(exp), Path(args.data_root)) for exp in args.exps if Path(exp).is_dir()]
    text = environment_block("softassign.bin.espnet_results", gather_environment(REPO))
    atomic_write_text(args.out, text + espnet_results_block([s for s in sections if s.rows]))


if __name__ == "__main__":
    run(main)
