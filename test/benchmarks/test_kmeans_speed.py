import json

import numpy as np
import pytest

from softassign.arkio import ark_scp_writer
from softassign.benchmarks.kmeans_speed import ESPNET_MINIBATCH_KMEANS, compare_kmeans, kmeans_speed, mean_inertia
from softassign.benchmarks.report import targets_of
from softassign.bin import bench_kmeans
from softassign.records import Record

#: four well separated points (the origin and 10 on each axis) and the spread of the frames around them
BLOB_CENTRES = 10 * np.eye(4, 3, dtype=np.float32)
BLOB_SPREAD = 0.1


@pytest.fixture
def blobs_scp(tmp_path):
    """Six utterances of frames around the four blob centres (the noise: mean squared distance 3 x 0.01)."""
    rng = np.random.default_rng(0)
    with ark_scp_writer(tmp_path / "feats.ark", tmp_path / "feats.scp", Record("test blobs")) as writer:
        for i in range(6):
            ids = rng.integers(0, 4, size=50)
            frames = BLOB_CENTRES[ids] + BLOB_SPREAD * rng.standard_normal((50, 3))
            writer[f"u{i}"] = frames.astype(np.float32)
    return tmp_path / "feats.scp"


def matched_error(centroids: np.ndarray) -> float:
    """The largest distance of a blob centre to its own centroid, each centroid matched to one centre."""
    distances = np.linalg.norm(BLOB_CENTRES[:, None] - centroids[None], axis=-1)
    nearest = distances.argmin(1)
    assert sorted(nearest) == [0, 1, 2, 3], f"two blobs share a centroid: {centroids}"
    return float(distances[np.arange(4), nearest].max())


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


def test_both_learners_find_the_blobs_at_the_same_inertia(blobs_scp):
    comparison = compare_kmeans(blobs_scp, 4, max_iter=5)
    figures = comparison.figures
    assert (figures["frames"], figures["dim"], figures["num_clusters"]) == (300, 3, 4)
    # each learner puts one centroid on each blob centre (the mean of 75 frames: within a few spreads / sqrt(75))
    assert matched_error(comparison.ours) < 0.05 and matched_error(comparison.espnet) < 0.05
    # the inertia of the blobs is the noise's, 3 x 0.1^2, for both learners, evaluated on the same frames
    assert figures["ours_inertia"] == pytest.approx(3 * BLOB_SPREAD**2, rel=0.15)
    assert figures["inertia_ratio"] == pytest.approx(1.0, abs=0.03)
    assert figures["inertia_ratio"] == pytest.approx(figures["ours_inertia"] / figures["espnet_inertia"], rel=1e-3)
    assert figures["speedup"] > 0 and figures["espnet_load_s"] >= 0
    # converged blobs: the second streamed pass improves by nothing and stops the learner
    assert 1 <= figures["ours_passes"] <= 2
    assert kmeans_speed(blobs_scp, 4, max_iter=5)["ours_inertia"] == figures["ours_inertia"]  # seeded


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


def test_a_named_run_is_its_own_benchmark_with_the_kmeans_targets(blobs_scp, tmp_path):
    out = tmp_path / "kmeans_1024d.json"
    args = ["--feats_scp", str(blobs_scp), "--num_clusters", "4", "--max_iter", "3", "--name", "kmeans_1024d"]
    bench_kmeans.main([*args, "--out", str(out)])
    content = json.loads((tmp_path / "kmeans_1024d_k4.json").read_text())
    assert content["benchmark"] == "kmeans_1024d_k4"
    assert [t.figure for t in targets_of(content["benchmark"])] == ["speedup", "inertia_ratio"]
