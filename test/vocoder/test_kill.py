"""SIGKILL of the vocoder trainer inside its checkpoint and model writes, then a rerun: the model of an
uninterrupted run. The trainer runs as the recipe runs it (``python -m softassign.bin.train_vocoder``), in a
process group of its own, killed by a fail point (``softassign.failpoints``)."""

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
