"""softassign.run_comparison and its entry point softassign.bin.compare_runs: two runs' outputs file by file."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from softassign.bin import compare_runs as compare_runs_bin
from softassign.run_comparison import compare_runs


def write_run(root: Path, weight: float = 1.0, trainer_time: float = 1.0) -> Path:
    """A recipe dir with the kinds of outputs a run writes, its own path inside its wav.scp."""
    for rel, content in {
        "data/train/wav.scp": f"utt1 {root}/data/wav/utt1.wav\n".encode(),
        "data/wav/utt1.wav": b"RIFF\0\1\2",
        "dump/mfcc_k8/train/units.1.ark": b"\0\1\2\3",
        "exp/asr/decode_test_hard/text": b"utt1 HELLO\n",
        "exp/asr/decode_test_hard/.done": f'{{"command": "decode {root}"}}'.encode(),
        "exp/asr/log/train.log": f"started in {root}".encode(),
        "exp/.run.lock": f"pid on {root}".encode(),
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(content)
    checkpoint = {"model": {"w": torch.full((2, 2), weight)}, "reporter": {"time": trainer_time}}
    torch.save(checkpoint, root / "exp/asr/checkpoint.pth")
    return root


def test_runs_differing_only_in_their_paths_provenance_and_trainer_times_are_the_same(tmp_path) -> None:
    first = write_run(tmp_path / "a", trainer_time=1.0)
    second = write_run(tmp_path / "clone_b", trainer_time=2.5)
    result = compare_runs(first, second)
    assert result.same, result
    assert sorted(result.identical) == [
        "data/train/wav.scp",
        "data/wav/utt1.wav",
        "dump/mfcc_k8/train/units.1.ark",
        "exp/asr/checkpoint.pth",
        "exp/asr/decode_test_hard/text",
    ]


def test_a_changed_output_a_changed_tensor_and_a_missing_file_are_reported(tmp_path) -> None:
    first = write_run(tmp_path / "a")
    second = write_run(tmp_path / "b", weight=1.5)
    (second / "exp/asr/decode_test_hard/text").write_text("utt1 HALLO\n")
    (first / "dump/mfcc_k8/train/units.2.ark").write_bytes(b"\0")
    (second / "data/train/wav.scp").write_text(f"utt1 {second}/data/wav/other.wav\n")
    result = compare_runs(first, second)
    assert not result.same
    assert result.differing == ["data/train/wav.scp", "exp/asr/checkpoint.pth", "exp/asr/decode_test_hard/text"]
    assert result.only_first == ["dump/mfcc_k8/train/units.2.ark"]
    assert result.only_second == []


def test_the_entry_point_exits_1_on_a_difference_and_names_the_file(tmp_path, capsys) -> None:
    first, second = write_run(tmp_path / "a"), write_run(tmp_path / "b")
    compare_runs_bin.main([str(first), str(second)])
    assert "5 outputs identical, 0 differ" in capsys.readouterr().out
    (second / "data/wav/utt1.wav").write_bytes(b"RIFF\0\1\3")
    with pytest.raises(SystemExit) as stop:
        compare_runs_bin.main([str(first), str(second)])
    assert stop.value.code == 1
    assert "differs: data/wav/utt1.wav" in capsys.readouterr().out
