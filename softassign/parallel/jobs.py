"""What to launch: ``[JOB=a:b] LOGFILE COMMAND...`` parsed into jobs, and the resources they ask for."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from softassign.errors import ConfigError

JOB_RANGE = re.compile(r"([A-Za-z_]\w*)=(\d+):(\d+)")


@dataclass(frozen=True)
class Resources:
    """What each job asks for. ``cpus`` is also its threads (OMP_NUM_THREADS...) on every backend.

    The local backend ignores ``mem``, ``time`` and ``partition``; it runs at most
    ``max_jobs_run`` jobs at once (None: the CPU count), GPU jobs at most one per
    ``gpus`` visible GPUs. On Slurm, None means no limit of its own.
    """

    mem: str | None = None
    cpus: int = 1
    gpus: int = 0
    time: str | None = None
    partition: str | None = None
    num_nodes: int = 1
    max_jobs_run: int | None = None


@dataclass(frozen=True)
class Job:
    """One job: its index, its log file and the bash command it runs."""

    index: int
    log: Path
    command: str


@dataclass(frozen=True)
class JobArray:
    """Jobs ``first``..``last`` of one command; ``var`` (``JOB``) in log and command becomes the index."""

    var: str | None
    first: int
    last: int
    log_template: str
    command_template: str

    def job(self, index: int) -> Job:
        """Job ``index`` with ``var`` substituted in its log path and command."""
        log = substitute(self.log_template, self.var, index)
        return Job(index, Path(log), substitute(self.command_template, self.var, index))

    @property
    def indices(self) -> range:
        """The job indices, ``first``..``last``."""
        return range(self.first, self.last + 1)

    def jobs(self) -> list[Job]:
        """All the jobs, in index order."""
        return [self.job(index) for index in self.indices]


def substitute(template: str, var: str | None, index: int | str) -> str:
    """``template`` with every occurrence of ``var`` replaced by ``index`` (as is when ``var`` is None)."""
    return template if var is None else template.replace(var, str(index))


def join_command(words: list[str]) -> str:
    """One bash command line from COMMAND words, as Kaldi's run.pl does.

    A single word is a bash snippet taken as is (``"a | b"``); otherwise words
    with whitespace (or empty ones) are quoted and the others (``|``, ``>``,
    ``$x``) are kept as they are, so the shell still sees pipes and redirections.
    """
    if len(words) == 1:
        return words[0]
    return " ".join(word if re.fullmatch(r"\S+", word) else shlex.quote(word) for word in words)


def parse_job_array(words: list[str]) -> JobArray:
    """Parse ``[VAR=a:b] LOGFILE COMMAND...``; without a range there is one job, index 1."""
    var, first, last = None, 1, 1
    job_range = JOB_RANGE.fullmatch(words[0]) if words else None
    if job_range:
        var, first, last = job_range[1], int(job_range[2]), int(job_range[3])
        words = words[1:]
    if len(words) < 2:
        raise ConfigError("expected [JOB=a:b] LOGFILE COMMAND...")
    if first > last:
        raise ConfigError(f"empty job range {var}={first}:{last}")
    if last > first and var not in words[0]:
        raise ConfigError(f"{words[0]}: {last - first + 1} jobs would share this log file; put {var} in its name")
    return JobArray(var, first, last, words[0], join_command(words[1:]))
