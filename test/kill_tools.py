"""Running an entry point as the recipe runs it, in a process group of its own, optionally killed by a fail point."""

import os
import subprocess
import sys

from softassign.failpoints import ENV


def run_module(module: str, args: list[str], kill_at: str | None = None) -> int:
    """``python -m module args`` with ``SOFTASSIGN_KILL_AT=kill_at`` (if given); its exit code (negative: signal)."""
    env = {k: v for k, v in os.environ.items() if k != ENV} | ({ENV: kill_at} if kill_at else {})
    argv = [sys.executable, "-m", module, *args]
    return subprocess.run(argv, env=env, start_new_session=True, capture_output=True, check=False).returncode
