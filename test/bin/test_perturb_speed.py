import pytest

from softassign.bin.perturb_speed import main
from softassign.datadir import load_data_dir
from softassign.errors import DataError


def test_writes_one_dir_per_factor(data_dir, tmp_path):
    main(["--factors", "0.9", "1.1", "--out_prefix", str(tmp_path / "train_sp"), str(data_dir)])
    utts = load_data_dir(data_dir).utterances
    for factor in ("0.9", "1.1"):
        perturbed = load_data_dir(tmp_path / f"train_sp{factor}")
        assert perturbed.utterances == sorted(f"sp{factor}-{u}" for u in utts)
        assert all(f"speed {factor} |" in entry for entry in perturbed.wav_scp.values())


def test_a_bad_data_dir_is_named_and_nothing_is_written(data_dir, tmp_path):
    (data_dir / "text").write_text("")
    with pytest.raises(DataError, match=f"{data_dir}/text: no entry for utterance"):
        main(["--factors", "0.9", "--out_prefix", str(tmp_path / "train_sp"), str(data_dir)])
    assert not (tmp_path / "train_sp0.9").exists()
