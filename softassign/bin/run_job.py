"""Run one job of ``softassign.bin.launch``: its command between a log header and footer, on stdout.

    python -m softassign.bin.run_job [--num_threads N] [--gpus N] [--job_var JOB --job_index N] -- COMMAND
The command runs with OMP_NUM_THREADS, MKL_NUM_THREADS and OPENBLAS_NUM_THREADS set to --num_threads.
The launcher's backends point stdout and stderr at the job's log; this exits with the command's status.
"""

from __future__ import annotations

import argparse
import os
import sys

from softassign.parallel.joblog import run_logged
from softassign.parallel.jobs import substitute


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, substitute the job index into the command, run it logged."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--num_threads", type=int, default=1, help="threads of the job (OMP_NUM_THREADS etc.)")
    parser.add_argument("--gpus", type=int, default=0, help="GPUs the job asked for (the log names them)")
    parser.add_argument("--job_var", help="placeholder in COMMAND replaced by the job index (JOB)")
    parser.add_argument(
        "--job_index", default=os.environ.get("SLURM_ARRAY_TASK_ID"), help="job index (default: $SLURM_ARRAY_TASK_ID)"
    )
    parser.add_argument("command", help="bash command line")
    args = parser.parse_args(argv)
    if args.job_var and args.job_index is None:
        parser.error("--job_var needs --job_index or $SLURM_ARRAY_TASK_ID")
    sys.exit(run_logged(substitute(args.command, args.job_var, args.job_index), args.num_threads, args.gpus))


if __name__ == "__main__":
    main()
