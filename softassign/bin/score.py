r"""Score decoded hypotheses (Kaldi ``text``) against references; write a one-row results TSV.

    python -m softassign.bin.score --ref data/test_in/text --hyp exp/asr/decode_test_in_soft_tau8/text \
        --test_set test_in --system soft --tau 8 --out exp/asr/decode_test_in_soft_tau8/result.tsv \
        [--compare hard=exp/asr/decode_test_in_hard/text --compare continuous=...]
Each ``--compare NAME=HYP`` adds, for WER and CER, this system minus NAME in percentage points
(``wer_vs_<name>``, ``cer_vs_<name>``) and the paired bootstrap 95 % interval of that difference
(``..._ci95``: utterances resampled 1000 times, the same ones for both; :mod:`softassign.evaluation.bootstrap`).
An interval that excludes 0 says the difference is unlikely to be resampling noise.
"""

from __future__ import annotations

import argparse
import logging

from softassign.bin.common import run, setup_logging
from softassign.datadir import read_table
from softassign.errors import ConfigError
from softassign.evaluation.bootstrap import paired_bootstrap
from softassign.evaluation.error_counts import utterance_counts
from softassign.evaluation.results import write_rows
from softassign.evaluation.scoring import score_asr

SYSTEMS = ["hard", "soft", "continuous", "espnet_asr2"]


def comparisons(refs: dict[str, str], hyps: dict[str, str], others: list[str], seed: int) -> dict[str, str]:
    """The ``<metric>_vs_<name>`` and ``..._ci95`` columns of each ``NAME=HYP`` in ``others``."""
    columns = {}
    for spec in others:
        name, _, path = spec.partition("=")
        if not name or not path:
            raise ConfigError(f"--compare expects NAME=HYP_TEXT, got {spec!r}")
        other = read_table(path, allow_empty=True)
        for metric, unit in (("wer", "word"), ("cer", "char")):
            ours, theirs = utterance_counts(refs, hyps, unit), utterance_counts(refs, other, unit, name=path)
            result = paired_bootstrap(theirs, ours, seed=seed)  # delta = ours - theirs
            columns[f"{metric}_vs_{name}"] = f"{result.delta:+.2f}"
            columns[f"{metric}_vs_{name}_ci95"] = result.interval_text()
    return columns


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, score, compare, write the row."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ref", required=True)
    parser.add_argument("--hyp", required=True)
    parser.add_argument("--test_set", required=True)
    parser.add_argument("--system", required=True, choices=SYSTEMS)
    parser.add_argument("--tau", default="", help="temperature (soft only)")
    parser.add_argument(
        "--tau_from",
        default="",
        choices=["", "grid", "label_free"],
        help="how tau was chosen: a grid point, or from unlabelled target audio",
    )
    parser.add_argument("--topk", default="", help="the top-k truncation of soft assignment (soft only; 0: none)")
    parser.add_argument(
        "--compare",
        action="append",
        default=[],
        metavar="NAME=HYP",
        help="another system's hypotheses of the same set: difference and bootstrap interval",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the bootstrap resampling")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    setup_logging()
    refs, hyps = read_table(args.ref, allow_empty=True), read_table(args.hyp, allow_empty=True)
    scores = score_asr(refs, hyps, args.hyp)
    row = {
        "test_set": args.test_set,
        "system": args.system,
        "tau": args.tau,
        "wer": f"{scores.wer:.2f}",
        "cer": f"{scores.cer:.2f}",
        "n_utts": scores.n_utts,
        "tau_from": args.tau_from,
        "topk": args.topk,
        **comparisons(refs, hyps, args.compare, args.seed),
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
