"""The ``slurm`` backend: the jobs go to Slurm as one job array, submitted with ``sbatch --wait``.

One array rather than one sbatch per job: a single submission and a single
waiting client however many jobs there are, ``--max_jobs_run`` maps onto the
array's ``%N`` throttle, and one ``scancel`` stops them all (done on Ctrl-C).
Each task writes its log through ``--output``, so Slurm's own messages (time
limit, out of memory) land in the job's log too. The jobs get the caller's
environment (``--export=ALL``) and working directory; their runner sets the
thread variables (OMP_NUM_THREADS...) to ``--cpus-per-task``, and GPU jobs ask
for ``--gres=gpu:N`` (Slurm then sets their ``CUDA_VISIBLE_DEVICES``).
"""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

from softassign.errors import ConfigError
from softassign.parallel.base import register_backend
from softassign.parallel.joblog import runner_argv
from softassign.parallel.jobs import JobArray, Resources, substitute


@register_backend("slurm")
def run_slurm(array: JobArray, resources: Resources) -> None:
    """Submit the jobs of ``array`` and wait for them; cancel them if interrupted."""
    with subprocess.Popen(sbatch_argv(array, resources), stdout=subprocess.PIPE, text=True) as sbatch:
        job_id = sbatch.stdout.readline().strip().split(";")[0]
        try:
            sbatch.wait()
        except KeyboardInterrupt:
            subprocess.run(["scancel", job_id], check=False)
            raise
    if not job_id:
        raise ConfigError(f"sbatch refused the jobs of {array.log_template} (exit {sbatch.returncode}); see above")


def sbatch_argv(array: JobArray, resources: Resources) -> list[str]:
    """The ``sbatch`` command line submitting the jobs of ``array`` as one job array that runs their commands."""
    throttle = f"%{resources.max_jobs_run}" if resources.max_jobs_run else ""
    output = Path(substitute(array.log_template.replace("%", "%%"), array.var, "%a")).absolute()
    argv = [
        "sbatch",
        "--wait",
        "--parsable",
        "--export=ALL",
        f"--chdir={os.getcwd()}",
        f"--output={output}",
        f"--array={array.first}-{array.last}{throttle}",
        f"--cpus-per-task={resources.cpus}",
        f"--job-name={Path(array.log_template).name.split('.')[0]}",
    ]
    optional = {
        "--mem": resources.mem,
        "--time": resources.time,
        "--partition": resources.partition,
        "--gres": f"gpu:{resources.gpus}" if resources.gpus else None,
        "--nodes": resources.num_nodes if resources.num_nodes > 1 else None,
    }
    argv += [f"{option}={value}" for option, value in optional.items() if value is not None]
    return [*argv, "--wrap", "exec " + shlex.join(runner_argv(array, None, resources))]
