"""The mini recipe with units of its own HuBERT's second iteration, at the tiny size: run.sh pretrains the first
iteration on MFCC k-means ids (every second id of 100 Hz units), the second on k-means ids of the first model's
layer (50 Hz, every id), then trains on and decodes the second model's units, as the bench size would.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import torch
from recipe_tools import copy_egs, recipe_env, run_script

pytestmark = pytest.mark.slow

# the tiny size with HuBERT's second iteration as its only feature type; a few pretraining steps of each model
CONF = """\
# shellcheck shell=bash disable=SC2034
. conf/tiny.sh
corpus_size=tiny
feats_list="hubert_iter2"
hubert_target_clusters=8
hubert_target_clusters_hubert_iter2=12
hubert_pretrain_opts="--max_steps 3"
systems="hard soft"
"""


@pytest.fixture(scope="module")
def recipe(tmp_path_factory) -> Path:
    """The mini recipe run at the tiny size with units of the second HuBERT iteration."""
    recipe = copy_egs(tmp_path_factory.mktemp("mini_hubert")) / "mini/asr1"
    (recipe / "conf/tiny_iter2.sh").write_text(CONF)
    run = run_script(recipe, ["./run.sh", "--size", "tiny_iter2"], recipe_env(), timeout=1200)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-5000:]
    return recipe


def pretrain_command(recipe: Path, out_dir: str) -> str:
    """The pretraining command line its job log records."""
    return (recipe / out_dir / "log/pretrain.log").read_text().splitlines()[0]


def test_each_iteration_predicts_the_units_of_the_one_before(recipe):
    first = pretrain_command(recipe, "exp/hubert_pretrain")
    assert "--units_scp dump/mfcc_k8/train/units.scp" in first and "--units_stride 2" in first
    second = pretrain_command(recipe, "exp/hubert_pretrain_iter2")
    assert "--units_scp dump/hubert_pretrained_k12/train/units.scp" in second and "--units_stride 1" in second
    assert "--num_classes 12" in second
    encoders = [torch.load(recipe / d / "encoder.pt") for d in ("exp/hubert_pretrain", "exp/hubert_pretrain_iter2")]
    assert encoders[0].keys() == encoders[1].keys()
    assert any(not torch.equal(encoders[0][k], encoders[1][k]) for k in encoders[0])


def test_the_second_iteration_units_are_decoded_hard_and_soft(recipe):
    with open(recipe / "exp/results_hubert_iter2_k16/results.tsv", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    assert {(row["test_set"], row["system"]) for row in rows} >= {("test_in", "hard"), ("test_in", "soft")}
    assert (recipe / "exp/kmeans_hubert_iter2_k16/centroids.npy").is_file()


def test_a_rerun_finds_both_iterations_current(recipe):
    encoder = recipe / "exp/hubert_pretrain_iter2/encoder.pt"
    before = encoder.stat().st_mtime_ns
    rerun = run_script(recipe, ["./run.sh", "--size", "tiny_iter2"], recipe_env(), timeout=600)
    assert rerun.returncode == 0, rerun.stdout[-3000:] + rerun.stderr[-5000:]
    assert "exp/hubert_pretrain is done" in rerun.stdout + rerun.stderr
    assert "exp/hubert_pretrain_iter2 is done" in rerun.stdout + rerun.stderr
    assert encoder.stat().st_mtime_ns == before
