r"""The grid tau that decodes a labelled set best: the calibration of the label-free tau of the other sets.

    python -m softassign.bin.best_grid_tau --ref data/dev/text --source data/dev \
        --out exp/asr_x/tau_calibration.json \
        4=exp/asr_x/decode_dev_soft_tau4/text 8=exp/asr_x/decode_dev_soft_tau8/text [more TAU=HYP pairs]
scores every hypothesis file against the reference transcripts and writes JSON
``{"tau": ..., "grid_tau": best, "pick": "parabola", "metric": "cer", "error_rates": {"4": 12.3, ...}, "ref": ...,
"source": ...}`` (absolute paths; ``--source``: the set's data dir or feature scp, on which the transfer measures
its distances). The best grid tau has the lowest error rate (``--metric cer`` or ``wer``); a tie goes to the
smallest tau (the one closest to hard assignment). ``tau`` is that grid tau (``--pick grid``) or the minimum of
the parabola in log tau through it and its two neighbours (``--pick parabola``; see
:func:`softassign.units.temperature.calibrated_tau`). ``softassign.bin.select_tau --calibration`` moves ``tau`` to
each unlabelled set.
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from softassign.atomic import atomic_write_text
from softassign.bin.common import run, setup_logging
from softassign.datadir import read_table
from softassign.errors import ConfigError
from softassign.evaluation.scoring import score_asr
from softassign.units.temperature import CALIBRATION_PICKS, best_grid_tau, calibrated_tau

METRICS = ("cer", "wer")


def build_parser() -> argparse.ArgumentParser:
    """Reference, metric, output and the TAU=HYP pairs."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ref", required=True, help="reference transcripts (Kaldi text) of the labelled set")
    parser.add_argument("--source", required=True, help="the labelled set's data dir or feature scp")
    parser.add_argument("--metric", choices=METRICS, default="cer", help="error rate that picks the tau")
    parser.add_argument("--pick", choices=CALIBRATION_PICKS, default="parabola", help="the grid's best or between")
    parser.add_argument("--out", required=True, help="JSON file of the calibration")
    parser.add_argument("hyps", nargs="+", metavar="TAU=HYP", help="grid tau and its hypotheses (Kaldi text)")
    return parser


def parse_grid(pairs: list[str]) -> dict[float, str]:
    """{tau: hypothesis file} of ``TAU=HYP`` arguments; ConfigError for a malformed or repeated one."""
    grid: dict[float, str] = {}
    for pair in pairs:
        tau, sep, hyp = pair.partition("=")
        try:
            value = float(tau)
        except ValueError:
            value = 0.0
        if not sep or not hyp or not value > 0:
            raise ConfigError(f"expected TAU=HYP with a positive TAU, got {pair!r}")
        if value in grid:
            raise ConfigError(f"tau {tau} is given twice")
        grid[value] = hyp
    return grid


def main(argv: list[str] | None = None) -> None:
    """Score every grid tau, pick the best, write the calibration."""
    args = build_parser().parse_args(argv)
    setup_logging()
    grid = parse_grid(args.hyps)
    refs = read_table(args.ref, allow_empty=True)
    error_rates = {
        tau: getattr(score_asr(refs, read_table(hyp, allow_empty=True), hyp), args.metric) for tau, hyp in grid.items()
    }
    grid_tau = best_grid_tau(error_rates)
    tau = calibrated_tau(error_rates, args.pick)
    calibration = {
        "tau": tau,
        "grid_tau": grid_tau,
        "pick": args.pick,
        "metric": args.metric,
        "error_rates": {f"{t:g}": round(rate, 4) for t, rate in sorted(error_rates.items())},
        "ref": str(Path(args.ref).resolve()),
        "source": str(Path(args.source).resolve()),
    }
    atomic_write_text(args.out, json.dumps(calibration, indent=1) + "\n")
    logging.info(
        "%s: best grid tau %g (%s %.2f), calibrated tau %.4g (%s)",
        args.ref,
        grid_tau,
        args.metric,
        error_rates[grid_tau],
        tau,
        args.pick,
    )


if __name__ == "__main__":
    run(main)
