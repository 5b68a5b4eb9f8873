"""SIGKILL of HuBERT pretraining inside its checkpoint and encoder writes, then a rerun: the encoder of an
uninterrupted run. The trainer runs as the recipe runs it (``python -m softassign.bin.pretrain_hubert``), in a
process group of its own, killed by a fail point (``softassign.failpoints``)."""

import signal

import pytest
import torch
from kill_tools import run_module

pytest_plugins = ["hubert.hubert_fixtures"]

TINY = ["--batch_size", "2", "--crop_frames", "20", "--min_frames", "16", "--warmup_fraction", "0", "--final_dim", "16"]


def pretrain(data_dir, frame_units, out, kill_at=None):
    """One run of the entry point; its exit code (negative: the signal that killed it)."""
    args = ["--data_dir", str(data_dir), "--units_scp", str(frame_units), "--num_classes", "128", "--model",
            "tiny_hubert", "--max_steps", "3", "--checkpoint_every", "1", "--out_dir", str(out), *TINY]  # fmt: skip
    return run_module("softassign.bin.pretrain_hubert", args, kill_at)


@pytest.mark.slow  # trains a model
def test_a_kill_inside_any_write_resumes_to_the_uninterrupted_encoder(data_dir, frame_units, tmp_path):
    assert pretrain(data_dir, frame_units, tmp_path / "whole") == 0
    expected = torch.load(tmp_path / "whole/encoder.pt", weights_only=True)
    for arrival in (1, 3, 4):  # checkpoint 1 or 3 complete but not renamed; the encoder
        out = tmp_path / f"killed_{arrival}"
        assert pretrain(data_dir, frame_units, out, f"before_rename:{arrival}") == -signal.SIGKILL
        assert not (out / "encoder.pt").exists()
        assert pretrain(data_dir, frame_units, out) == 0
        resumed = torch.load(out / "encoder.pt", weights_only=True)
        assert resumed.keys() == expected.keys()
        for name, tensor in expected.items():
            torch.testing.assert_close(resumed[name], tensor, rtol=0, atol=1e-6, msg=name)
