"""Per-job log files: a header naming the command, host and start time, a footer with the exit status.

A log looks like Kaldi's::

    # python -m softassign.bin.dump_units --job 3 ...
    # Started at 2025-01-01 12:00:00 on node1 (Slurm job 41_3)
    #
    ...the command's stdout and stderr...
    # Accounting: time=12s
    # Ended (code 0) at 2025-01-01 12:00:12

A rerun trusts a log (and skips its job) when it starts with the same command
and its last line says ``# Ended (code 0)``.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

from softassign.parallel.jobs import Job, JobArray

FOOTER = re.compile(r"# Ended \(code (\d+)\)")


def header(command: str) -> str:
    """The command as the log's first lines, each prefixed with ``# ``."""
    return "".join(f"# {line}\n" for line in command.split("\n"))


def run_logged(command: str) -> int:
    """Run ``command`` with ``bash -o pipefail`` between header and footer on stdout; return its exit code."""
    start = time.monotonic()
    slurm_job = os.environ.get("SLURM_JOB_ID")
    where = socket.gethostname() + (f" (Slurm job {slurm_job})" if slurm_job else "")
    print(f"{header(command)}# Started at {time.strftime('%F %T')} on {where}\n#", flush=True)
    code = subprocess.run(["bash", "-o", "pipefail", "-c", command], check=False).returncode
    code = 128 - code if code < 0 else code  # killed by a signal: report it as bash would
    print(f"# Accounting: time={time.monotonic() - start:.0f}s", flush=True)
    print(f"# Ended (code {code}) at {time.strftime('%F %T')}", flush=True)
    return code


def runner_argv(array: JobArray, index: int | None) -> list[str]:
    """Command line running one job of ``array`` under :func:`run_logged` (index None: Slurm's task id)."""
    argv = [sys.executable, "-m", "softassign.bin.run_job"]
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
