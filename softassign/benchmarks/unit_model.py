"""A unit_embedding ESPnet ASR model trained on a feature scp the way the recipe stages train one.

For benchmarks that need a real model at a given K whatever its accuracy
(decoding cost does not depend on it): k-means (:func:`softassign.units.kmeans.learn_kmeans`),
hard unit ids (:func:`softassign.dump.dump_units`), a char token list
(``softassign.bin.make_token_list``), the shape files of
``softassign.bin.write_shapes`` (no collect-stats pass) and ESPnet training
(``softassign.bin.asr_train``) on the first utterances of the scp, validated
on the same ones. The model carries its centroids (``frontend_conf
centroids``) and, when given, the feature reader conf its units come from
(``frontend_conf reader``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from softassign.arkio import scp_keys
from softassign.benchmarks.subsets import subset_scp, subset_text
from softassign.bin import asr_train, make_token_list, write_shapes
from softassign.conf import inline_yaml, load_yaml
from softassign.dump import dump_units
from softassign.errors import DataError
from softassign.features.sources import FeatureSource
from softassign.records import command_record
from softassign.units.centroids import load_centroids, save_centroids
from softassign.units.kmeans import KMeansOptions, learn_kmeans

#: ESPnet's fold lengths of the speech (frames) and text (tokens) shapes, for ``batch_type: folded`` configs.
FOLD_LENGTHS = ["--fold_length", "3000", "--fold_length", "150"]


@dataclass(frozen=True)
class UnitModel:
    """A trained unit model: ESPnet config and parameters (which hold the centroids), and the centroid file."""

    config: Path
    model_file: Path
    centroids: Path | None = None


def espnet_data_args(scp: Path, text: Path, tokens: Path) -> list[str]:
    """ESPnet data options of a model on ``scp`` (train and valid alike) with char tokens."""
    args = [
        "--use_preprocessor",
        "true",
        "--token_type",
        "char",
        "--token_list",
        str(tokens),
        "--ngpu",
        "0",
        "--num_workers",
        "0",
    ]
    for subset in ("train", "valid"):
        args += [
            f"--{subset}_data_path_and_name_and_type",
            f"{scp},speech,kaldi_ark",
            f"--{subset}_data_path_and_name_and_type",
            f"{text},text,text",
        ]
    return args


def shape_files(units_scp: Path, text: Path, tokens: Path, stats: Path) -> list[str]:
    """Write the speech and text shape files (``softassign.bin.write_shapes``); ESPnet's shape options for them."""
    write_shapes.main(
        [
            "--token_type",
            "char",
            "--token_list",
            str(tokens),
            "--out_dir",
            str(stats),
            f"train=units:{units_scp}:{text}",
        ]
    )
    return [  # the model trains and validates on the same utterances
        arg
        for subset in ("train", "valid")
        for name in ("speech_shape", "text_shape")
        for arg in (f"--{subset}_shape_file", str(stats / "train" / name))
    ]


def train_espnet(config: str | os.PathLike, data_args: list[str], shapes: list[str], exp: Path, epochs: int) -> None:
    """``epochs`` epochs of ESPnet training into ``exp`` on the given data and shape files."""
    asr_train.main(
        [
            "--config",
            str(config),
            *data_args,
            *shapes,
            *FOLD_LENGTHS,
            "--max_epoch",
            str(epochs),
            "--use_tensorboard",
            "false",
            "--use_matplotlib",
            "false",
            "--output_dir",
            str(exp),
        ]
    )


def averaged_model(exp: Path) -> Path:
    """The parameters ESPnet averaged in ``exp`` by the first ``best_model_criterion`` of its ``config.yaml``
    (``valid.acc.ave.pth`` for a CTC/attention config, ``valid.loss.ave.pth`` for a CTC-only one)."""
    phase, metric, _ = load_yaml(exp / "config.yaml")["best_model_criterion"][0]
    model = exp / f"{phase}.{metric}.ave.pth"
    if not model.exists():
        raise DataError(f"{exp}: training wrote no {model.name} (the average by its first best_model_criterion)")
    return model


def train_unit_model(
    feats_scp: str | os.PathLike,
    text: str | os.PathLike,
    asr_config: str | os.PathLike,
    num_clusters: int,
    work_dir: str | os.PathLike,
    num_utts: int,
    epochs: int = 1,
    kmeans_iter: int = 10,
    seed: int = 0,
    reader: dict | None = None,
) -> UnitModel:
    """Train a ``num_clusters``-unit model on the first ``num_utts`` utterances of ``feats_scp``.

    ``asr_config`` is an ESPnet config with ``frontend: unit_embedding``
    (e.g. a recipe's ``conf/train_asr_units.yaml``); K, the centroid file and
    ``reader`` (the feature reader conf of ``feats_scp``, for decoding audio)
    are set here. Everything is written under ``work_dir``.
    """
    work_dir = Path(work_dir)
    scp = subset_scp(feats_scp, num_utts, work_dir / "feats.scp")
    subset_text(text, scp_keys(scp), work_dir / "text")
    centroids = work_dir / "centroids.npy"
    options = KMeansOptions(num_clusters, max_iter=kmeans_iter, seed=seed)
    save_centroids(centroids, learn_kmeans(str(scp), options).centroids)
    units_dir = work_dir / "units"
    record = command_record(["bench_unit_model", "dump_units", str(scp), str(centroids)], [units_dir])
    units_scp = dump_units(FeatureSource(scp=str(scp)), load_centroids(centroids), units_dir, record)
    tokens = work_dir / "tokens" / "tokens.txt"
    make_token_list.main(["--text", str(work_dir / "text"), "--out_dir", str(tokens.parent)])
    shapes = shape_files(units_scp, work_dir / "text", tokens, work_dir / "stats")
    data_args = espnet_data_args(units_scp, work_dir / "text", tokens)
    data_args += ["--frontend_conf", f"num_units={num_clusters}", "--frontend_conf", f"centroids={centroids}"]
    if reader is not None:
        data_args += ["--frontend_conf", f"reader={inline_yaml(reader)}"]
    train_espnet(asr_config, data_args, shapes, work_dir / "exp", epochs)
    return UnitModel(work_dir / "exp" / "config.yaml", averaged_model(work_dir / "exp"), centroids)
