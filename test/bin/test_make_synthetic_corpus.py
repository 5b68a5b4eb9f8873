"""The corpus entry point: options reach the planner and the data dirs it writes load."""

import pytest

from softassign.bin import make_synthetic_corpus
from softassign.datadir import load_data_dir
from softassign.errors import ConfigError


def test_writes_the_requested_splits_and_sizes(tmp_path):
    make_synthetic_corpus.main(
        [
            "--data_root",
            str(tmp_path / "data"),
            "--wav_root",
            str(tmp_path / "wav"),
            "--splits",
            "dev,test_voice,test_accent",
            "--dev_utts",
            "3",
            "--test_utts",
            "2",
            "--held_out_voices",
            "espeak_en_gb,flite_rms",
            "--accent_profiles",
            "japanese",
            "--seed",
            "3",
            "--nj",
            "2",
        ]
    )
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["dev", "test_accent", "test_voice"]
    assert len(load_data_dir(tmp_path / "data" / "dev").utterances) == 3
    voice = load_data_dir(tmp_path / "data" / "test_voice")
    assert set(voice.utt2spk.values()) == {"espeak_en_gb", "flite_rms"}
    accent = load_data_dir(tmp_path / "data" / "test_accent")
    assert set(accent.utt2spk.values()) == {"acc_japanese_espeak_en_us"}
    assert len(list((tmp_path / "wav" / "dev").glob("*.wav"))) == 3


def test_unknown_voice_is_rejected_before_synthesis(tmp_path):
    with pytest.raises(ConfigError, match="unknown voice"):
        make_synthetic_corpus.main(
            [
                "--data_root",
                str(tmp_path / "data"),
                "--wav_root",
                str(tmp_path / "wav"),
                "--held_out_voices",
                "nobody",
            ]
        )
    assert not (tmp_path / "wav").exists()
