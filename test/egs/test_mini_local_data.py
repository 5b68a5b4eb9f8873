"""egs/mini/asr1/local/data.sh: the recipe's data preparation, run as asr.sh runs it (from the recipe dir)."""

import subprocess
from pathlib import Path

from softassign.datadir import load_data_dir

RECIPE = Path(__file__).resolve().parents[2] / "egs" / "mini" / "asr1"
TEST_SPLITS = ["test_accent", "test_in", "test_voice"]


def _run(*args):
    return subprocess.run(["local/data.sh", *args], cwd=RECIPE, capture_output=True, text=True, timeout=300)


def test_tiny_size_makes_every_split(tmp_path):
    roots = ["--data_root", str(tmp_path / "data"), "--wav_root", str(tmp_path / "wav")]
    result = _run("--size", "tiny", "--nj", "2", *roots)
    assert result.returncode == 0, result.stderr[-2000:]
    splits = sorted(p.name for p in (tmp_path / "data").iterdir())
    assert set(splits) - {"test_real"} == {"dev", "train", *TEST_SPLITS}
    assert len(load_data_dir(tmp_path / "data" / "train").utterances) == 12
    for split in TEST_SPLITS:
        assert len(load_data_dir(tmp_path / "data" / split).utterances) == 3


def test_bad_options_fail_with_a_message(tmp_path):
    unknown_size = _run("--size", "huge", "--data_root", str(tmp_path / "data"))
    assert unknown_size.returncode != 0 and "unknown --size huge" in unknown_size.stderr
    unknown_option = _run("--colour", "red")
    assert unknown_option.returncode != 0 and "unknown option --colour" in unknown_option.stderr
    assert not (tmp_path / "data").exists()
