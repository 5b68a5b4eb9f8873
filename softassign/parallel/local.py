"""The ``local`` backend: jobs run as subprocesses on this machine, at most ``max_jobs_run`` at once."""

from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor

from softassign.errors import ConfigError
from softassign.parallel.base import register_backend
from softassign.parallel.joblog import runner_argv
from softassign.parallel.jobs import JobArray, Resources


@register_backend("local")
def run_local(array: JobArray, indices: list[int], resources: Resources) -> None:
    """Run the jobs ``indices`` of ``array``, each writing its own log; mem/time/GPU requests are ignored."""
    if resources.num_nodes > 1:
        raise ConfigError("the local backend runs on this machine only; --num_nodes must be 1")
    with ThreadPoolExecutor(resources.max_jobs_run or len(indices)) as pool:
        list(pool.map(lambda index: run_job(array, index), indices))


def run_job(array: JobArray, index: int) -> None:
    """Run job ``index`` with its stdout and stderr going to its log."""
    with open(array.job(index).log, "w", encoding="utf-8") as log:
        subprocess.run(runner_argv(array, index), stdout=log, stderr=subprocess.STDOUT, check=False)
