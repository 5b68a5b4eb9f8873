"""The mini recipe with MFCC units and units of its own HuBERT, at the tiny size: run.sh starts the HuBERT
pretraining (one core) in the background once its MFCC targets exist, so that it runs beside the MFCC units'
stages instead of after them, and a failed pretraining still fails the run.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import yaml
from recipe_tools import copy_egs, recipe_env, run_script

pytestmark = pytest.mark.slow

# the tiny size with MFCC units first and the first HuBERT iteration after them, as the bench size lists them, and
# the HuBERT's features stored for its continuous model, as the bench size stores them
CONF = """\
# shellcheck shell=bash disable=SC2034
. conf/tiny.sh
corpus_size=tiny
feats_list="mfcc hubert_pretrained"
hubert_pretrain_opts="--max_steps 3"
dump_feats_hubert_pretrained=all
systems="hard soft continuous"
"""
FAILING_CONF = CONF.replace('"--max_steps 3"', '"--max_steps 3 --pretrain_args --no_such_option"')


@pytest.fixture(scope="module")
def recipe(tmp_path_factory) -> tuple[Path, str]:
    """The mini recipe run at the tiny size with MFCC units, then the own HuBERT's; its stderr."""
    recipe = copy_egs(tmp_path_factory.mktemp("mini_background")) / "mini/asr1"
    (recipe / "conf/tiny_two.sh").write_text(CONF)
    run = run_script(recipe, ["./run.sh", "--size", "tiny_two"], recipe_env(), timeout=1200)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-5000:]
    return recipe, run.stderr


def started_at(log: Path) -> datetime.datetime:
    """The start time in a job log's header."""
    stamp = re.search(r"# Started at (\S+ \S+)", log.read_text()).group(1)
    return datetime.datetime.fromisoformat(stamp)


def test_the_pretraining_starts_before_the_mfcc_units_model_trains(recipe):
    recipe, stderr = recipe
    pretraining = started_at(recipe / "exp/hubert_pretrain/log/pretrain.log")
    mfcc_training = min(started_at(log) for log in (recipe / "exp/asr_mfcc_k16").glob("**/train*.log"))
    assert pretraining <= mfcc_training
    assert "waiting for the pretraining of exp/hubert_pretrain" in stderr
    for feats in ("mfcc", "hubert_pretrained"):
        assert (recipe / f"exp/results_{feats}_k16/results.tsv").is_file()


def test_a_setting_of_one_feature_type_stores_its_features_only(recipe):
    recipe, _ = recipe
    inputs = {}
    for feats in ("mfcc", "hubert_pretrained"):
        config = yaml.safe_load((recipe / f"exp/asr_{feats}_continuous/config.yaml").read_text())
        inputs[feats] = config["train_data_path_and_name_and_type"][0]
    assert inputs == {
        "mfcc": ["data/train/wav.scp", "speech", "softassign_wav"],
        "hubert_pretrained": ["dump/hubert_pretrained/train/feats.scp", "speech", "kaldi_ark"],
    }
    assert not (recipe / "dump/mfcc/train").exists()


def test_a_failed_pretraining_fails_the_run_and_leaves_no_record(recipe):
    recipe, _ = recipe
    (recipe / "conf/tiny_failing.sh").write_text(FAILING_CONF)
    run = run_script(recipe, ["./run.sh", "--size", "tiny_failing"], recipe_env(), timeout=900)
    assert run.returncode != 0
    assert "error: the pretraining of exp/hubert_pretrain failed (log: exp/hubert_pretrain/log/pretrain.log)" in (
        run.stderr
    )
    assert "still running in the background" not in run.stderr  # nothing left to wait for
    assert "--no_such_option" in (recipe / "exp/hubert_pretrain/log/pretrain.log").read_text()
    assert not (recipe / "exp/hubert_pretrain/.done").exists()
