"""egs/mini/asr1/local/data.sh: the recipe's data preparation, run as asr.sh runs it (from the recipe dir)."""

import subprocess
from pathlib import Path

from shared_layout import make_shared_root

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
    no_real_training = _run("--real_speed_perturb", "0.9", "--data_root", str(tmp_path / "data"))
    assert no_real_training.returncode == 2 and "it needs --real_train true" in no_real_training.stderr
    assert not (tmp_path / "data").exists()


def test_real_speed_perturb_adds_the_perturbed_real_speech_to_train_all(tmp_path):
    shared = make_shared_root(tmp_path)
    roots = ["--data_root", str(tmp_path / "data"), "--wav_root", str(tmp_path / "wav")]
    options = ["--size", "tiny", "--shared_root", str(shared), "--kathleen_utts", "2", "--real_train", "true"]
    result = _run(*options, "--real_speed_perturb", "0.9,1.1", *roots)
    assert result.returncode == 0, result.stderr[-2000:]
    data = tmp_path / "data"
    train_all = set(load_data_dir(data / "train_all").utterances)
    real = [name for name in ("train_real", "train_kathleen") if (data / name).is_dir()]
    assert "train_kathleen" in real
    for name in real:
        utts = load_data_dir(data / name).utterances
        for factor in ("0.9", "1.1"):
            assert set(load_data_dir(data / f"{name}_sp{factor}").utterances) == {f"sp{factor}-{u}" for u in utts}
            assert {f"sp{factor}-{u}" for u in utts} <= train_all
    synthetic = load_data_dir(data / "train").utterances
    assert not any(f"sp0.9-{u}" in train_all for u in synthetic)
    assert len(train_all) == len(synthetic) + 3 * sum(len(load_data_dir(data / n).utterances) for n in real)
