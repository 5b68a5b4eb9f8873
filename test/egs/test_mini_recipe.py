"""The mini recipe end to end at its CI size, and a rerun that finds everything done."""

from __future__ import annotations

import csv

import pytest
from recipe_tools import copy_egs, recipe_env, run_script

SETS = {"test_in", "test_voice", "test_accent", "test_real"}


def read_results(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@pytest.mark.slow
def test_mini_recipe_runs_end_to_end_and_reruns_as_a_no_op(tmp_path):
    recipe = copy_egs(tmp_path) / "mini/asr1"
    env = recipe_env()
    first = run_script(recipe, ["./run.sh", "--size", "ci"], env, timeout=1500)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-5000:]
    for units in ("mfcc_k64", "tiny_hubert_k64"):
        rows = read_results(recipe / f"exp/results_{units}/results.tsv")
        assert {r["test_set"] for r in rows} == SETS
        for test_set in SETS:
            systems = {(r["system"], r["tau_from"]) for r in rows if r["test_set"] == test_set}
            assert systems == {("hard", ""), ("soft", "grid"), ("soft", "label_free"), ("continuous", "")}
        assert all(float(r["wer"]) >= 0 and int(r["n_utts"]) > 0 for r in rows)
        table = (recipe / f"exp/results_{units}/results.md").read_text().splitlines()
        assert sum(line.startswith("| test_") for line in table[4:]) == len(rows)
    before = (recipe / "exp/results_mfcc_k64/results.tsv").read_text()
    second = run_script(recipe, ["./run.sh", "--size", "ci"], env, timeout=600)
    assert second.returncode == 0, second.stderr[-3000:]
    assert "stage 6: ESPnet ASR" in second.stderr  # stages are entered, their outputs found done
    assert "decoding" not in second.stderr and "epoch" not in second.stderr
    assert (recipe / "exp/results_mfcc_k64/results.tsv").read_text() == before
