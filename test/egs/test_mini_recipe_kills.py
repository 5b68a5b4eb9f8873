"""The kill test of the mini recipe at its tiny size: every stage killed (SIGKILL of the whole process group) at
seeded moments, also inside an ark, a record or an ESPnet checkpoint write, then rerun; every output equals the
uninterrupted run's (bytes, or tensors for model files).

The test runs in a finished recipe dir, one stage after another: the stage's outputs are moved aside as the
reference, the stage is run with a kill, then again; the outputs are compared with the reference. Paths are then
the same as in the uninterrupted run, and later stages' outputs stay current when the redone stage reproduces its
outputs exactly (their records digest the records of its outputs).
"""

from __future__ import annotations

import filecmp
import random
import shutil
from pathlib import Path

import pytest
import torch
from mini_tiny import RUN, UNITS, run_tiny_recipe
from recipe_tools import recipe_env, run_killed_after, run_script

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def recipe(tmp_path_factory) -> Path:
    """The mini recipe run end to end at its tiny size, a run of this module's own."""
    return run_tiny_recipe(tmp_path_factory.mktemp("mini_kills"))


#: Outputs of each stage (relative to the recipe dir); globs for the decode dirs.
STAGE_OUTPUTS = {
    1: ["data"],
    2: ["dump/data/train_kmeans", "dump/mfcc/train_kmeans"],
    3: [f"exp/kmeans_{UNITS}"],
    4: [f"dump/{UNITS}"],
    5: ["data/token_list/char"],
    6: [f"exp/stats_{UNITS}", f"exp/asr_{UNITS}"],
    7: ["exp/stats_mfcc_continuous", "exp/asr_mfcc_continuous"],
    8: [
        f"dump/{UNITS}/train/text.rm*",
        f"dump/{UNITS}/dev/text.rm*",
        f"data/token_list/src_bpe_{UNITS}_rm30",
        f"exp/stats_asr2_{UNITS}",
        f"exp/asr2_{UNITS}",
    ],
    9: [
        f"exp/asr_{UNITS}/decode_*",
        f"exp/asr_{UNITS}/label_free_tau_*",
        f"exp/asr_{UNITS}/tau_calibration.json*",
        f"exp/asr_{UNITS}/calibration",
        "exp/asr_mfcc_continuous/decode_*",
        f"dump/{UNITS}/test_*/text.rm*",
        f"exp/asr2_{UNITS}/decode_*",
    ],
    10: [f"exp/results_{UNITS}", "exp/asr*_*/decode_*/result.tsv"],
}
#: Where each stage is killed: a fail point (softassign.failpoints) and the range of its arrival count, or a
#: delay range in seconds for a kill of the whole process group from outside.
KILLS = {
    1: [("after", 4, 12)],  # inside the synthesis: the rerun speaks every unfinished wav again, bit for bit
    2: [("ark_entry", 1, 5)],
    3: [("kmeans_pass", 1, 2), ("before_rename", 1, 1)],
    4: [("ark_entry", 2, 10)],
    5: [("before_rename", 1, 1)],
    6: [("before_rename", 3, 3), ("after", 8, 20)],  # the 3rd save: epoch 2's checkpoint.pth, then a timed kill
    7: [("before_rename", 1, 2), ("after", 8, 20)],
    8: [("before_rename", 2, 4), ("after", 8, 20)],  # the source BPE or shapes, then a timed kill
    9: [("decode_utterance", 1, 3), ("after", 5, 15)],
    10: [("before_rename", 1, 1)],
}
#: Files that differ between runs by nature (wall-clock statistics, logs, transient plans, the date and checkout
#: in RESULTS.md's environment block).
VOLATILE = ("checkpoint.pth", "checkpoint.prev.pth", "decode_plan.tsv", "RESULTS.md")
#: Outputs of later stages inside a stage's output dirs (name prefixes): not its to compare; put back after the
#: rerun. The token lists live in stage 1's data dir, the unit texts of stages 8 and 9 in stage 4's unit dirs,
#: decode dirs in the exp dirs.
LATER_OUTPUTS = {
    1: ("token_list",),
    4: ("text.rm",),
    6: ("decode_", "label_free_tau_", "tau_calibration", "calibration"),
    7: ("decode_",),
    8: ("decode_",),
}


