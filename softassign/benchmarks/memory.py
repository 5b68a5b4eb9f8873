"""Peak memory of k-means learning and unit dumping as the corpus doubles (target: flat).

Each step runs as its own subprocess (the recipe's entry points,
``softassign.bin.learn_kmeans`` and ``softassign.bin.dump_units``) on the
first N and then the first 2N utterances of a feature scp; its peak resident
set size is read from the kernel's accounting of that one child
(``os.wait4``, through the small parent ``softassign.bin.peak_rss``), so
neither earlier runs nor this process's own memory can mask it. The figures are the peaks in
MB and their growth factor 2N / N (1.0 = flat). Both include the Python,
torch and NumPy baseline of a fresh process. Next to them: the frames the
k-means streamed over (from its ``centroids.json``), their size as float32
in MB and their growth factor (2.0 for N and 2N utterances of one length),
so that a flat peak can be read against the data it held or not.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from softassign.arkio import scp_keys
from softassign.benchmarks.subsets import subset_scp
from softassign.errors import DataError
from softassign.units.centroids import load_centroids


def peak_rss_mb(command: list[str]) -> float:
    """Run ``command`` through ``softassign.bin.peak_rss``; return its peak RSS in MB. DataError if it fails."""
    with tempfile.TemporaryDirectory() as tmp:
        peak, log = Path(tmp) / "peak_kib", Path(tmp) / "log"
        with open(log, "wb") as output:
            result = subprocess.run(
                module_command("softassign.bin.peak_rss", "--out", peak, "--", *command),
                stdout=output,
                stderr=subprocess.STDOUT,
                check=False,
            )
        if result.returncode != 0:
            tail = log.read_text(errors="replace")[-2000:]
            raise DataError(f"{' '.join(map(str, command))} failed ({result.returncode}):\n{tail}")
        return int(peak.read_text()) / 1024


def module_command(module: str, *args: str | os.PathLike) -> list[str]:
    """``python -m <module> args...`` with this interpreter."""
    return [sys.executable, "-m", module, *map(str, args)]


def streamed_data(centroids: Path) -> tuple[int, float]:
    """(frames, float32 MB) of the features a learn_kmeans run streamed, from its summary next to ``centroids``."""
    summary = json.loads(centroids.with_suffix(".json").read_text(encoding="utf-8"))
    frames = int(summary["num_frames"])
    return frames, frames * load_centroids(centroids).shape[1] * 4 / 2**20


def memory_scaling(
    feats_scp: str | os.PathLike, num_utts: int, num_clusters: int, work_dir: str | os.PathLike, kmeans_iter: int = 3
) -> dict:
    """Peak RSS of learn_kmeans and dump_units on the first ``num_utts`` and ``2 * num_utts`` utterances."""
    total = len(scp_keys(feats_scp))
    if total < 2 * num_utts:
        raise DataError(f"{feats_scp}: {total} utterances, fewer than the 2 x {num_utts} the benchmark needs")
    work_dir = Path(work_dir)
    figures: dict = {"num_clusters": num_clusters}
    for label, count in (("n", num_utts), ("2n", 2 * num_utts)):
        scp = subset_scp(feats_scp, count, work_dir / f"feats_{label}.scp")
        centroids, units_dir = work_dir / f"centroids_{label}.npy", work_dir / f"units_{label}"
        shutil.rmtree(units_dir, ignore_errors=True)  # a finished dump would be skipped, not measured
        figures[f"utterances_{label}"] = count
        figures[f"kmeans_peak_mb_{label}"] = round(
            peak_rss_mb(
                module_command(
                    "softassign.bin.learn_kmeans",
                    "--feats_scp",
                    scp,
                    "--num_clusters",
                    num_clusters,
                    "--max_iter",
                    kmeans_iter,
                    "--out",
                    centroids,
                )
            ),
            1,
        )
        figures[f"dump_units_peak_mb_{label}"] = round(
            peak_rss_mb(module_command("softassign.bin.dump_units", "--centroids", centroids, f"{scp}:{units_dir}")),
            1,
        )
        frames, data_mb = streamed_data(centroids)
        figures[f"frames_{label}"], figures[f"data_mb_{label}"] = frames, round(data_mb, 1)
    figures["data_growth"] = round(figures["frames_2n"] / figures["frames_n"], 3)
    for step in ("kmeans", "dump_units"):
        figures[f"{step}_growth"] = round(figures[f"{step}_peak_mb_2n"] / figures[f"{step}_peak_mb_n"], 3)
    return figures
