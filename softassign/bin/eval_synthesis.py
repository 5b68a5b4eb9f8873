r"""Score synthesized speech against reference audio: MCD [dB] and log-F0 RMSE (WORLD features, DTW).

    python -m softassign.bin.eval_synthesis --ref_data_dir data/test \
        --syn_wav_scp exp/vocoder/synth/test_soft_tau0.5/wav.scp \
        --test_set test --system soft --tau 0.5 --out_dir exp/vocoder/synth/test_soft_tau0.5/scores
writes ``<out_dir>/utt_scores.tsv`` (utt mcd log_f0_rmse voiced_frames) and ``<out_dir>/results.tsv``
(one results row: test_set system tau mcd log_f0_rmse n_utts n_f0_utts), and prints the row.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from softassign.bin.common import setup_logging
from softassign.evaluation.results import write_rows
from softassign.evaluation.synthesis import score_synthesis, summarize, write_utt_scores


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, score and write the tables."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ref_data_dir", required=True, help="data dir with the reference audio")
    parser.add_argument("--syn_wav_scp", required=True, help="wav.scp of the synthesized utterances")
    parser.add_argument("--out_dir", required=True)
    parser.add_argument("--test_set", required=True, help="results column test_set")
    parser.add_argument("--system", required=True, choices=["hard", "soft", "continuous"], help="results column")
    parser.add_argument("--tau", default="", help="results column tau (empty for hard)")
    parser.add_argument("--sample_rate", type=int, default=16000, help="rate both signals are analysed at")
    args = parser.parse_args(argv)
    setup_logging()
    scores = score_synthesis(args.ref_data_dir, args.syn_wav_scp, args.sample_rate)
    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_utt_scores(out_dir / "utt_scores.tsv", scores)
    row = {"test_set": args.test_set, "system": args.system, "tau": args.tau, **summarize(scores)}
    write_rows(out_dir / "results.tsv", [row])
    print("\t".join(f"{key}={value}" for key, value in row.items()))


if __name__ == "__main__":
    main()
