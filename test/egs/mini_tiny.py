"""The mini recipe at its tiny size, run end to end in a scratch copy: the starting point of the mini recipe tests
(test_mini_recipe, test_mini_recipe_kills), each module with a run of its own so that pytest-xdist can run them
side by side."""

from __future__ import annotations

from pathlib import Path

from recipe_tools import copy_egs, recipe_env, run_script

RUN = ["./run.sh", "--size", "tiny"]
UNITS = "mfcc_k16"


def run_tiny_recipe(root: Path) -> Path:
    """Copy egs/ into ``root``, run the mini recipe there end to end at its tiny size; the recipe dir."""
    recipe = copy_egs(root) / "mini/asr1"
    first = run_script(recipe, RUN, recipe_env(), timeout=1200)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-5000:]
    return recipe
