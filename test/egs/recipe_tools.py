"""Running recipes in a scratch copy of egs/ (imported by name by the recipe tests).

The recipes write data/, dump/ and exp/ into their own dir, so tests copy egs/ (symlinks kept,
outputs of earlier runs left out) into a tmp dir and run there with this checkout's venv. Every run
gets a session (process group) of its own, so that a SIGKILL of its group (the kill tests, the fail
points of softassign.failpoints) takes down the recipe and all its jobs, never the test runner.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def copy_egs(dest: Path) -> Path:
    """Copy ROOT/egs to ``dest/egs`` without recipe outputs; returns the copy."""
    outputs = shutil.ignore_patterns("data", "dump", "exp")
    return Path(shutil.copytree(ROOT / "egs", dest / "egs", symlinks=True, ignore=outputs))


def recipe_env(**extra: str) -> dict[str, str]:
    """The environment of a recipe run: this checkout's venv, one thread, local jobs, plus ``extra``."""
    return {
        **os.environ,
        "SOFTASSIGN_VENV": str(ROOT / "tools/venv"),
        "OMP_NUM_THREADS": "1",
        "cmd_backend": "local",
        **extra,
    }


def run_script(recipe: Path, args: list[str], env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess:
    """Run ``args`` (e.g. ``["./run.sh", ...]``) in the recipe dir, in a session of its own; output captured."""
    return subprocess.run(
        args, cwd=recipe, env=env, capture_output=True, text=True, timeout=timeout, check=False, start_new_session=True
    )


def living_members(pgid: int) -> list[int]:
    """Pids of the processes of group ``pgid`` that have not exited (zombies left out: this machine's init may
    never reap the orphans of a killed group)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                members.append(int(stat.parent.name))
    return members


def run_killed_after(recipe: Path, args: list[str], env: dict[str, str], seconds: float) -> int:
    """Run ``args`` and SIGKILL its whole process group after ``seconds`` (if still running); its return code.

    Returns once every process of the group is gone: SIGKILL takes effect asynchronously, and a job's process
    still exiting (a DataLoader worker, say) holds the recipe's run lock until it has.
    """
    with subprocess.Popen(
        args, cwd=recipe, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    ) as proc:
        try:
            return proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            code = proc.wait()
    deadline = time.monotonic() + 60
    while living_members(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return code
