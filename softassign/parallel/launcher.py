"""Launch a job array on a backend: every job runs, each rewriting its log, and the failed ones are found.

There is no skipping of jobs whose log says they succeeded: a command's inputs
may change while its command line does not. Jobs that can be resumed skip
their own finished work (e.g. ``.done`` records of their outputs).
"""

from __future__ import annotations

from dataclasses import dataclass

from softassign.errors import ConfigError
from softassign.parallel.base import BACKENDS
from softassign.parallel.joblog import logged_exit_code
from softassign.parallel.jobs import Job, JobArray, Resources


@dataclass(frozen=True)
class Outcome:
    """The jobs that failed: their log's footer has a non-zero exit code, or there is no footer."""

    failed: list[Job]


def launch(array: JobArray, resources: Resources, backend: str = "local") -> Outcome:
    """Run all the jobs of ``array`` on ``backend``, each with a fresh log, and wait for them."""
    if backend not in BACKENDS:
        raise ConfigError(f"unknown backend {backend!r}; known: {sorted(BACKENDS)}")
    jobs = array.jobs()
    for job in jobs:
        job.log.parent.mkdir(parents=True, exist_ok=True)
        job.log.unlink(missing_ok=True)  # a job that never starts must not leave an old footer behind
    BACKENDS[backend](array, resources)
    return Outcome([job for job in jobs if logged_exit_code(job) != 0])
