"""scripts/stage_lib.sh's run_functions: stages 6-8 one after another, or side by side (asr.sh
--train_side_by_side true); side by side, a failure of one fails the call only after the others finished."""

from __future__ import annotations

import subprocess
from pathlib import Path

from recipe_tools import ROOT

STAGE_LIB = ROOT / "egs/TEMPLATE/asr1/scripts/stage_lib.sh"
#: ``first`` waits (10 s at most) for the file ``second`` writes: it finds it only when they run side by side.
FUNCTIONS = """
set -euo pipefail
train_cmd=true cuda_cmd=true
. {lib}
first() {{ for _ in $(seq 100); do [[ -f second ]] && {{ echo first > first; return 0; }}; sleep 0.1; done; return 1; }}
second() {{ echo second > second; }}
failing() {{ false; echo not reached > failing; }}
run_functions "$@"
"""


def run_functions(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    script = tmp_path / "run.sh"
    script.write_text(FUNCTIONS.format(lib=STAGE_LIB))
    return subprocess.run(
        ["bash", script, *args], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False
    )


def test_side_by_side_runs_the_functions_at_the_same_time(tmp_path: Path) -> None:
    assert run_functions(tmp_path, "true", "first", "second").returncode == 0
    assert (tmp_path / "first").read_text() == "first\n"


def test_one_after_another_runs_them_in_order(tmp_path: Path) -> None:
    assert run_functions(tmp_path, "false", "second", "first").returncode == 0
    assert (tmp_path / "first").exists()


def test_in_order_the_first_cannot_see_the_second(tmp_path: Path) -> None:
    assert run_functions(tmp_path, "false", "first", "second").returncode != 0
    assert not (tmp_path / "second").exists(), "a failure stops the functions after it"


def test_side_by_side_a_failure_fails_the_call_after_the_others_finished(tmp_path: Path) -> None:
    done = run_functions(tmp_path, "true", "failing", "first", "second")
    assert done.returncode != 0
    assert not (tmp_path / "failing").exists(), "errexit holds inside a function run side by side"
    assert (tmp_path / "first").exists() and (tmp_path / "second").exists()


def test_no_functions_is_nothing_to_do(tmp_path: Path) -> None:
    assert run_functions(tmp_path, "true").returncode == 0
    assert run_functions(tmp_path, "false").returncode == 0
