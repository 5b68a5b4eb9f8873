"""The shape files and statistics of softassign.bin.write_shapes equal what ESPnet's collect-stats pass writes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from asr_setup import CONF, MFCC, AsrData, continuous_model_options, unit_model_options

from softassign.bin import asr_train, dump_features, merge_shards, write_shapes
from softassign.errors import ConfigError

pytestmark = pytest.mark.slow  # ESPnet's collect-stats runs the model's frontend over the set


def collect_stats(config: Path, data: AsrData, speech: str, out: Path, *options: str) -> Path:
    """ESPnet's own collect-stats pass over the set (train = valid), as recipes without write_shapes run it."""
    args = [
        "--collect_stats",
        "true",
        "--config",
        str(config),
        "--use_preprocessor",
        "true",
        "--token_type",
        "char",
        "--token_list",
        str(data.token_list),
        "--ngpu",
        "0",
        "--num_workers",
        "0",
        "--output_dir",
        str(out),
    ]
    for subset in ("train", "valid"):
        args += [
            f"--{subset}_data_path_and_name_and_type",
            speech,
            f"--{subset}_data_path_and_name_and_type",
            f"{data.text},text,text",
            f"--{subset}_shape_file",
            str(data.text),
        ]
    asr_train.main(args + list(options))
    return out


def ours(data: AsrData, source: str, out: Path, *options: str) -> Path:
    write_shapes.main(
        [
            "--token_type",
            "char",
            "--token_list",
            str(data.token_list),
            *options,
            "--out_dir",
            str(out),
            f"train={source}:{data.text}",
            f"valid={source}:{data.text}",
        ]
    )
    return out


def test_unit_id_shapes_equal_collect_stats(asr_data: AsrData, tmp_path: Path) -> None:
    espnet = collect_stats(
        CONF / "train_asr_units.yaml",
        asr_data,
        f"{asr_data.units_scp},speech,kaldi_ark",
        tmp_path / "espnet",
        *unit_model_options(asr_data),
    )
    mine = ours(asr_data, f"units:{asr_data.units_scp}", tmp_path / "ours")
    for subset in ("train", "valid"):
        for name in ("speech_shape", "text_shape"):
            assert (mine / subset / name).read_text() == (espnet / subset / name).read_text()


def test_audio_shapes_and_statistics_equal_collect_stats(asr_data: AsrData, tmp_path: Path) -> None:
    wav = f"{asr_data.data_dir}/wav.scp,speech,softassign_wav"
    espnet = collect_stats(
        CONF / "train_asr_continuous.yaml",
        asr_data,
        wav,
        tmp_path / "espnet",
        *continuous_model_options(MFCC),
        "--normalize",
        "none",
    )
    feats = tmp_path / "feats32"  # here the whole set, float32 (recipes: the k-means portion, float16)
    dump_features.main(["--reader_conf", str(asr_data.reader_conf), f"{asr_data.data_dir}:{feats}"])
    merge_shards.main(
        [
            "--shards",
            str(feats / "feats.JOB.scp"),
            "--nj",
            "1",
            "--out",
            str(feats / "feats.scp"),
            "--data_dir",
            str(asr_data.data_dir),
        ]
    )
    mine = ours(
        asr_data, f"audio:{asr_data.data_dir}", tmp_path / "ours", "--feats_stats_from", str(feats / "feats.scp")
    )
    for subset in ("train", "valid"):
        for name in ("speech_shape", "text_shape"):
            assert (mine / subset / name).read_text() == (espnet / subset / name).read_text()
    theirs, ours_stats = np.load(espnet / "train/feats_stats.npz"), np.load(mine / "train/feats_stats.npz")
    assert int(ours_stats["count"]) == int(theirs["count"])
    np.testing.assert_allclose(ours_stats["sum"], theirs["sum"], rtol=1e-4, atol=1e-2)
    np.testing.assert_allclose(ours_stats["sum_square"], theirs["sum_square"], rtol=1e-4)


def test_malformed_set_specs_are_named(asr_data: AsrData, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="expected NAME=KIND:PATH:TEXT"):
        write_shapes.main(
            [
                "--token_type",
                "char",
                "--token_list",
                str(asr_data.token_list),
                "--out_dir",
                str(tmp_path),
                f"train=waves:{asr_data.data_dir}:{asr_data.text}",
            ]
        )
