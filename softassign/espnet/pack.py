"""Packed models: a trained ASR model with everything decoding needs, in ESPnet's archive format.

A pack is the zip of ESPnet's ``espnet2.main_funcs.pack_funcs.pack`` (with its ``meta.yaml``), holding

* ``config.yaml`` and ``model.pth``: the ESPnet training config and parameters (``asr_train_config``,
  ``asr_model_file``, as ESPnet's own ASR packs name them); the token list is inside the config;
* ``feats.yaml`` (``feats_conf``): the feature reader the model's input comes from (its units, or its
  continuous features), with ``reader.pt`` when that reader loads a local checkpoint;
* ``bpe.model`` (BPE tokens), ``centroids.npy`` (unit models: the centroids the model was trained with,
  taken from its own state), ``feats_stats.npz`` (continuous models with global MVN).

The config's paths are rewritten to those member names, so that ESPnet's ``unpack`` points them at the
extracted files wherever the pack is unpacked. :class:`PackedSpeech2Text` decodes a waveform with a pack,
hard or soft, as ESPnet's ``Speech2Text`` does for its models. A pack is checked when it is made and when it
is loaded: centroids that do not fit the embedding table, centroids other than the model's own, and a feature
conf other than the one its units came from are errors that name the pack.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
import yaml
from espnet2.main_funcs.pack_funcs import pack, unpack

from softassign.atomic import replacing
from softassign.conf import load_yaml
from softassign.errors import ConfigError
from softassign.espnet.inference import DecodeTask, configure, decode_one, load_speech2text, unit_frontend
from softassign.units.centroids import load_centroids, save_centroids


def _absolute_checkpoint(reader: dict) -> dict:
    """The reader conf with a relative ``checkpoint`` made absolute, as training stored it (for comparing confs).

    Recipes run from their own dir, and ``softassign.bin.inline_yaml`` made the path absolute against it.
    """
    checkpoint = reader.get("checkpoint")
    if isinstance(checkpoint, str) and not os.path.isabs(checkpoint):
        return {**reader, "checkpoint": os.path.abspath(checkpoint)}
    return reader


def check_same_reader(model_reader: dict | None, feats: dict, where: str) -> None:
    """ConfigError unless the model's reader conf is ``feats`` (the conf its units or features came from)."""
    if model_reader is not None and model_reader != feats:
        raise ConfigError(
            f"{where}: the feature conf {feats} differs from the one the model's input came from {model_reader}"
        )


def _stored_centroids(model_file: Path) -> torch.Tensor | None:
    state = torch.load(model_file, map_location="cpu", weights_only=True)
    stored = state.get("frontend.centroids")
    return stored.float() if stored is not None and stored.numel() else None


def _stage(exp: Path, model_file: Path, feats_conf: Path, stage: Path) -> list[str]:
    """Write the pack's members into ``stage``; returns the optional members (besides config and model)."""
    config = yaml.safe_load((exp / "config.yaml").read_text(encoding="utf-8"))
    feats = load_yaml(feats_conf)
    frontend_conf = config.get("frontend_conf") or {}
    reader = frontend_conf.get("reader")
    check_same_reader(reader, _absolute_checkpoint(feats), f"{feats_conf}")
    members = ["feats.yaml"]
    if isinstance(feats.get("checkpoint"), str):
        shutil.copy(reader["checkpoint"] if reader else feats["checkpoint"], stage / "reader.pt")
        feats = {**feats, "checkpoint": "reader.pt"}
        members.append("reader.pt")
    if reader is not None:
        frontend_conf["reader"] = feats
    if config.get("bpemodel") not in (None, "none"):
        shutil.copy(config["bpemodel"], stage / "bpe.model")
        config["bpemodel"] = "bpe.model"
        members.append("bpe.model")
    centroids = _stored_centroids(model_file)
    if centroids is not None:
        save_centroids(stage / "centroids.npy", centroids)
        frontend_conf["centroids"] = "centroids.npy"
        members.append("centroids.npy")
    stats = (config.get("normalize_conf") or {}).get("stats_file")
    if stats:
        shutil.copy(stats, stage / "feats_stats.npz")
        config["normalize_conf"]["stats_file"] = "feats_stats.npz"
        members.append("feats_stats.npz")
    config["frontend_conf"] = frontend_conf
    (stage / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (stage / "feats.yaml").write_text(yaml.safe_dump(feats, sort_keys=False), encoding="utf-8")
    shutil.copy(model_file, stage / "model.pth")
    return members


def pack_model(exp: str | Path, model_file: str | Path, feats_conf: str | Path, out: str | Path) -> Path:
    """Pack the model ``model_file`` of ESPnet exp dir ``exp`` with the reader conf its input came from."""
    exp, model_file, feats_conf, out = Path(exp), Path(model_file), Path(feats_conf), Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp)
        members = _stage(exp, model_file, feats_conf, stage)
        with replacing(out, suffix=out.suffix) as partial, contextlib.chdir(stage):
            pack(
                files={"asr_model_file": "model.pth"},
                yaml_files={"asr_train_config": "config.yaml", "feats_conf": "feats.yaml"},
                option=[m for m in members if m != "feats.yaml"],
                outpath=partial,
            )
    return out


