"""The mini recipe end to end at its tiny size, a rerun that finds everything current, a rerun after an option
change that redoes exactly what it affects, and its packed models (the kill test: test_mini_recipe_kills)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from mini_tiny import RUN, UNITS, run_tiny_recipe
from recipe_tools import recipe_env, run_script

pytestmark = pytest.mark.slow

SETS = {"test_in", "test_voice", "test_accent", "test_real"}


def read_results(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@pytest.fixture(scope="module")
def recipe(tmp_path_factory) -> Path:
    """The mini recipe run end to end at its tiny size."""
    return run_tiny_recipe(tmp_path_factory.mktemp("mini"))


def test_every_set_has_every_system(recipe):
    rows = read_results(recipe / f"exp/results_{UNITS}/results.tsv")
    assert {r["test_set"] for r in rows} == SETS
    for test_set in SETS:
        systems = {(r["system"], r["tau_from"]) for r in rows if r["test_set"] == test_set}
        assert systems == {
            ("hard", ""),
            ("soft", "grid"),
            ("soft", "label_free"),
            ("continuous", ""),
            ("espnet_asr2", ""),
        }
    for row in rows:  # soft rows: the difference to hard and to continuous, with its bootstrap interval
        compared = row["system"] == "soft"
        for column in ("wer_vs_hard", "cer_vs_hard_ci95", "wer_vs_continuous", "cer_vs_continuous_ci95"):
            assert bool(row[column]) == compared, (row, column)
    table = (recipe / f"exp/results_{UNITS}/results.md").read_text().splitlines()
    assert sum(line.startswith("| test_") for line in table[4:]) == len(rows)
    for row in rows:
        hyps = (recipe / "exp" / decode_dir(row) / "text").read_text().splitlines()
        assert len(hyps) == int(row["n_utts"]) > 0 and float(row["cer"]) >= 0
    espnet_results = (recipe / f"exp/results_{UNITS}/RESULTS.md").read_text()
    for exp in (f"asr_{UNITS}", "asr_mfcc_continuous", f"asr2_{UNITS}"):
        assert f"## exp/{exp}\n### WER" in espnet_results
    assert espnet_results.count("|decode_test_in_") == 2 * 5  # WER and CER rows of each system of test_in
    assert (recipe / f"exp/results_{UNITS}/tau_sweep_cer.png").read_bytes().startswith(b"\x89PNG")
    claims = (recipe / f"exp/results_{UNITS}/claims.md").read_text()
    for claim in ("in-domain: soft beats hard", "non-native: soft beats continuous", "the best tau grows"):
        assert f"| {claim}" in claims
    assert "test_voice" in claims and "test_accent" in claims


def decode_dir(row: dict) -> str:
    """The decode dir of a results row."""
    if row["system"] == "continuous":
        return f"asr_mfcc_continuous/decode_{row['test_set']}_continuous"
    if row["system"] == "espnet_asr2":
        return f"asr2_{UNITS}/decode_{row['test_set']}_espnet_asr2"
    name = {"hard": "hard", "grid": f"soft_tau{row['tau']}", "label_free": "soft_label_free"}
    return f"asr_{UNITS}/decode_{row['test_set']}_{name[row['tau_from'] or row['system']]}"


def test_a_rerun_finds_everything_current(recipe):
    before = (recipe / f"exp/results_{UNITS}/results.tsv").read_text()
    second = run_script(recipe, RUN, recipe_env(), timeout=600)
    assert second.returncode == 0, second.stderr[-3000:]
    assert "stage 1: data dirs are done" in second.stderr
    for logged_when_a_job_runs in ("jobs) -> ", "job) -> ", "decoding", "training", "redoing"):
        assert logged_when_a_job_runs not in second.stderr
    assert (recipe / f"exp/results_{UNITS}/results.tsv").read_text() == before


def test_another_tau_decodes_only_the_new_tau(recipe):
    calibration = recipe / f"exp/asr_{UNITS}/tau_calibration.json"
    label_free = {s: (recipe / f"exp/asr_{UNITS}/label_free_tau_{s}.txt").read_text() for s in SETS}
    changed = run_script(recipe, [*RUN, "--stage", "9", "--taus", "40 80"], recipe_env(), timeout=600)
    assert changed.returncode == 0, changed.stderr[-3000:]
    # the calibration decodes dev at the new tau only and picks again among both
    assert changed.stderr.count("decoding 1 set/system pairs") == 1
    assert "calibrating the label-free tau on dev (taus 40 80)" in changed.stderr
    assert set(json.loads(calibration.read_text())["error_rates"]) == {"40", "80"}
    moved = sum(label_free[s] != (recipe / f"exp/asr_{UNITS}/label_free_tau_{s}.txt").read_text() for s in SETS)
    # test_* x tau 80, and the label-free decodes whose tau moved with the calibration, with the unit model
    assert changed.stderr.count(f"decoding {4 + moved} set/system pairs") == 1
    assert "asr_mfcc_continuous/valid" not in changed.stderr and f"asr2_{UNITS}/valid" not in changed.stderr
    rows = read_results(recipe / f"exp/results_{UNITS}/results.tsv")
    assert {r["tau"] for r in rows if r["tau_from"] == "grid"} == {"40", "80"}
    for test_set in [*SETS, "dev"]:  # back to the recipe's own grid, for the kill test below
        shutil.rmtree(recipe / f"exp/asr_{UNITS}/decode_{test_set}_soft_tau80")
    assert run_script(recipe, [*RUN, "--stage", "9"], recipe_env()).returncode == 0
    assert set(json.loads(calibration.read_text())["error_rates"]) == {"40"}


def test_another_tau_pick_redoes_the_calibration_and_no_decode_whose_tau_it_keeps(recipe):
    calibration = recipe / f"exp/asr_{UNITS}/tau_calibration.json"
    label_free = {s: (recipe / f"exp/asr_{UNITS}/label_free_tau_{s}.txt").read_text() for s in SETS}
    changed = run_script(recipe, [*RUN, "--stage", "9", "--tau_pick", "grid"], recipe_env(), timeout=600)
    assert changed.returncode == 0, changed.stderr[-3000:]
    assert "calibrating the label-free tau on dev" in changed.stderr
    assert "label-free tau (calibrated) of" in changed.stderr  # the taus are moved from the new calibration
    picked = json.loads(calibration.read_text())
    assert picked["pick"] == "grid" and picked["tau"] == picked["grid_tau"]
    # a grid of one tau (conf/tiny.sh): both picks give it, so every label-free tau and every decode is kept
    assert label_free == {s: (recipe / f"exp/asr_{UNITS}/label_free_tau_{s}.txt").read_text() for s in SETS}
    assert "decoding" not in changed.stderr
    assert run_script(recipe, [*RUN, "--stage", "9"], recipe_env()).returncode == 0  # back to the default pick
    assert json.loads(calibration.read_text())["pick"] == "parabola"


def test_stage_11_packs_the_models_and_a_pack_decodes_as_its_exp_dir(recipe):
    packed = run_script(recipe, [*RUN, "--stage", "11", "--pack", "true"], recipe_env(), timeout=600)
    assert packed.returncode == 0 and packed.stderr.count("INFO: packed ") == 2, packed.stderr[-3000:]
    packs = recipe / "exp/packs"
    assert sorted(p.name for p in packs.glob("*.zip")) == [
        "asr_mfcc_continuous_valid.acc.ave.zip",
        f"asr_{UNITS}_valid.acc.ave.zip",
    ]
    beam = ["--beam_size", "2", "--ctc_weight", "0.3", "--maxlenratio", "0.3"]  # conf/tiny.sh's inference_args
    decoded = run_script(
        recipe,
        [
            f"{recipe_env()['SOFTASSIGN_VENV']}/bin/python",
            "-m",
            "softassign.bin.decode_pack",
            "--pack",
            f"exp/packs/asr_{UNITS}_valid.acc.ave.zip",
            "--data_dir",
            "data/test_in",
            "--output_dir",
            "exp/pack_decode",
            *beam,
        ],
        recipe_env(),
    )
    assert decoded.returncode == 0, decoded.stderr[-3000:]
    hard = (recipe / f"exp/asr_{UNITS}/decode_test_in_hard/text").read_text()
    assert (recipe / "exp/pack_decode/text").read_text() == hard  # from audio, as the exp dir did from its ids
    shutil.rmtree(recipe / "exp/pack_decode")
    again = run_script(recipe, [*RUN, "--stage", "11", "--pack", "true"], recipe_env(), timeout=600)
    assert again.returncode == 0 and "INFO: packed " not in again.stderr
