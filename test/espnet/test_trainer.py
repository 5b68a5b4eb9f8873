"""AtomicTrainer: ESPnet's training loop with atomic saves, and a resume that survives a checkpoint cut short."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import torch
from asr_setup import CONF, AsrData, train, training_args, unit_model_options

from softassign.bin import asr_train
from softassign.errors import DataError
from softassign.espnet.trainer import atomic_torch_save

pytestmark = pytest.mark.slow  # trains models


def test_an_atomic_save_never_leaves_a_truncated_file_and_keeps_the_previous_checkpoint(tmp_path: Path) -> None:
    path = tmp_path / "checkpoint.pth"
    with atomic_torch_save():
        torch.save({"epoch": 1}, path)
        torch.save({"epoch": 2}, path)
        with pytest.raises((pickle.PicklingError, AttributeError, TypeError)):  # a save failing midway
            torch.save({"epoch": 3, "bad": lambda: None}, path)
    assert torch.load(path, weights_only=True) == {"epoch": 2}
    assert torch.load(tmp_path / "checkpoint.prev.pth", weights_only=True) == {"epoch": 1}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["checkpoint.prev.pth", "checkpoint.pth"]
    assert torch.save is not atomic_torch_save  # restored after the block


def test_training_resumes_past_an_empty_checkpoint_from_the_previous_one(asr_data: AsrData, tmp_path: Path, caplog):
    options = unit_model_options(asr_data)
    train(CONF / "train_asr_units.yaml", asr_data, "units", tmp_path, 2, *options)
    exp = tmp_path / "exp"
    assert (exp / "checkpoint.prev.pth").is_file()  # epoch 1's, kept when epoch 2's was written
    (exp / "checkpoint.pth").write_bytes(b"")  # what a kill during a plain torch.save leaves
    (exp / ".checkpoint.pth.999999.tmp").write_bytes(b"half")  # and what a kill during an atomic one leaves
    asr_train.main(training_args(CONF / "train_asr_units.yaml", asr_data, "units", tmp_path, 3, *options))
    assert (exp / "3epoch.pth").is_file()
    assert not list(exp.glob(".*.tmp*"))  # the next save of checkpoint.pth removed the killed save's file
    assert f"{exp / 'checkpoint.pth'} cannot be read" in caplog.text and "checkpoint.prev.pth" in caplog.text


def test_without_a_previous_checkpoint_the_error_names_the_file(asr_data: AsrData, tmp_path: Path) -> None:
    options = unit_model_options(asr_data)
    train(CONF / "train_asr_units.yaml", asr_data, "units", tmp_path, 1, *options)
    exp = tmp_path / "exp"
    (exp / "checkpoint.pth").write_bytes(b"")
    (exp / "checkpoint.prev.pth").unlink(missing_ok=True)
    with pytest.raises(DataError, match=rf"{exp / 'checkpoint.pth'}: cannot resume training .* remove"):
        asr_train.main(training_args(CONF / "train_asr_units.yaml", asr_data, "units", tmp_path, 2, *options))


def test_an_epoch_snapshot_lost_to_a_kill_is_restored_from_its_checkpoint(asr_data: AsrData, tmp_path: Path) -> None:
    options = unit_model_options(asr_data)
    train(CONF / "train_asr_units.yaml", asr_data, "units", tmp_path, 2, *options)
    exp = tmp_path / "exp"
    expected = torch.load(exp / "2epoch.pth", weights_only=True)
    (exp / "2epoch.pth").unlink()  # a kill after checkpoint.pth of epoch 2, before its snapshot
    (exp / "latest.pth").unlink()
    asr_train.main(training_args(CONF / "train_asr_units.yaml", asr_data, "units", tmp_path, 2, *options))
    restored = torch.load(exp / "2epoch.pth", weights_only=True)
    assert restored.keys() == expected.keys() and all(torch.equal(restored[k], expected[k]) for k in expected)
    assert (exp / "latest.pth").resolve() == (exp / "2epoch.pth").resolve()
