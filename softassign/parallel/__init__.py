"""Job launching, Kaldi ``run.pl``/``queue.pl`` style: ``JOB=1:N LOGFILE COMMAND`` on a backend.

Backends: ``local`` (:mod:`softassign.parallel.local`, subprocesses) and
``slurm`` (:mod:`softassign.parallel.slurm`, one ``sbatch --wait`` job array).
The command line is ``python -m softassign.bin.launch``; in Python::

    outcome = launch(parse_job_array(["JOB=1:4", "log/x.JOB.log", "echo JOB"]), Resources(), "local")
"""

from softassign.parallel import local, slurm  # noqa: F401  (registers the backends)
from softassign.parallel.base import BACKENDS, register_backend
from softassign.parallel.jobs import Job, JobArray, Resources, parse_job_array
from softassign.parallel.launcher import Outcome, launch

__all__ = ["BACKENDS", "Job", "JobArray", "Outcome", "Resources", "launch", "parse_job_array", "register_backend"]
