"""Score decoded hypotheses (Kaldi ``text``) against references; write a one-row results TSV.

    python -m softassign.bin.score --ref data/test_in/text --hyp exp/asr/decode_test_in_soft_tau8/text \
        --test_set test_in --system soft --tau 8 --out exp/asr/decode_test_in_soft_tau8/result.tsv
"""

from __future__ import annotations

import argparse
import logging

from softassign.bin.common import run, setup_logging
from softassign.datadir import read_table
from softassign.eval.results import write_rows
from softassign.eval.scoring import score_asr


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, score, write the row."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ref", required=True)
    parser.add_argument("--hyp", required=True)
    parser.add_argument("--test_set", required=True)
    parser.add_argument("--system", required=True, choices=["hard", "soft", "continuous", "espnet_asr2"])
    parser.add_argument("--tau", default="", help="temperature (soft only)")
    parser.add_argument(
        "--tau_from",
        default="",
        choices=["", "grid", "label_free"],
        help="how tau was chosen: a grid point, or from unlabelled target audio",
    )
    parser.add_argument("--topk", default="", help="the top-k truncation of soft assignment (soft only; 0: none)")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    setup_logging()
    scores = score_asr(read_table(args.ref, allow_empty=True), read_table(args.hyp, allow_empty=True), args.hyp)
    row = {
        "test_set": args.test_set,
        "system": args.system,
        "tau": args.tau,
        "wer": f"{scores.wer:.2f}",
        "cer": f"{scores.cer:.2f}",
        "n_utts": scores.n_utts,
        "tau_from": args.tau_from,
        "topk": args.topk,
    }
    write_rows(args.out, [row])
    logging.info(
        "%s %s tau=%s: WER %.2f CER %.2f (%d utts)",
        args.test_set,
        args.system,
        args.tau,
        scores.wer,
        scores.cer,
        scores.n_utts,
    )


if __name__ == "__main__":
    run(main)
