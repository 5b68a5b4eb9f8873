"""egs/TEMPLATE/setup.sh makes a recipe dir that links the shared scripts, passes shellcheck and
whose local/data.sh stub fails with a clear message until written."""

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from recipe_tools import copy_egs, recipe_env, run_script


@pytest.fixture
def new_recipe(tmp_path):
    egs = copy_egs(tmp_path)
    result = subprocess.run(
        [egs / "TEMPLATE/setup.sh", "egs/newcorpus/asr1"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return egs / "newcorpus/asr1"


def test_links_the_shared_scripts_and_copies_the_template_conf(new_recipe):
    template = new_recipe.parents[1] / "TEMPLATE/asr1"
    for name in ("asr.sh", "cmd.sh", "path.sh", "scripts"):
        link = new_recipe / name
        assert link.is_symlink() and not link.readlink().is_absolute()
        assert link.resolve() == (template / name).resolve()
    assert (new_recipe / "conf/feats/mfcc.yaml").read_text() == (template / "conf/feats/mfcc.yaml").read_text()
    assert not (new_recipe / "conf").is_symlink()
    for name in ("train_asr_units.yaml", "train_asr_continuous.yaml", "train_asr2.yaml"):
        assert (new_recipe / "conf" / name).is_file()


def test_scripts_pass_shellcheck(new_recipe):
    shellcheck = shutil.which("shellcheck")
    assert shellcheck, "shellcheck is not installed (tools/install.sh installs it)"
    for script in ("run.sh", "local/data.sh"):
        result = subprocess.run(
            [shellcheck, "-x", "-P", "SCRIPTDIR", script], cwd=new_recipe, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_run_fails_at_the_data_stub_with_a_clear_message(new_recipe):
    result = run_script(new_recipe, ["./run.sh", "--stop_stage", "1"], recipe_env())
    assert result.returncode != 0
    assert "local/data.sh is not written yet: it must make the Kaldi data dirs data/{train,dev,test}" in result.stderr
    assert not (new_recipe / "data/.done").exists()


def test_refuses_an_existing_dir_and_wrong_usage(new_recipe, tmp_path):
    setup = new_recipe.parents[1] / "TEMPLATE/setup.sh"
    (new_recipe / "local/data.sh").write_text("# mine\n")
    result = subprocess.run([setup, str(new_recipe)], capture_output=True, text=True, check=False)
    assert result.returncode == 1 and "exists already" in result.stderr
    assert (new_recipe / "local/data.sh").read_text() == "# mine\n"
    usage = subprocess.run([setup], capture_output=True, text=True, check=False)
    assert usage.returncode == 2 and "setup.sh egs/<corpus>/asr1" in usage.stderr


#: A local/data.sh that records its calls and writes three one-utterance data dirs (sox makes the audio).
DATA_SH = """#!/usr/bin/env bash
set -euo pipefail
mkdir -p data/wav
echo "$*" >> data/calls
sox -n -r 16000 -b 16 data/wav/u1.wav synth 0.5 sine 440
for set in train dev test; do
  mkdir -p data/$set
  echo "u1 data/wav/u1.wav" > data/$set/wav.scp
  echo "u1 HELLO" > data/$set/text
  echo "u1 s" > data/$set/utt2spk
done
"""


def test_data_stage_runs_once_and_refuses_other_options(new_recipe):
    data_sh = new_recipe / "local/data.sh"
    data_sh.write_text(DATA_SH)
    env = recipe_env()
    for _ in range(2):
        result = run_script(new_recipe, ["./asr.sh", "--stop_stage", "1", "--local_data_opts", "--size a"], env)
        assert result.returncode == 0, result.stderr
    assert (new_recipe / "data/calls").read_text() == "--size a\n"
    assert "stage 1: data dirs are done" in result.stderr
    other = run_script(new_recipe, ["./asr.sh", "--stop_stage", "1", "--local_data_opts", "--size b"], env)
    assert other.returncode != 0
    assert "data/ was made by 'local/data.sh --size a', not 'local/data.sh --size b'" in other.stderr
    assert (new_recipe / "data/calls").read_text() == "--size a\n"


def test_data_stage_validates_the_data_dirs_naming_the_file_and_utterance(new_recipe):
    data_sh = new_recipe / "local/data.sh"
    data_sh.write_text(DATA_SH + "echo 'u2 data/wav/u1.wav' >> data/dev/wav.scp\necho 'u2 s' >> data/dev/utt2spk\n")
    result = run_script(new_recipe, ["./asr.sh", "--stop_stage", "1"], recipe_env())
    assert result.returncode != 0
    assert "data/dev/text: no entry for utterance 'u2'" in result.stderr
    assert not (new_recipe / "data/.done").exists()


def wait_for_lock_holder(recipe: Path, proc: subprocess.Popen, seconds: float = 60) -> str:
    """The lock file's text once the run of ``proc`` has taken the lock."""
    lock = recipe / "exp/.run.lock"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if lock.is_file() and f"pid {proc.pid} " in lock.read_text():
            return lock.read_text()
        assert proc.poll() is None, "the first run ended before it took the lock"
        time.sleep(0.2)
    raise AssertionError("the first run never took the lock")


def test_a_second_run_in_the_same_dir_is_refused_naming_the_first(new_recipe):
    (new_recipe / "local/data.sh").write_text(DATA_SH + "sleep 6\n")
    args, env = ["./asr.sh", "--stop_stage", "1"], recipe_env()
    with subprocess.Popen(
        args, cwd=new_recipe, env=env, stderr=subprocess.PIPE, text=True, start_new_session=True
    ) as first:
        holder = wait_for_lock_holder(new_recipe, first)
        second = run_script(new_recipe, args, env)
        assert second.returncode == 1
        assert f"another run is using this recipe dir: {holder.strip()}" in second.stderr
        assert first.wait(timeout=120) == 0
    assert run_script(new_recipe, args, env).returncode == 0  # the lock is free again


def test_the_lock_of_a_run_killed_with_sigkill_is_free(new_recipe):
    (new_recipe / "local/data.sh").write_text(DATA_SH + "sleep 30\n")
    args, env = ["./asr.sh", "--stop_stage", "1"], recipe_env()
    with subprocess.Popen(args, cwd=new_recipe, env=env, stderr=subprocess.DEVNULL, start_new_session=True) as first:
        wait_for_lock_holder(new_recipe, first)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    (new_recipe / "local/data.sh").write_text(DATA_SH)
    assert run_script(new_recipe, args, env).returncode == 0


def test_decoding_refuses_a_tau_calibration_that_is_not_done(new_recipe):
    (new_recipe / "other").mkdir()
    (new_recipe / "other/tau_calibration.json").write_text("{}\n")  # written, but its record (.done) is missing
    args = ["./asr.sh", "--stage", "9", "--stop_stage", "9", "--tau_calibration", "other/tau_calibration.json"]
    result = run_script(new_recipe, args, recipe_env())
    assert result.returncode == 1
    assert "--tau_calibration other/tau_calibration.json is not done" in result.stderr
    assert not list(new_recipe.glob("exp/*/decode_*"))
