"""Per-job log files: a header naming the command, host, threads and GPUs, a footer with the exit status.

A log looks like Kaldi's::

    # python -m softassign.bin.dump_units --job 3 ...
    # Started at 2025-01-01 12:00:00 on node1 (Slurm job 41_3) with 4 thread(s), GPU(s) 0
    #
    ...the command's stdout and stderr...
    # Accounting: time=12s max_rss=1834MB
    # Ended (code 0) at 2025-01-01 12:00:12

``max_rss`` is the peak resident memory of the job's largest process: the kernel's accounting of the
command's process tree (``os.wait4``), so earlier jobs of the same runner never count. On Linux a child's
peak also counts the process it was forked from: the launcher starts every job in a fresh interpreter
(``softassign.bin.run_job``), which adds only its few megabytes.

The command runs with ``OMP_NUM_THREADS``, ``MKL_NUM_THREADS`` and
``OPENBLAS_NUM_THREADS`` set to the job's threads. Every launch rewrites the
logs of its jobs; afterwards the launcher reads the footers to find the jobs
that failed.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

from softassign.parallel.jobs import Job, JobArray, Resources

FOOTER = re.compile(r"# Ended \(code (\d+)\)")
THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


def header(command: str) -> str:
    """The command as the log's first lines, each prefixed with ``# ``."""
    return "".join(f"# {line}\n" for line in command.split("\n"))


def where_and_what(threads: int, gpus: int) -> str:
    """Host (and Slurm job), threads and, for GPU jobs, the GPUs in ``$CUDA_VISIBLE_DEVICES``: the header's text."""
    slurm_job = os.environ.get("SLURM_JOB_ID")
    text = socket.gethostname() + (f" (Slurm job {slurm_job})" if slurm_job else "") + f" with {threads} thread(s)"
    if gpus:
        text += f", GPU(s) {os.environ.get('CUDA_VISIBLE_DEVICES', '(CUDA_VISIBLE_DEVICES unset)')}"
    return text


ACCOUNTING = re.compile(r"# Accounting: time=(\d+)s(?: max_rss=(\d+)MB)?")


def logged_accounting(log: Path) -> tuple[int, int | None] | None:
    """(seconds, peak RSS in MB or None) from a job log's accounting line; None when it has none."""
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return None
    match = next(
        (ACCOUNTING.match(line) for line in reversed(text.splitlines()) if line.startswith("# Accounting")), None
    )
    if match is None:
        return None
    return int(match[1]), int(match[2]) if match[2] else None


def run_logged(command: str, threads: int = 1, gpus: int = 0) -> int:
    """Run ``command`` with ``bash -o pipefail`` on ``threads`` threads between header and footer on stdout.

    ``gpus`` is how many GPUs the job asked for (the header then names those in
    ``$CUDA_VISIBLE_DEVICES``). Returns the command's exit code.
    """
    start = time.monotonic()
    print(f"{header(command)}# Started at {time.strftime('%F %T')} on {where_and_what(threads, gpus)}\n#", flush=True)
    env = os.environ | dict.fromkeys(THREAD_VARIABLES, str(threads))
    process = subprocess.Popen(["bash", "-o", "pipefail", "-c", command], env=env)
    _, status, usage = os.wait4(process.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    code = 128 - code if code < 0 else code  # killed by a signal: report it as bash would
    print(f"# Accounting: time={time.monotonic() - start:.0f}s max_rss={usage.ru_maxrss / 1024:.0f}MB", flush=True)
    print(f"# Ended (code {code}) at {time.strftime('%F %T')}", flush=True)
    return code


def runner_argv(array: JobArray, index: int | None, resources: Resources) -> list[str]:
    """Command line running one job of ``array`` under :func:`run_logged` (index None: Slurm's task id)."""
    argv = [sys.executable, "-m", "softassign.bin.run_job", "--num_threads", str(resources.cpus)]
    if resources.gpus:
        argv += ["--gpus", str(resources.gpus)]
    if array.var is not None:
        argv += ["--job_var", array.var]
    if index is not None:
        argv += ["--job_index", str(index)]
    return [*argv, "--", array.command_template]


def logged_exit_code(job: Job) -> int | None:
    """Exit code in ``job.log``'s footer; None if the log is missing, of another command or unfinished."""
    try:
        text = job.log.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return None
    footer = FOOTER.match(text.rstrip("\n").rpartition("\n")[2])
    return int(footer[1]) if footer and text.startswith(header(job.command)) else None


def log_tail(log: Path, lines: int = 5) -> str:
    """The last ``lines`` lines of ``log`` (empty when it does not exist)."""
    try:
        return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return ""
