r"""Measure the peak RAM of the unit stages' jobs at full size: k-means at K=4096 over D=1024, WavLM Large dumps.

    python -m softassign.bin.memory_probe --work_dir /tmp/probe \
        --reader_conf egs/librispeech/asr1/conf/feats/wavlm_large_l21.yaml \
        [--num_clusters 4096] [--frames 200000] [--seconds 35] [--seed_weights] --out ram.json
runs, each as its own process whose peak RSS is read by ``os.wait4`` (:func:`softassign.benchmarks.memory.peak_rss_mb`):

* ``kmeans``: ``learn_kmeans`` at K on ``--frames`` random float16 frames of the reader's dimension (one sample
  pass and one streamed pass: its memory does not depend on the passes or, beyond the in-memory sample, on the
  corpus size; the test suite checks that it stays flat as the corpus doubles);
* ``features`` and ``units``: ``dump_features`` / ``dump_units`` of one utterance of ``--seconds`` of noise through
  the reader (LibriSpeech's longest utterances are about 35 s), units against K random centroids.

``--seed_weights`` first saves seeded random weights of the reader's torchaudio bundle in ``$TORCH_HOME``
(offline machines); the memory is that of the real architecture. Writes ``{stage: "<MB> MB (what)"}`` to ``--out``
for ``softassign.bin.storage_report --ram_probes``.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import numpy as np
import soundfile

from softassign.arkio import ark_scp_writer
from softassign.atomic import atomic_write_text
from softassign.benchmarks.memory import module_command, peak_rss_mb
from softassign.bin.common import run, setup_logging
from softassign.conf import load_yaml
from softassign.datadir import write_data_dir
from softassign.features import build_reader
from softassign.records import Record
from softassign.units.centroids import save_centroids


def random_features(path: Path, frames: int, dim: int, seed: int = 0) -> Path:
    """A feature scp of ``frames`` random float16 frames (utterances of 500 frames), as the k-means portion's."""
    rng = np.random.default_rng(seed)
    with ark_scp_writer(path.with_suffix(".ark"), path, Record("memory probe features"), "numpy") as writer:
        for index, start in enumerate(range(0, frames, 500)):
            writer[f"utt{index:06d}"] = rng.standard_normal((min(500, frames - start), dim)).astype(np.float16)
    return path


def long_utterance(root: Path, seconds: float) -> Path:
    """A data dir of one utterance of ``seconds`` of noise at 16 kHz."""
    wav = root / "long.wav"
    soundfile.write(wav, 0.1 * np.random.default_rng(0).standard_normal(int(seconds * 16000)), 16000)
    return write_data_dir(root / "data", {"long": str(wav)}, {"long": "NOISE"}, {"long": "spk"}).path


def probe(args: argparse.Namespace) -> dict[str, str]:
    """Run the probes; returns stage -> measured peak RSS with what was measured."""
    work = Path(args.work_dir)
    work.mkdir(parents=True, exist_ok=True)
    conf = load_yaml(args.reader_conf)
    if args.seed_weights and conf.get("type") == "ssl":
        from softassign.benchmarks.seeded_weights import seed_bundle_weights

        seed_bundle_weights(os.environ.get("TORCH_HOME", Path.home() / ".cache/torch"), conf["model"])
    dim = build_reader(conf).dim
    feats = random_features(work / "feats.scp", args.frames, dim)
    centroids = work / "centroids.npy"
    save_centroids(centroids, np.random.default_rng(1).standard_normal((args.num_clusters, dim)).astype(np.float32))
    kmeans = module_command(
        "softassign.bin.learn_kmeans",
        "--feats_scp",
        feats,
        "--num_clusters",
        args.num_clusters,
        "--max_iter",
        "1",
        "--sample_iter",
        "1",
        "--out",
        work / "kmeans/centroids.npy",
    )
    data = long_utterance(work, args.seconds)
    features = module_command("softassign.bin.dump_features", "--reader_conf", args.reader_conf, f"{data}:{work / 'f'}")
    units = module_command(
        "softassign.bin.dump_units", "--reader_conf", args.reader_conf, "--centroids", centroids, f"{data}:{work / 'u'}"
    )
    return {
        "kmeans": f"{peak_rss_mb(kmeans):.0f} MB (K={args.num_clusters}, D={dim}, {args.frames} frames)",
        "features": f"{peak_rss_mb(features):.0f} MB (one {args.seconds:g} s utterance)",
        "units": f"{peak_rss_mb(units):.0f} MB (one {args.seconds:g} s utterance, K={args.num_clusters})",
    }


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, probe, write and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work_dir", required=True)
    parser.add_argument("--reader_conf", required=True, help="the feature reader of the units (e.g. WavLM Large L21)")
    parser.add_argument("--num_clusters", type=int, default=4096)
    parser.add_argument("--frames", type=int, default=200_000, help="frames the k-means streams over")
    parser.add_argument("--seconds", type=float, default=35.0, help="length of the utterance dumped")
    parser.add_argument("--seed_weights", action="store_true", help="save seeded random bundle weights first")
    parser.add_argument("--out", required=True, help="JSON of the figures")
    args = parser.parse_args(argv)
    setup_logging()
    figures = probe(args)
    atomic_write_text(args.out, json.dumps(figures, indent=1) + "\n")
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    run(main)
