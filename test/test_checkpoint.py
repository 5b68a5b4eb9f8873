"""Checkpoints: atomic writes, step order (not name order), pruning to the newest few."""

import torch

from softassign.checkpoint import checkpoints, latest_checkpoint, save_atomic, write_checkpoint


def test_keeps_the_newest_steps_in_numeric_order(tmp_path):
    out = tmp_path / "new/dir"
    assert latest_checkpoint(out) is None
    for step in (9, 10, 100):
        write_checkpoint(out, step, {"step": step}, keep=2)
    assert [p.name for p in checkpoints(out)] == ["checkpoint.10.pt", "checkpoint.100.pt"]
    assert torch.load(latest_checkpoint(out))["step"] == 100
    assert not list(out.glob("*.tmp"))


def test_save_atomic_replaces_the_file_and_ignores_other_names(tmp_path):
    save_atomic(tmp_path / "checkpoint.3.pt", {"a": 1})
    save_atomic(tmp_path / "checkpoint.3.pt", {"a": 2})
    (tmp_path / "checkpoint.best.pt").write_text("not a step")
    assert torch.load(tmp_path / "checkpoint.3.pt") == {"a": 2}
    assert checkpoints(tmp_path) == [tmp_path / "checkpoint.3.pt"]
