r"""Analyse a data dir's reference audio with WORLD once, for scoring every synthesized system against it.

    python -m softassign.bin.dump_world_features --data_dir data/test_ref --out_dir dump/world/test_ref
writes ``<out_dir>/world.{ark,scp}`` (per utterance a float64 matrix ``[f0 | mel-cepstrum c0..c24]``, 5 ms
frames; :mod:`softassign.evaluation.synthesis`) and its record, all or nothing;
``softassign.bin.eval_synthesis --ref_world_scp <out_dir>/world.scp`` then reads it instead of analysing
the references again for each system. Utterances are analysed by ``--nj`` worker processes, by default the
job's thread allotment (``$OMP_NUM_THREADS``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from softassign.bin.common import add_worker_args, job_record, run, setup_logging
from softassign.evaluation.synthesis import reference_features, write_world_features

MODULE = "softassign.bin.dump_world_features"


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, analyse every utterance and store the features."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data_dir", required=True, help="data dir of the reference audio")
    parser.add_argument("--out_dir", required=True, help="gets world.ark and world.scp")
    parser.add_argument("--sample_rate", type=int, default=16000, help="rate the audio is analysed at")
    add_worker_args(parser)
    args = parser.parse_args(argv)
    setup_logging()
    out_dir = Path(args.out_dir)
    record = job_record(MODULE, argv, [str(out_dir)])
    features = reference_features(args.data_dir, args.sample_rate, n_jobs=args.nj)
    write_world_features(out_dir / "world.ark", out_dir / "world.scp", features, record)


if __name__ == "__main__":
    run(main)