@dataclass(frozen=True)
class UnpackedModel:
    """The files of an unpacked pack."""

    archive: Path
    config: Path
    model_file: Path
    feats_conf: Path


def check_pack(unpacked: UnpackedModel) -> None:
    """ConfigError naming the pack when its centroids or its feature conf do not belong to its model."""
    config = yaml.safe_load(unpacked.config.read_text(encoding="utf-8"))
    frontend_conf = config.get("frontend_conf") or {}
    check_same_reader(frontend_conf.get("reader"), load_yaml(unpacked.feats_conf), f"pack {unpacked.archive}")
    if config.get("frontend") != "unit_embedding":
        return
    centroids = load_centroids(frontend_conf["centroids"])
    if len(centroids) != frontend_conf["num_units"]:
        raise ConfigError(
            f"pack {unpacked.archive}: {len(centroids)} centroids do not fit the embedding table of "
            f"{frontend_conf['num_units']} rows"
        )
    stored = _stored_centroids(unpacked.model_file)
    if stored is not None and not torch.equal(stored, centroids):
        raise ConfigError(
            f"pack {unpacked.archive}: its centroids.npy differs from the centroids the model was trained with"
        )


def unpack_model(archive: str | Path, cache_dir: str | Path | None = None) -> UnpackedModel:
    """Unpack (ESPnet's ``unpack``, cached next to the archive by default) and check a pack."""
    archive = Path(archive)
    target = Path(cache_dir) if cache_dir else archive.with_name(f"{archive.stem}_unpacked")
    files = unpack(archive, target)
    unpacked = UnpackedModel(
        archive, Path(files["asr_train_config"]), Path(files["asr_model_file"]), Path(files["feats_conf"])
    )
    check_pack(unpacked)
    return unpacked


class PackedSpeech2Text:
    """Decode waveforms with a pack: ``PackedSpeech2Text("m.zip")(wave, assignment="soft", tau=8.0) -> text``.

    ``wave`` is a mono 16 kHz waveform (NumPy array or tensor). Unit models decode ``hard`` (the nearest
    centroid, as in training) or ``soft`` at ``tau`` (optionally over the ``topk`` nearest clusters); a
    continuous-feature model takes neither. ``beam_options`` go to :func:`load_speech2text` (search, beam_size, ...).
    """

    def __init__(self, archive: str | Path, device: str = "cpu", cache_dir: str | Path | None = None, **beam_options):
        self.unpacked = unpack_model(archive, cache_dir)
        self.speech2text = load_speech2text(
            str(self.unpacked.config), str(self.unpacked.model_file), device, **beam_options
        )
        frontend = unit_frontend(self.speech2text)
        self.reader = frontend.reader if frontend is not None else None

    @property
    def is_unit_model(self) -> bool:
        """True for a ``unit_embedding`` model (hard and soft assignment), False for a continuous one."""
        return self.reader is not None

    def __call__(self, wave, assignment: str = "hard", tau: float | None = None, topk: int | None = None) -> str:
        """The 1-best text of one waveform."""
        wave = torch.as_tensor(np.asarray(wave, dtype=np.float32))
        if not self.is_unit_model:
            if assignment != "hard" or tau is not None or topk:
                raise ConfigError("a continuous-feature model takes no assignment, tau or topk")
            return decode_one(self.speech2text, "waveform", wave)
        task = DecodeTask("", "audio", "", assignment, tau)
        configure(self.speech2text, task, topk)
        feats = self.reader.extract([wave])[0]
        return decode_one(self.speech2text, "waveform", feats)
