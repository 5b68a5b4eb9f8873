"""Packed models: a pack decodes exactly as its exp dir does (Python API and data-dir command); bad packs fail
naming the pack."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest
import yaml
from asr_setup import NUM_UNITS, TINY_HUBERT, AsrData, TrainedModel, decode

from softassign.bin import decode_pack
from softassign.conf import inline_yaml
from softassign.datadir import load_data_dir, read_table
from softassign.errors import ConfigError
from softassign.espnet.pack import PackedSpeech2Text, pack_model, unpack_model
from softassign.features.sources import load_utterance

pytestmark = pytest.mark.slow  # packs trained models

BEAM = ["--beam_size", "4"]


def exp_decode(model: TrainedModel, data: AsrData, out: Path, *options: str) -> dict[str, str]:
    """Hypotheses of decoding the data dir's audio from the exp dir (asr_inference)."""
    return decode(model, out, "--data_dir", str(data.data_dir), *options)


@pytest.fixture(scope="module")
def unit_pack(unit_model: TrainedModel, asr_data: AsrData, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pack") / "units.zip"
    return pack_model(unit_model.config.parent, unit_model.model_file, asr_data.reader_conf, out)


def test_a_pack_holds_what_decoding_needs_in_espnets_layout(unit_pack: Path) -> None:
    names = set(zipfile.ZipFile(unit_pack).namelist())
    assert {"meta.yaml", "config.yaml", "model.pth", "feats.yaml", "centroids.npy"} <= names
    meta = yaml.safe_load(zipfile.ZipFile(unit_pack).read("meta.yaml"))
    assert meta["files"] == {"asr_model_file": "model.pth"}
    assert meta["yaml_files"] == {"asr_train_config": "config.yaml", "feats_conf": "feats.yaml"}
    unpacked = unpack_model(unit_pack)
    config = yaml.safe_load(unpacked.config.read_text())
    assert config["frontend_conf"]["centroids"] == str(unpacked.config.parent / "centroids.npy")


def test_the_python_api_decodes_like_the_exp_dir_hard_and_soft(unit_model, asr_data, unit_pack, tmp_path) -> None:
    recognizer = PackedSpeech2Text(unit_pack, beam_size=4)
    data = load_data_dir(asr_data.data_dir)
    for assignment, options in (("hard", []), ("soft", ["--assignment", "soft", "--tau", "50"])):
        expected = exp_decode(unit_model, asr_data, tmp_path / assignment, *options)
        tau = 50.0 if assignment == "soft" else None
        got = {utt: recognizer(load_utterance(data, utt, 16000), assignment, tau) for utt in data.utterances}
        assert got == expected


def test_the_data_dir_command_decodes_like_the_exp_dir(unit_model, asr_data, unit_pack, tmp_path) -> None:
    decode_pack.main(
        [
            "--pack",
            str(unit_pack),
            "--data_dir",
            str(asr_data.data_dir),
            "--output_dir",
            str(tmp_path / "pack"),
            *BEAM,
            "--assignment",
            "soft",
            "--tau",
            "50",
        ]
    )
    expected = exp_decode(unit_model, asr_data, tmp_path / "exp", "--assignment", "soft", "--tau", "50")
    assert read_table(tmp_path / "pack/text", allow_empty=True) == expected


def test_a_continuous_model_packs_with_its_reader_and_statistics(continuous_model, asr_data, tmp_path) -> None:
    conf = tmp_path / "tiny_hubert.yaml"
    conf.write_text(inline_yaml(TINY_HUBERT) + "\n")
    pack = pack_model(continuous_model.config.parent, continuous_model.model_file, conf, tmp_path / "cont.zip")
    recognizer = PackedSpeech2Text(pack, beam_size=4)
    assert not recognizer.is_unit_model
    data = load_data_dir(asr_data.data_dir)
    got = {utt: recognizer(load_utterance(data, utt, 16000)) for utt in data.utterances}
    assert got == exp_decode(continuous_model, asr_data, tmp_path / "exp")
    with pytest.raises(ConfigError, match="takes no assignment"):
        recognizer(load_utterance(data, data.utterances[0], 16000), "soft", 8.0)


def test_packing_with_another_feature_conf_is_refused(unit_model, asr_data, tmp_path) -> None:
    other = tmp_path / "mfcc12.yaml"
    other.write_text("type: mfcc\nnum_ceps: 12\n")
    with pytest.raises(ConfigError, match="differs from the one the model's input came from"):
        pack_model(unit_model.config.parent, unit_model.model_file, other, tmp_path / "bad.zip")
    assert not (tmp_path / "bad.zip").exists()


def tampered(pack: Path, out: Path, member: str, data: bytes) -> Path:
    """A copy of ``pack`` with ``member`` replaced by ``data``."""
    with zipfile.ZipFile(pack) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            target.writestr(name, data if name == member else source.read(name))
    return out


def npy_bytes(array: np.ndarray, tmp_path: Path) -> bytes:
    np.save(tmp_path / "x.npy", array)
    return (tmp_path / "x.npy").read_bytes()


@pytest.mark.parametrize(
    "member, make, message",
    [
        (
            "centroids.npy",
            lambda c, t: npy_bytes(np.zeros((NUM_UNITS + 1, c.shape[1]), np.float32), t),
            rf"17 centroids do not fit the embedding table of {NUM_UNITS} rows",
        ),
        ("centroids.npy", lambda c, t: npy_bytes(c + 1.0, t), "differs from the centroids the model was trained with"),
        ("feats.yaml", lambda c, t: b"type: mfcc\nnum_ceps: 20\n", "differs from the one the model's input came from"),
    ],
    ids=["centroids_of_another_k", "other_centroids", "other_feature_conf"],
)
def test_a_bad_pack_fails_naming_it(unit_pack, tmp_path, member, make, message) -> None:
    centroids = np.load(unpack_model(unit_pack).config.parent / "centroids.npy")
    bad = tampered(unit_pack, tmp_path / "bad.zip", member, make(centroids, tmp_path))
    with pytest.raises(ConfigError, match=rf"pack {bad}: .*{message}"):
        PackedSpeech2Text(bad)
