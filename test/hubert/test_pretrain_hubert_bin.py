"""The entry point and the mini recipe's local/pretrain_hubert.sh, end to end on tiny settings."""

import os
import subprocess
from pathlib import Path

import pytest
import torch

from softassign.bin import pretrain_hubert
from softassign.conf import load_yaml
from softassign.features import build_reader

pytest_plugins = ["hubert.hubert_fixtures"]

RECIPE = Path(__file__).resolve().parents[2] / "egs/mini/asr1"
TINY = ["--batch_size", "2", "--crop_frames", "20", "--min_frames", "16", "--warmup_fraction", "0", "--final_dim", "16"]


@pytest.mark.slow  # trains a model
def test_entry_point_passes_every_option(data_dir, frame_units, tmp_path):
    out = tmp_path / "exp"
    pretrain_hubert.main(
        [
            "--data_dir",
            str(data_dir),
            "--units_scp",
            str(frame_units),
            "--num_classes",
            "128",
            "--model",
            "tiny_hubert",
            "--max_steps",
            "2",
            "--checkpoint_every",
            "1",
            "--out_dir",
            str(out),
            *TINY,
        ]
    )
    assert (out / "encoder.pt.done").exists()
    config = torch.load(out / "checkpoint.2.pt", weights_only=True)["config"]
    assert (config["batch_size"], config["crop_frames"], config["final_dim"], config["num_classes"]) == (2, 20, 16, 128)
    assert (config["model"], config["warmup_fraction"], config["learning_rate"]) == ("tiny_hubert", 0, 3e-4)


def test_entry_point_needs_the_number_of_classes(tmp_path, capsys):
    with pytest.raises(SystemExit):
        pretrain_hubert.main(["--data_dir", "d", "--units_scp", "u.scp", "--out_dir", str(tmp_path)])
    assert "--num_classes" in capsys.readouterr().err


def run_recipe_script(*args):
    env = {**os.environ, "cmd_backend": "local"}
    return subprocess.run(
        ["local/pretrain_hubert.sh", *args],
        cwd=RECIPE,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.slow  # trains a model
def test_recipe_script_pretrains_the_checkpoint_of_the_feature_config(data_dir, frame_units, tmp_path):
    out = tmp_path / "exp/hubert_pretrain"
    args = [
        "--data_dir",
        str(data_dir),
        "--units_scp",
        str(frame_units),
        "--num_clusters",
        "128",
        "--max_steps",
        "2",
        "--num_threads",
        "1",
        "--out_dir",
        str(out),
        "--pretrain_args",
        " ".join(TINY),
    ]
    result = run_recipe_script(*args)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (out / ".done").exists() and "step 2/2: loss" in (out / "log/pretrain.log").read_text()
    conf = load_yaml(RECIPE / "conf/feats/hubert_pretrained.yaml")
    assert conf["checkpoint"] == "exp/hubert_pretrain/encoder.pt"
    reader = build_reader({**conf, "checkpoint": str(out / "encoder.pt")})
    assert reader.extract([torch.randn(16000)])[0].shape == (49, reader.dim)
    assert "is done" in run_recipe_script(*args).stderr  # the same options: its record matches
    more = [*args[:7], "3", *args[8:]]  # --max_steps 3: another command, so it trains again
    rerun = run_recipe_script(*more)
    assert (
        rerun.returncode == 0
        and "moving it to" in rerun.stderr
        and "step 3/3: loss" in (out / "log/pretrain.log").read_text()
    )


def test_recipe_script_needs_the_mfcc_units(data_dir, tmp_path):
    result = run_recipe_script("--data_dir", str(data_dir), "--num_clusters", "7", "--out_dir", str(tmp_path / "exp"))
    assert result.returncode == 1
    assert f"no dump/mfcc_k7/{data_dir.name}/units.scp: run the mfcc pipeline" in result.stderr
    assert not (tmp_path / "exp").exists()
