"""The ``local`` backend: jobs run as subprocesses on this machine, a limited number at once.

At most ``max_jobs_run`` jobs run at once, by default as many as this process
has CPUs. Jobs asking for GPUs (``--gpu N``) also take turns with the visible
GPUs: each running job holds N of them, named in its ``CUDA_VISIBLE_DEVICES``,
so no more than floor(visible / N) run at once. The visible GPUs are those in
``$CUDA_VISIBLE_DEVICES`` when it is set (empty: none), else those that
``nvidia-smi -L`` lists. Memory, time and partition requests are ignored.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from queue import SimpleQueue

from softassign.errors import ConfigError
from softassign.parallel.base import register_backend
from softassign.parallel.joblog import runner_argv
from softassign.parallel.jobs import JobArray, Resources

Slot = dict[str, str]  # what a running job holds: the environment variables it gets on top of the caller's


@register_backend("local")
def run_local(array: JobArray, resources: Resources) -> None:
    """Run the jobs of ``array``, each writing its own log, no more at once than there are job slots."""
    if resources.num_nodes > 1:
        raise ConfigError("the local backend runs on this machine only; --num_nodes must be 1")
    slots = job_slots(array, resources)
    free: SimpleQueue[Slot] = SimpleQueue()
    for slot in slots:
        free.put(slot)
    with ThreadPoolExecutor(min(len(slots), len(array.indices))) as pool:
        list(pool.map(lambda index: run_in_a_free_slot(array, index, resources, free), array.indices))


def job_slots(array: JobArray, resources: Resources) -> list[Slot]:
    """One slot per job that may run at once; for GPU jobs each slot holds its own GPUs.

    ``max_jobs_run`` (default: the CPU count divided by the threads each job
    reserves, at least 1), and for GPU jobs at most one job per set of
    ``gpus`` visible GPUs. Raises ConfigError, naming the jobs, when they ask
    for more GPUs than are visible.
    """
    limit = resources.max_jobs_run or max(1, cpu_count() // max(1, resources.cpus))
    if not resources.gpus:
        return [{} for _ in range(limit)]
    gpus = visible_gpus()
    per_job = resources.gpus
    gpu_sets = [gpus[start : start + per_job] for start in range(0, len(gpus) - per_job + 1, per_job)]
    if not gpu_sets:
        raise ConfigError(
            f"the jobs of {array.log_template} ({array.command_template}) ask for {per_job} GPU(s) each, "
            f"but {len(gpus)} are visible ($CUDA_VISIBLE_DEVICES when set, else nvidia-smi -L); "
            "run them with --gpu 0 on the CPU, or on a machine with GPUs"
        )
    return [{"CUDA_VISIBLE_DEVICES": ",".join(gpu_set)} for gpu_set in gpu_sets[:limit]]


def cpu_count() -> int:
    """The CPUs this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def visible_gpus() -> list[str]:
    """GPU ids of ``$CUDA_VISIBLE_DEVICES`` when set ('' = none), else of ``nvidia-smi -L``, else none."""
    if "CUDA_VISIBLE_DEVICES" in os.environ:
        return [gpu.strip() for gpu in os.environ["CUDA_VISIBLE_DEVICES"].split(",") if gpu.strip()]
    if shutil.which("nvidia-smi") is None:
        return []
    listing = subprocess.run(["nvidia-smi", "-L"], capture_output=True, text=True, check=False)
    return re.findall(r"^GPU (\d+):", listing.stdout, flags=re.MULTILINE) if listing.returncode == 0 else []


def run_in_a_free_slot(array: JobArray, index: int, resources: Resources, free: SimpleQueue[Slot]) -> None:
    """Take a free slot, run job ``index`` in it, give the slot back."""
    slot = free.get()
    try:
        run_job(array, index, resources, slot)
    finally:
        free.put(slot)


def run_job(array: JobArray, index: int, resources: Resources, slot: Slot) -> None:
    """Run job ``index`` with the environment of ``slot`` added, its stdout and stderr going to its log."""
    with open(array.job(index).log, "w", encoding="utf-8") as log:
        argv = runner_argv(array, index, resources)
        subprocess.run(argv, stdout=log, stderr=subprocess.STDOUT, env=os.environ | slot, check=False)
