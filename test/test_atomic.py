"""Atomic writes: the target is replaced whole or not at all, and no temporary file outlives the next writer."""

import os
import subprocess
import sys
from pathlib import Path

import kaldiio
import numpy as np
import pytest
from kill_tools import run_module

from softassign.atomic import atomic_write_text, remove_stale_temporaries, replacing, temporary_path


def leftovers(directory):
    return sorted(p.name for p in directory.iterdir() if ".tmp" in p.name)


def test_the_block_writes_the_target_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "centroids.npy"
    with replacing(target, suffix=".npy") as tmp:
        assert tmp.name == f".centroids.npy.{os.getpid()}.tmp.npy"
        np.save(tmp, np.arange(3))
    assert np.load(target).tolist() == [0, 1, 2]
    assert leftovers(tmp_path) == []


def test_an_error_in_the_block_keeps_the_old_file_and_removes_the_temporary(tmp_path):
    target = atomic_write_text(tmp_path / "text", "old\n")
    with pytest.raises(RuntimeError), replacing(target) as tmp:
        tmp.write_text("half of the new")
        raise RuntimeError("the writer fails")
    assert target.read_text() == "old\n"
    assert leftovers(tmp_path) == []


def ended_pid() -> int:
    """The pid of a process that has ended and been reaped."""
    with subprocess.Popen([sys.executable, "-c", "pass"]) as child:
        child.wait()
    return child.pid


def test_the_next_writer_removes_what_killed_writers_of_its_target_left_and_nothing_else(tmp_path):
    target = tmp_path / "units.scp"
    dead = ended_pid()
    stale = [tmp_path / f".units.scp.{dead}.tmp", tmp_path / f".units.scp.{dead}.tmp.npy"]
    stale.append(tmp_path / f".units.scp.{os.getpid()}.tmp")  # an earlier process's, whose pid this one got
    others = [tmp_path / f".units.scp.done.{dead}.tmp", tmp_path / f".units.scp2.{dead}.tmp"]
    for path in stale + others:
        path.write_text("left by a killed writer")
    atomic_write_text(target, "utt 1\n")
    assert target.read_text() == "utt 1\n"
    assert leftovers(tmp_path) == sorted(p.name for p in others)


def test_the_temporary_of_a_running_writer_is_kept_and_a_zombies_is_removed(tmp_path):
    target = tmp_path / "units.scp"
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    zombie = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        zombie_file = tmp_path / f".units.scp.{zombie.pid}.tmp"
        running_file = tmp_path / f".units.scp.{running.pid}.tmp"
        for path in (zombie_file, running_file):
            path.write_text("half")
        while Path(f"/proc/{zombie.pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
            pass  # until it has exited, not yet reaped
        assert remove_stale_temporaries(target) == [zombie_file]
        assert running_file.exists()
    finally:
        running.kill()
        for child in (running, zombie):
            child.wait()


def test_a_shared_target_keeps_the_temporaries_of_the_other_writers(tmp_path):
    target = tmp_path / "feats_dim"
    other = tmp_path / f".feats_dim.{ended_pid()}.tmp"
    other.write_text("39\n")  # another shard's write in progress, maybe on another node
    assert temporary_path(target, exclusive=False) == tmp_path / f".feats_dim.{os.getpid()}.tmp"
    assert other.exists()
    assert remove_stale_temporaries(target) == [other]
    assert not other.exists()


def test_a_run_killed_before_the_rename_leaves_a_temporary_that_the_rerun_removes(tmp_path):
    scp = tmp_path / "feats.scp"
    rng = np.random.default_rng(0)
    with kaldiio.WriteHelper(f"ark,scp:{tmp_path / 'feats.ark'},{scp}") as writer:
        for i in range(4):
            writer[f"utt{i}"] = rng.standard_normal((20, 3)).astype(np.float32)
    out = tmp_path / "km/centroids.npy"
    args = ["--feats_scp", str(scp), "--num_clusters", "2", "--max_iter", "2", "--out", str(out)]
    assert run_module("softassign.bin.learn_kmeans", args, kill_at="before_rename:1") < 0
    assert not out.exists() and len(leftovers(out.parent)) == 1
    assert run_module("softassign.bin.learn_kmeans", args) == 0
    assert np.load(out).shape == (2, 3)
    assert leftovers(out.parent) == []
