import json

import numpy as np
import pytest

from softassign.arkio import ark_scp_writer
from softassign.bench.kmeans_speed import ESPNET_MINIBATCH_KMEANS, kmeans_speed, mean_inertia
from softassign.bin import bench_kmeans


@pytest.fixture
def blobs_scp(tmp_path):
    """Six utterances of frames around four well separated points."""
    rng = np.random.default_rng(0)
    centers = 10 * np.eye(4, 3, dtype=np.float32)
    with ark_scp_writer(tmp_path / "feats.ark", tmp_path / "feats.scp") as writer:
        for i in range(6):
            ids = rng.integers(0, 4, size=50)
            writer[f"u{i}"] = (centers[ids] + 0.1 * rng.standard_normal((50, 3))).astype(np.float32)
    return tmp_path / "feats.scp"


def test_espnet_settings_are_the_recipe_defaults():
    assert (
        dict(
            init="k-means++",
            max_iter=100,
            batch_size=10000,
            tol=0.0,
            max_no_improvement=100,
            init_size=None,
            n_init=20,
            reassignment_ratio=0.0,
            compute_labels=False,
        )
        == ESPNET_MINIBATCH_KMEANS
    )


def test_inertia_is_the_mean_squared_distance_to_the_nearest_centroid():
    frames = np.array([[0.0, 0.0], [2.0, 0.0], [0.0, 3.0]], dtype=np.float32)
    # nearest: [0, 0] (0), [2, 1] (1), [2, 1] (4 + 4 = 8, closer than 9 to [0, 0])
    assert mean_inertia(frames, np.array([[0.0, 0.0], [2.0, 1.0]])) == pytest.approx((0 + 1 + 8) / 3)


def test_both_learners_find_the_blobs(blobs_scp):
    figures = kmeans_speed(blobs_scp, 4, max_iter=5)
    assert (figures["frames"], figures["dim"], figures["num_clusters"]) == (300, 3, 4)
    assert figures["ours_inertia"] < 0.05 and figures["espnet_inertia"] < 0.05
    assert figures["inertia_ratio"] == pytest.approx(figures["ours_inertia"] / figures["espnet_inertia"], rel=1e-3)
    assert figures["speedup"] > 0 and 1 <= figures["ours_passes"] <= 5


def test_entry_point_writes_one_file_per_k(blobs_scp, tmp_path, capsys):
    bench_kmeans.main(
        [
            "--feats_scp",
            str(blobs_scp),
            "--num_clusters",
            "2",
            "4",
            "--max_iter",
            "3",
            "--out",
            str(tmp_path / "kmeans.json"),
        ]
    )
    assert json.loads((tmp_path / "kmeans_k4.json").read_text())["figures"]["num_clusters"] == 4
    assert json.loads((tmp_path / "kmeans_k2.json").read_text())["benchmark"] == "kmeans_k2"
    assert "kmeans_k2: speedup" in capsys.readouterr().out
