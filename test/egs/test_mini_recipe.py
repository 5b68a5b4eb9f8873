"""The mini recipe end to end at its tiny size, a rerun that finds everything current, a rerun after an option
change that redoes exactly what it affects, tools/benchmark.sh on the finished recipe (the bench report's commands:
the recipe stage, the micro-benchmarks with their sizes shrunk by options, the report), and the kill test: every
stage killed (SIGKILL of the whole process group) at seeded moments, also inside an ark, a record or an ESPnet
checkpoint write, then rerun; every output equals the uninterrupted run's (bytes, or tensors for model files).

The kill test runs in the finished recipe dir itself, one stage after another: the stage's outputs are moved
aside as the reference, the stage is run with a kill at each of its kill points in turn, then to the end; the
outputs are compared with the reference.
Paths are then the same as in the uninterrupted run, and later stages' outputs stay current when the redone
stage reproduces its outputs exactly (their records digest the records of its outputs).
"""

from __future__ import annotations

import csv
import filecmp
import json
import random
import shutil
import signal
from pathlib import Path

import pytest
import torch
import yaml
from recipe_tools import ROOT, copy_egs, recipe_env, run_killed_after, run_script

pytestmark = pytest.mark.slow

SETS = {"test_in", "test_voice", "test_accent", "test_real"}
RUN = ["./run.sh", "--size", "tiny"]
UNITS = "mfcc_k16"


def read_results(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@pytest.fixture(scope="module")
def recipe(tmp_path_factory) -> Path:
    """The mini recipe run end to end at its tiny size."""
    recipe = copy_egs(tmp_path_factory.mktemp("mini")) / "mini/asr1"
    first = run_script(recipe, RUN, recipe_env(), timeout=1200)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-5000:]
    return recipe


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


#: tools/benchmark.sh's stage 3 sizes shrunk to the tiny corpus (12 training utterances, K=16).
MICRO = [
    *("--decode_clusters", "16", "--decode_train_utts", "8", "--decode_utts", "2", "--decode_repeats", "1"),
    *("--kmeans_clusters", "4", "--memory_utts", "4"),
    *("--shape_frames", "3000", "--shape_dim", "8", "--shape_clusters", "4"),
]


@pytest.fixture(scope="module")
def benchmark(recipe) -> Path:
    """tools/benchmark.sh through stages 1, 3 and 4 in the checkout around the finished recipe (stage 1 finds the
    recipe current; stage 2 needs the shared data dir's real speech: skipped); returns its report dir."""
    checkout = recipe.parents[2]
    (checkout / "tools").mkdir(exist_ok=True)
    shutil.copy2(ROOT / "tools/benchmark.sh", checkout / "tools/benchmark.sh")
    args = ["tools/benchmark.sh", "--size", "tiny", "--shared_root", str(checkout / "no_shared_data"), *MICRO]
    run = run_script(checkout, args, recipe_env(), timeout=1200)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-5000:]
    return recipe / "exp/benchmark"


