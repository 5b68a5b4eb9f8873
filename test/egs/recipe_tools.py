"""Running recipes in a scratch copy of egs/ (imported by name by the recipe tests).

The recipes write data/, dump/ and exp/ into their own dir, so tests copy egs/ (symlinks kept,
outputs of earlier runs left out) into a tmp dir and run there with this checkout's venv. Every run
gets a session (process group) of its own, so that a SIGKILL of its group (the kill tests, the fail
points of softassign.failpoints) takes down the recipe and all its jobs, never the test runner.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
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


def run_killed_after(recipe: Path, args: list[str], env: dict[str, str], seconds: float) -> int:
    """Run ``args`` and SIGKILL its whole process group after ``seconds`` (if still running); its return code."""
    with subprocess.Popen(
        args, cwd=recipe, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    ) as proc:
        try:
            return proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            return proc.wait()
