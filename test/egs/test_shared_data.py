"""egs/mini/asr1/local/shared_data.sh, run from the recipe dir as run.sh would."""

import subprocess
from pathlib import Path

from shared_layout import make_shared_root

from softassign.datadir import load_data_dir

RECIPE = Path(__file__).resolve().parents[2] / "egs" / "mini" / "asr1"


def _run(*args):
    return subprocess.run(["local/shared_data.sh", *args], cwd=RECIPE, capture_output=True, text=True, timeout=300)


def test_without_the_shared_dir_it_exits_0_and_writes_nothing(tmp_path):
    result = _run("--data_root", str(tmp_path / "data"), str(tmp_path / "no_shared"))
    assert result.returncode == 0, result.stderr
    assert "no shared data dir" in result.stderr
    assert not (tmp_path / "data").exists()


def test_with_the_shared_dir_it_writes_both_sets(tmp_path):
    shared = make_shared_root(tmp_path)
    result = _run("--data_root", str(tmp_path / "data"), "--kathleen_utts", "2", str(shared))
    assert result.returncode == 0, result.stderr
    assert load_data_dir(tmp_path / "data" / "real_kathleen").utterances == ["arctic_a0001_100", "arctic_a0003_400"]
    assert len(load_data_dir(tmp_path / "data" / "real_ljspeech").utterances) == 2


def test_usage_errors():
    assert _run().returncode == 2
    assert "unknown option --colour" in _run("--colour", "red", "x").stderr
