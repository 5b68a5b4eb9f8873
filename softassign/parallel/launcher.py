"""Launch a job array on a backend, redoing only the jobs that have not already succeeded."""

from __future__ import annotations

from dataclasses import dataclass

from softassign.errors import ConfigError
from softassign.parallel.base import BACKENDS
from softassign.parallel.joblog import logged_exit_code
from softassign.parallel.jobs import Job, JobArray, Resources


@dataclass(frozen=True)
class Outcome:
    """Which jobs were skipped (their logs say they succeeded) and which failed."""

    skipped: list[Job]
    failed: list[Job]


def launch(array: JobArray, resources: Resources, backend: str = "local", rerun_all: bool = False) -> Outcome:
    """Run the jobs of ``array`` on ``backend`` and wait for them; skip succeeded ones unless ``rerun_all``."""
    if backend not in BACKENDS:
        raise ConfigError(f"unknown backend {backend!r}; known: {sorted(BACKENDS)}")
    jobs = array.jobs()
    skipped = [] if rerun_all else [job for job in jobs if logged_exit_code(job) == 0]
    todo = [job for job in jobs if job not in skipped]
    for job in todo:
        job.log.parent.mkdir(parents=True, exist_ok=True)
        job.log.unlink(missing_ok=True)
    if todo:
        BACKENDS[backend](array, [job.index for job in todo], resources)
    return Outcome(skipped, [job for job in todo if logged_exit_code(job) != 0])
