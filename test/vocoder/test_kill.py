"""SIGKILL of the vocoder trainer inside its checkpoint and model writes, then a rerun: the model of an
uninterrupted run; the same for the references' WORLD analysis of the synthesis scoring. The entry points run as
the recipe runs them (``python -m softassign.bin.train_vocoder``, ``...dump_world_features``), in a process group
of their own, killed by a fail point (``softassign.failpoints``)."""

import signal

import pytest
import torch
import yaml
from kill_tools import run_module

from softassign.conf import load_yaml

pytest_plugins = ["vocoder.vocoder_fixtures"]


def train(unit_corpus, config, out, kill_at=None):
    """One run of the entry point; its exit code (negative: the signal that killed it)."""
    args = ["--config", str(config), "--units_scp", str(unit_corpus.units_scp), "--data_dir", str(unit_corpus.data_dir),
            "--num_units", str(len(unit_corpus.centroids)), "--out_dir", str(out)]  # fmt: skip
    return run_module("softassign.bin.train_vocoder", args, kill_at)


@pytest.mark.slow  # trains a model
def test_a_kill_inside_any_write_resumes_to_the_uninterrupted_model(unit_corpus, tiny_config_path, tmp_path):
    config = load_yaml(tiny_config_path)
    config["train"].update(max_steps=3, checkpoint_every=1)
    (tmp_path / "vocoder.yaml").write_text(yaml.safe_dump(config))
    assert train(unit_corpus, tmp_path / "vocoder.yaml", tmp_path / "whole") == 0
    expected = torch.load(tmp_path / "whole/vocoder.pt", weights_only=True)
    for arrival in (1, 3, 4):  # checkpoint 1 or 3 complete but not renamed; the final model
        out = tmp_path / f"killed_{arrival}"
        assert train(unit_corpus, tmp_path / "vocoder.yaml", out, f"before_rename:{arrival}") == -signal.SIGKILL
        assert not (out / "vocoder.pt").exists()
        assert train(unit_corpus, tmp_path / "vocoder.yaml", out) == 0
        resumed = torch.load(out / "vocoder.pt", weights_only=True)
        assert resumed["step"] == expected["step"] == 3
        for name, tensor in expected["vocoder"].items():
            torch.testing.assert_close(resumed["vocoder"][name], tensor, rtol=0, atol=1e-6, msg=name)


@pytest.mark.slow  # four runs of the entry point
def test_a_kill_of_the_reference_analysis_leaves_nothing_and_a_rerun_writes_the_uninterrupted_features(
    unit_corpus, tmp_path
):
    """tts.sh stage 7's ``dump_world_features``: killed after some utterances or before its record is renamed."""
    out = tmp_path / "world"
    args = ["--data_dir", str(unit_corpus.data_dir), "--out_dir", str(out), "--nj", "2"]
    assert run_module("softassign.bin.dump_world_features", args) == 0
    expected = {name: (out / name).read_bytes() for name in ("world.ark", "world.scp")}
    for kill_at in ("ark_entry:1", "ark_entry:4", "before_rename:1"):
        for path in out.iterdir():
            path.unlink()
        assert run_module("softassign.bin.dump_world_features", args, kill_at) == -signal.SIGKILL, kill_at
        assert not (out / "world.scp.done").exists(), kill_at  # no record: not current, stage 7 redoes it
        if kill_at.startswith("ark_entry"):  # half an ark: no scp either
            assert not (out / "world.scp").exists(), kill_at
        assert run_module("softassign.bin.dump_world_features", args) == 0, kill_at
        assert {name: (out / name).read_bytes() for name in expected} == expected, kill_at
        assert (out / "world.scp.done").exists()
