"""Tiny ESPnet ASR set-ups for the tests: random features, K=16 centroids, dumped ids, char tokens.

Training runs in-process through ``softassign.bin.asr_train`` exactly as a
recipe stage calls it: collect-stats, then training on the shape files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from softassign.arkio import ark_scp_writer
from softassign.bin import asr_train
from softassign.dump import dump_units, iter_scp_features
from softassign.units.centroids import save_centroids

CONF = Path(__file__).parent / "conf"
NUM_UNITS, FEAT_DIM, NUM_UTTS = 16, 8, 8
WORDS = ["AB", "BA", "CAB", "DAD", "BAD", "CAD", "ADD", "BB"]


@dataclass
class AsrData:
    """Paths of one generated set (used for training, validation and decoding alike)."""

    root: Path
    feats_scp: Path
    units_scp: Path
    centroids: Path
    text: Path
    token_list: Path


@dataclass
class TrainedModel:
    """A trained ESPnet model: its config.yaml and parameters."""

    config: Path
    model_file: Path


def make_asr_data(root: Path, seed: int = 0) -> AsrData:
    """Frames scattered around K random centroids, their hard ids dumped by dump_units, and char transcripts."""
    rng = np.random.default_rng(seed)
    root.mkdir(parents=True, exist_ok=True)
    centroids = (2.0 * rng.standard_normal((NUM_UNITS, FEAT_DIM))).astype(np.float32)
    save_centroids(root / "centroids.npy", centroids)
    with ark_scp_writer(root / "feats.ark", root / "feats.scp") as writer:
        for i in range(NUM_UTTS):
            ids = rng.integers(0, NUM_UNITS, size=20 + 3 * i)
            noise = 0.5 * rng.standard_normal((len(ids), FEAT_DIM))
            writer[f"utt{i:02d}"] = (centroids[ids] + noise).astype(np.float32)
    units_scp = dump_units(iter_scp_features(root / "feats.scp"), torch.from_numpy(centroids), root)
    texts = [f"{WORDS[i]} {WORDS[(i + 3) % NUM_UTTS]}" for i in range(NUM_UTTS)]
    (root / "text").write_text("".join(f"utt{i:02d} {t}\n" for i, t in enumerate(texts)))
    chars = sorted(set("".join(texts)) - {" "})
    (root / "tokens.txt").write_text("\n".join(["<blank>", "<unk>", *chars, "<space>", "<sos/eos>"]) + "\n")
    return AsrData(root, root / "feats.scp", units_scp, root / "centroids.npy", root / "text", root / "tokens.txt")


def common_args(config: Path, data: AsrData, speech_scp: Path) -> list[str]:
    """ESPnet options shared by collect-stats and training (as a recipe's stage passes them)."""
    args = [
        "--config",
        str(config),
        "--use_preprocessor",
        "true",
        "--token_type",
        "char",
        "--token_list",
        str(data.token_list),
        "--bpemodel",
        "none",
        "--non_linguistic_symbols",
        "none",
        "--cleaner",
        "none",
        "--g2p",
        "none",
        "--ngpu",
        "0",
        "--num_workers",
        "0",
    ]
    for subset in ("train", "valid"):
        args += [
            f"--{subset}_data_path_and_name_and_type",
            f"{speech_scp},speech,kaldi_ark",
            f"--{subset}_data_path_and_name_and_type",
            f"{data.text},text,text",
        ]
    return args


def train(
    config: Path, data: AsrData, speech_scp: Path, out: Path, epochs: int, global_mvn: bool = False
) -> TrainedModel:
    """Collect stats, then train ``epochs`` epochs; returns the averaged model.

    With ``global_mvn`` (the continuous config) collect-stats runs without
    normalisation and training reads the stats it wrote.
    """
    args = common_args(config, data, speech_scp)
    stats = out / "stats"
    asr_train.main(
        args
        + [
            "--collect_stats",
            "true",
            "--output_dir",
            str(stats),
            "--train_shape_file",
            str(speech_scp),
            "--valid_shape_file",
            str(speech_scp),
        ]
        + (["--normalize", "none"] if global_mvn else [])
    )
    shapes = []
    for subset in ("train", "valid"):
        for name in ("speech_shape", "text_shape"):
            shapes += [f"--{subset}_shape_file", str(stats / subset / name)]
    asr_train.main(
        args
        + shapes
        + [
            "--fold_length",
            "500",
            "--fold_length",
            "150",
            "--max_epoch",
            str(epochs),
            "--use_tensorboard",
            "false",
            "--use_matplotlib",
            "false",
            "--output_dir",
            str(out / "exp"),
        ]
        + (["--normalize_conf", f"stats_file={stats / 'train' / 'feats_stats.npz'}"] if global_mvn else [])
    )
    return TrainedModel(out / "exp" / "config.yaml", out / "exp" / "valid.acc.ave.pth")
