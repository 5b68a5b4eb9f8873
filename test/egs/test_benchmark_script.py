"""tools/benchmark.sh as the bench report's commands run it, at the mini recipe's tiny size: the recipe (stage 1),
the micro-benchmarks (stage 3: decoding speed, both k-means, memory, k-means at a synthetic shape) with their
sizes shrunk by options, and the report (stage 4). Stage 2 needs the shared data dir's real speech: skipped here.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from recipe_tools import ROOT, copy_egs, recipe_env, run_script

pytestmark = pytest.mark.slow

#: Stage 3's sizes shrunk to the tiny corpus (12 training utterances, K=16).
MICRO = [
    *("--decode_clusters", "16", "--decode_train_utts", "8", "--decode_utts", "2", "--decode_repeats", "1"),
    *("--kmeans_clusters", "4", "--memory_utts", "4"),
    *("--shape_frames", "3000", "--shape_dim", "8", "--shape_clusters", "4"),
]


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """A scratch copy of egs/ and tools/benchmark.sh, with benchmark.sh run through stages 1, 3 and 4."""
    root = tmp_path_factory.mktemp("benchmark")
    copy_egs(root)
    (root / "tools").mkdir()
    shutil.copy2(ROOT / "tools/benchmark.sh", root / "tools/benchmark.sh")
    args = ["tools/benchmark.sh", "--size", "tiny", "--shared_root", str(root / "no_shared_data"), *MICRO]
    run = run_script(root, args, recipe_env(), timeout=1200)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-5000:]
    return root


def test_the_report_holds_the_recipe_results_and_every_micro_benchmark(checkout):
    out = checkout / "egs/mini/asr1/exp/benchmark"
    with open(out / "micro_benchmarks.tsv", newline="") as f:
        benchmarks = {row["benchmark"] for row in csv.DictReader(f, delimiter="\t")}
    assert benchmarks == {"decode_speed", "kmeans_k4", "memory", "kmeans_8d_k4"}
    with open(out / "report.tsv", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    assert {row["test_set"] for row in rows} >= {"test_in", "test_voice", "test_accent"}
    report = (out / "report.md").read_text()
    assert "decode_speed" in report and "kmeans_8d_k4" in report
    assert (out / "tau_sweep_mfcc.png").read_bytes().startswith(b"\x89PNG")
    assert not (out / "micro/frames_8d").exists()  # the synthetic frames are removed once measured
    assert not (out / "analysis_mfcc").exists()  # no real speech, no phone analysis


def test_a_rerun_of_the_recipe_stage_finds_it_current(checkout):
    rerun = run_script(checkout, ["tools/benchmark.sh", "--size", "tiny", "--stop_stage", "1"], recipe_env())
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    for logged_when_a_job_runs in ("jobs) -> ", "job) -> ", "decoding", "training"):
        assert logged_when_a_job_runs not in rerun.stderr
