r"""Score synthesized speech against reference audio: MCD [dB] and log-F0 RMSE (WORLD features, DTW).

    python -m softassign.bin.eval_synthesis --ref_data_dir data/test \
        --syn_wav_scp exp/vocoder/synth/test_soft_tau0.5/wav.scp \
        --test_set test --system soft --tau 0.5 --out_dir exp/vocoder/synth/test_soft_tau0.5/scores
        [--compare hard=exp/vocoder/synth/test_hard/scores/utt_scores.tsv]
writes ``<out_dir>/utt_scores.tsv`` (utt mcd log_f0_rmse voiced_frames) and ``<out_dir>/results.tsv``
(one results row: test_set system tau mcd log_f0_rmse n_utts n_f0_utts), and prints the row. Each
``--compare NAME=UTT_SCORES`` adds this system minus NAME (``mcd_vs_<name>``, ``log_f0_rmse_vs_<name>``) and
the paired bootstrap 95 % interval of that difference over utterances (``..._ci95``). Utterances are scored
by ``--nj`` worker processes, by default the job's thread allotment (``$OMP_NUM_THREADS``, which the launcher
sets from its ``--num_threads``), so the command a record names does not change with the resources.
``--ref_world_scp dump/world/test_ref/world.scp`` (softassign.bin.dump_world_features) instead of
``--ref_data_dir`` reads the references' WORLD analysis, made once for all the systems of a set.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from softassign.bin.common import add_worker_args, run, setup_logging
from softassign.errors import ConfigError
from softassign.evaluation.results import write_rows
from softassign.evaluation.synthesis import (
    SynthesisScores,
    compare_scores,
    read_utt_scores,
    score_synthesis,
    summarize,
    write_utt_scores,
)


def comparisons(scores: dict[str, SynthesisScores], others: list[str]) -> dict[str, str]:
    """The ``<metric>_vs_<name>`` and ``..._ci95`` columns of each ``NAME=UTT_SCORES`` in ``others``."""
    columns = {}
    for spec in others:
        name, _, path = spec.partition("=")
        if not name or not path:
            raise ConfigError(f"--compare expects NAME=UTT_SCORES, got {spec!r}")
        for metric, result in compare_scores(scores, read_utt_scores(path)).items():
            columns[f"{metric}_vs_{name}"] = f"{result.delta:+.3f}"
            columns[f"{metric}_vs_{name}_ci95"] = result.interval_text(decimals=3)
    return columns


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, score and write the tables."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    refs = parser.add_mutually_exclusive_group(required=True)
    refs.add_argument("--ref_data_dir", help="data dir with the reference audio")
    refs.add_argument("--ref_world_scp", help="the references' stored WORLD features (dump_world_features)")
    parser.add_argument("--syn_wav_scp", required=True, help="wav.scp of the synthesized utterances")
    parser.add_argument("--out_dir", required=True)
    parser.add_argument("--test_set", required=True, help="results column test_set")
    parser.add_argument("--system", required=True, choices=["hard", "soft", "continuous"], help="results column")
    parser.add_argument("--tau", default="", help="results column tau (empty for hard)")
    parser.add_argument("--sample_rate", type=int, default=16000, help="rate both signals are analysed at")
    add_worker_args(parser)
    parser.add_argument(
        "--compare",
        action="append",
        default=[],
        metavar="NAME=UTT_SCORES",
        help="another system's utt_scores.tsv of the same set: difference and bootstrap interval",
    )
    args = parser.parse_args(argv)
    setup_logging()
    scores = score_synthesis(
        args.ref_data_dir, args.syn_wav_scp, args.sample_rate, n_jobs=args.nj, ref_world_scp=args.ref_world_scp
    )
    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_utt_scores(out_dir / "utt_scores.tsv", scores)
    row = {
        "test_set": args.test_set,
        "system": args.system,
        "tau": args.tau,
        **summarize(scores),
        **comparisons(scores, args.compare),
    }
    write_rows(out_dir / "results.tsv", [row])
    print("\t".join(f"{key}={value}" for key, value in row.items()))


if __name__ == "__main__":
    run(main)