def test_the_benchmark_report_holds_the_recipe_results_and_every_micro_benchmark(benchmark):
    with open(benchmark / "micro_benchmarks.tsv", newline="") as f:
        benchmarks = {row["benchmark"] for row in csv.DictReader(f, delimiter="\t")}
    assert benchmarks == {"decode_speed", "kmeans_k4", "memory", "kmeans_8d_k4"}
    with open(benchmark / "report.tsv", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    assert {row["test_set"] for row in rows} >= {"test_in", "test_voice", "test_accent"}
    report = (benchmark / "report.md").read_text()
    assert "decode_speed" in report and "kmeans_8d_k4" in report
    assert (benchmark / "tau_sweep_mfcc.png").read_bytes().startswith(b"\x89PNG")
    assert not (benchmark / "micro/frames_8d").exists()  # the synthetic frames are removed once measured
    assert not (benchmark / "analysis_mfcc").exists()  # no real speech, no phone analysis


def test_a_rerun_of_the_benchmark_recipe_stage_finds_it_current(recipe, benchmark):
    rerun = run_script(recipe.parents[2], ["tools/benchmark.sh", "--size", "tiny", "--stop_stage", "1"], recipe_env())
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    for logged_when_a_job_runs in ("jobs) -> ", "job) -> ", "decoding", "training"):
        assert logged_when_a_job_runs not in rerun.stderr


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


def test_stored_features_train_and_decode_the_continuous_model_as_the_audio_does(recipe):
    """--dump_feats all (the bench's HuBERT features): the continuous model reads every set's stored features, one
    feature pass instead of one an epoch, and comes out tensor for tensor as the model whose frontend ran the
    reader on the audio; its decodes are the same text."""
    stored = ["--dump_feats", "all", "--dumpdir", "dump_stored", "--expdir", "exp_stored", "--systems", "continuous"]
    try:
        compare_stored_with_audio(
            recipe, run_script(recipe, [*RUN, "--stage", "2", *stored], recipe_env(), timeout=600)
        )
    finally:
        shutil.rmtree(recipe / "dump_stored", ignore_errors=True)
        shutil.rmtree(recipe / "exp_stored", ignore_errors=True)


def compare_stored_with_audio(recipe: Path, run) -> None:
    """The continuous model of the --dump_feats all run against the recipe's own: its input, tensors, decodes."""
    assert run.returncode == 0, run.stderr[-3000:]
    model = recipe / "exp_stored/asr_mfcc_continuous"
    config = yaml.safe_load((model / "config.yaml").read_text())
    assert config["train_data_path_and_name_and_type"][0] == ["dump_stored/mfcc/train/feats.scp", "speech", "kaldi_ark"]
    ours = torch.load(model / "valid.acc.ave.pth")
    audios = torch.load(recipe / "exp/asr_mfcc_continuous/valid.acc.ave.pth")
    assert ours.keys() == audios.keys() and all(torch.equal(ours[k], audios[k]) for k in ours)
    for test_set in SETS:
        decode = f"asr_mfcc_continuous/decode_{test_set}_continuous/text"
        assert (recipe / "exp_stored" / decode).read_text() == (recipe / "exp" / decode).read_text()
    assert (recipe / f"exp_stored/results_{UNITS}/claims.md").is_file()  # run.sh checks its own exp dir's results


# ---- the kill test ----

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
#: delay range in seconds for a kill of the whole process group from outside. A stage with two is killed twice:
#: first from scratch after a delay, then at a fail point of the run that resumes what that kill left.
KILLS = {
    1: [("after", 1, 4)],  # inside the synthesis: the rerun speaks every unfinished wav again, bit for bit
    2: [("ark_entry", 1, 5)],
    3: [("kmeans_pass", 1, 2), ("before_rename", 1, 1)],
    4: [("ark_entry", 2, 10)],
    5: [("before_rename", 1, 1)],
    6: [("after", 3, 15), ("before_rename", 1, 1)],  # anywhere in statistics or training, then a checkpoint save
    7: [("after", 3, 15), ("before_rename", 1, 1)],
    8: [("after", 3, 15), ("before_rename", 1, 1)],
    9: [("after", 3, 12), ("decode_utterance", 1, 1)],
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
            if "log" in rel.parts or file.suffix == ".log" or file.name in VOLATILE or ".old" in str(rel):
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


def kill(recipe: Path, stage: int, point: str, low: int, high: int, rng: random.Random) -> str:
    """Run ``stage`` (resuming whatever an earlier kill left) with a kill at a seeded moment; returns what was done."""
    args = [*RUN, "--stage", str(stage), "--stop_stage", str(stage)]
    if point == "after":
        return f"killed after {kill_after(recipe, stage, args, rng.uniform(low, high)):.2f} s"
    count = rng.randint(low, high)
    killed = run_script(recipe, args, recipe_env(SOFTASSIGN_KILL_AT=f"{point}:{count}"), timeout=600)
    assert killed.returncode != 0, f"stage {stage} was not killed at {point}:{count}"
    return f"killed at {point}:{count}"


def kill_after(recipe: Path, stage: int, args: list[str], delay: float) -> float:
    """SIGKILL the stage's run after ``delay`` seconds; where the run ended first (a fast or idle machine), remove
    what it wrote and run it again with half the delay, so that the kill lands. Returns the delay that landed."""
    for _ in range(5):
        if run_killed_after(recipe, args, recipe_env(), delay) == -signal.SIGKILL:
            return delay
        for path in stage_paths(recipe, stage):
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        delay /= 2
    pytest.fail(f"stage {stage} always ended before its kill, the last after {delay:.2f} s")


@pytest.mark.parametrize("stage", sorted(KILLS))
def test_a_stage_killed_anywhere_resumes_to_the_same_outputs(recipe, stage, tmp_path):
    """The stage from scratch, killed at each of its kill points in turn (the second kill lands in the run that
    resumes the first one's leftovers), then run to the end: its outputs equal the uninterrupted run's."""
    rng = random.Random(stage)  # seeded moments
    reference = tmp_path / "reference"
    for path in stage_paths(recipe, stage):  # the uninterrupted outputs become the reference
        target = reference / path.relative_to(recipe)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, target)
    done = [kill(recipe, stage, point, low, high, rng) for point, low, high in KILLS[stage]]
    args = [*RUN, "--stage", str(stage), "--stop_stage", str(stage)]
    resumed = run_script(recipe, args, recipe_env(), timeout=900)
    assert resumed.returncode == 0, f"stage {stage} after {done}:\n{resumed.stderr[-4000:]}"
    ours, theirs = output_files(stage_paths(recipe, stage), recipe, stage), output_files([reference], reference, stage)
    assert sorted(ours) == sorted(theirs), f"stage {stage} {done}: other files"
    differ = [name for name in ours if not same_output(ours[name], theirs[name])]
    assert not differ, f"stage {stage} {done}: these outputs differ from the uninterrupted run: {differ}"
    if stage in LATER_OUTPUTS:
        put_back_later_outputs(reference, recipe, stage)
    after = run_script(recipe, RUN, recipe_env(), timeout=600)  # later stages are still current
    assert after.returncode == 0 and "redoing" not in after.stderr, after.stderr[-3000:]
