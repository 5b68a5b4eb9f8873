"""Run COMMAND as jobs a..b, each logged to its own LOGFILE, locally or on Slurm (Kaldi run.pl/queue.pl style).

    python -m softassign.bin.launch --backend local|slurm [--mem 4G] [--num_threads N] [--gpu N]
        [--time HH:MM:SS] [--partition P] [--max_jobs_run N] [JOB=a:b] LOGFILE COMMAND...

JOB in LOGFILE and COMMAND becomes the job index; without JOB=a:b one job runs.
COMMAND runs with ``bash -o pipefail`` in the caller's directory and environment,
with OMP_NUM_THREADS, MKL_NUM_THREADS and OPENBLAS_NUM_THREADS set to --num_threads;
given as one word it is a bash snippet ("a | b"), given as several, words with
spaces are quoted and the others (|, >, $x) kept. Every job runs (and rewrites its
log) on every call: resumable commands skip their own finished work. Locally at
most --max_jobs_run jobs run at once (default: the CPU count), and GPU jobs at most
one per --gpu visible GPUs, each with its own CUDA_VISIBLE_DEVICES; a GPU job with
no GPU visible is an error. Exits 1, naming each failed job's log, when any job
fails; 2 on bad options. Also usable as ESPnet's ``espnet2.bin.launch --cmd``.
"""

from __future__ import annotations

import argparse
import sys

from softassign.errors import ConfigError
from softassign.parallel import BACKENDS, Outcome, Resources, launch, parse_job_array
from softassign.parallel.joblog import log_tail


def build_parser() -> argparse.ArgumentParser:
    """Options of run.pl/queue.pl/slurm.pl (dash or underscore spellings), then the job words."""
    parser = argparse.ArgumentParser(
        description=__doc__, allow_abbrev=False, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=sorted(BACKENDS), default="local")
    parser.add_argument("--mem", help="memory per job, e.g. 4G (Slurm)")
    parser.add_argument(
        "--num_threads",
        "--num-threads",
        "--cpus",
        dest="cpus",
        type=int,
        default=1,
        help="CPUs per job (Slurm), and its OMP/MKL/OPENBLAS_NUM_THREADS (all backends)",
    )
    parser.add_argument("--gpu", type=int, default=0, help="GPUs per job (Slurm; local: from the visible GPUs)")
    parser.add_argument("--time", help="time limit per job, HH:MM:SS (Slurm)")
    parser.add_argument("--partition", help="Slurm partition")
    parser.add_argument("--num_nodes", "--num-nodes", type=int, default=1, help="nodes per job (Slurm)")
    parser.add_argument(
        "--max_jobs_run",
        "--max-jobs-run",
        type=int,
        help="jobs running at once (local default: the CPU count; Slurm default: no limit)",
    )
    parser.add_argument("words", nargs=argparse.REMAINDER, metavar="[JOB=a:b] LOGFILE COMMAND...")
    return parser


def report(outcome: Outcome, total: int) -> None:
    """Say on stderr which jobs failed (index, log, log tail)."""
    for job in outcome.failed:
        print(f"launch: job {job.index} failed, see {job.log}\n{log_tail(job.log)}", file=sys.stderr)
    if outcome.failed:
        print(f"launch: {len(outcome.failed)} / {total} job(s) failed", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, launch the jobs, report; exit 1 if any failed, 2 on bad options."""
    parser = build_parser()
    args = parser.parse_args(argv)
    resources = Resources(args.mem, args.cpus, args.gpu, args.time, args.partition, args.num_nodes, args.max_jobs_run)
    try:
        array = parse_job_array(args.words)
        outcome = launch(array, resources, args.backend)
    except ConfigError as err:
        parser.exit(2, f"launch: error: {err}\n")
    report(outcome, array.last - array.first + 1)
    sys.exit(1 if outcome.failed else 0)


if __name__ == "__main__":
    main()
