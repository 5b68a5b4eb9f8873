"""A unit_embedding ESPnet ASR model trained on a feature scp the way the recipe stages train one.

For benchmarks that need a real model at a given K whatever its accuracy
(decoding cost does not depend on it): k-means (:func:`softassign.units.kmeans.learn_kmeans`),
hard unit ids (:func:`softassign.dump.dump_units`), a char token list
(``softassign.bin.make_token_list``), ESPnet collect-stats and training
(``softassign.bin.asr_train``) on the first utterances of the scp, validated
on the same ones.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from softassign.arkio import scp_keys
from softassign.bench.subsets import subset_scp, subset_text
from softassign.bin import asr_train, make_token_list
from softassign.dump import dump_units, iter_scp_features
from softassign.units.centroids import load_centroids, save_centroids
from softassign.units.kmeans import learn_kmeans

#: ESPnet's fold lengths of the speech (frames) and text (tokens) shapes, for ``batch_type: folded`` configs.
FOLD_LENGTHS = ["--fold_length", "3000", "--fold_length", "150"]


@dataclass(frozen=True)
class UnitModel:
    """A trained unit model: ESPnet config and parameters, and the centroids of its units."""

    config: Path
    model_file: Path
    centroids: Path


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


def train_espnet(
    config: str | os.PathLike, speech_scp: Path, data_args: list[str], stats: Path, exp: Path, epochs: int
) -> None:
    """ESPnet collect-stats into ``stats``, then ``epochs`` epochs of training into ``exp``."""
    asr_train.main(
        [
            "--config",
            str(config),
            *data_args,
            "--collect_stats",
            "true",
            "--output_dir",
            str(stats),
            "--train_shape_file",
            str(speech_scp),
            "--valid_shape_file",
            str(speech_scp),
        ]
    )
    shapes = [
        arg
        for subset in ("train", "valid")
        for name in ("speech_shape", "text_shape")
        for arg in (f"--{subset}_shape_file", str(stats / subset / name))
    ]
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
) -> UnitModel:
    """Train a ``num_clusters``-unit model on the first ``num_utts`` utterances of ``feats_scp``.

    ``asr_config`` is an ESPnet config with ``frontend: unit_embedding``
    (e.g. a recipe's ``conf/train_asr_units.yaml``); K and the centroid file
    are set here. Everything is written under ``work_dir``.
    """
    work_dir = Path(work_dir)
    scp = subset_scp(feats_scp, num_utts, work_dir / "feats.scp")
    subset_text(text, scp_keys(scp), work_dir / "text")
    centroids = work_dir / "centroids.npy"
    save_centroids(centroids, learn_kmeans(str(scp), num_clusters, max_iter=kmeans_iter, seed=seed).centroids)
    units_scp = dump_units(iter_scp_features(scp), load_centroids(centroids), work_dir / "units")
    make_token_list.main(["--text", str(work_dir / "text"), "--out_dir", str(work_dir / "tokens")])
    data_args = espnet_data_args(units_scp, work_dir / "text", work_dir / "tokens" / "tokens.txt")
    data_args += ["--frontend_conf", f"num_units={num_clusters}", "--frontend_conf", f"centroids={centroids}"]
    train_espnet(asr_config, units_scp, data_args, work_dir / "stats", work_dir / "exp", epochs)
    return UnitModel(work_dir / "exp" / "config.yaml", work_dir / "exp" / "valid.acc.ave.pth", centroids)