def stage_paths(recipe: Path, stage: int) -> list[Path]:
    return sorted(p for pattern in STAGE_OUTPUTS[stage] for p in recipe.glob(pattern))


def output_files(paths: list[Path], root: Path, stage: int) -> dict[str, Path]:
    """The outputs to compare, by path relative to ``root``."""
    files = {}
    for path in paths:
        for file in [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()):
            rel = file.relative_to(root)
            if "log" in rel.parts or file.suffix in (".log", ".tmp") or file.name in VOLATILE or ".old" in str(rel):
                continue
            if stage in LATER_OUTPUTS and any(part.startswith(LATER_OUTPUTS[stage]) for part in rel.parts):
                continue
            if stage == 9 and file.name == "result.tsv":  # stage 10's, in the decode dirs
                continue
            files[str(rel)] = file
    return files


def put_back_later_outputs(reference: Path, recipe: Path, stage: int) -> None:
    """Move later stages' outputs that were moved aside with this stage's outputs back into place."""
    for path in sorted(reference.rglob("*")):
        if path.name.startswith(LATER_OUTPUTS[stage]) and path.exists():
            shutil.move(path, recipe / path.relative_to(reference))


def same_output(ours: Path, theirs: Path) -> bool:
    """Bytes equal; for PyTorch files, every tensor equal."""
    if ours.suffix == ".pth" or ours.name.endswith(".pt"):
        a, b = (torch.load(p, map_location="cpu", weights_only=True) for p in (ours, theirs))
        return a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)
    return filecmp.cmp(ours, theirs, shallow=False)


def kill_and_resume(recipe: Path, stage: int, point: str, low: int, high: int, rng: random.Random) -> str:
    """Run ``stage`` with a kill at a seeded moment, then again to completion; returns what was done."""
    args = [*RUN, "--stage", str(stage), "--stop_stage", str(stage)]
    if point == "after":
        delay = rng.uniform(low, high)
        code = run_killed_after(recipe, args, recipe_env(), delay)
        done = f"killed after {delay:.1f} s (exit {code})"
    else:
        count = rng.randint(low, high)
        killed = run_script(recipe, args, recipe_env(SOFTASSIGN_KILL_AT=f"{point}:{count}"), timeout=600)
        assert killed.returncode != 0, f"stage {stage} was not killed at {point}:{count}"
        done = f"killed at {point}:{count}"
    resumed = run_script(recipe, args, recipe_env(), timeout=900)
    assert resumed.returncode == 0, f"stage {stage} after {done}:\n{resumed.stderr[-4000:]}"
    return done


@pytest.mark.parametrize("stage", sorted(KILLS))
def test_a_stage_killed_anywhere_resumes_to_the_same_outputs(recipe, stage, tmp_path):
    rng = random.Random(stage)  # seeded moments
    reference = tmp_path / "reference"
    for point, low, high in KILLS[stage]:
        for path in stage_paths(recipe, stage):  # the uninterrupted outputs become the reference
            target = reference / path.relative_to(recipe)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.rmtree(target, ignore_errors=True)
            shutil.move(path, target)
        done = kill_and_resume(recipe, stage, point, low, high, rng)
        ours, theirs = (
            output_files(stage_paths(recipe, stage), recipe, stage),
            output_files([reference], reference, stage),
        )
        assert sorted(ours) == sorted(theirs), f"stage {stage} {done}: other files"
        differ = [name for name in ours if not same_output(ours[name], theirs[name])]
        assert not differ, f"stage {stage} {done}: these outputs differ from the uninterrupted run: {differ}"
        if stage in LATER_OUTPUTS:
            put_back_later_outputs(reference, recipe, stage)
        shutil.rmtree(reference)
    after = run_script(recipe, RUN, recipe_env(), timeout=600)  # later stages are still current
    assert after.returncode == 0 and "redoing" not in after.stderr, after.stderr[-3000:]
