import json
import subprocess

import kaldiio
import numpy as np
import pytest
import torch

from softassign.benchmarks.memory import module_command, peak_rss_mb
from softassign.benchmarks.subsets import subset_scp
from softassign.errors import ConfigError, DataError
from softassign.units import kmeans
from softassign.units.kmeans import KMeansOptions, learn_kmeans, reservoir_sample, select_portion


def write_blobs(path, num_utts=40, frames=50, seed=0, centers=None):
    """Utterances drawn around 4 well separated centers; returns the scp path."""
    rng = np.random.default_rng(seed)
    centers = np.array([[0, 0], [10, 0], [0, 10], [10, 10]], dtype=np.float32) if centers is None else centers
    scp = path / "feats.scp"
    with kaldiio.WriteHelper(f"ark,scp:{path / 'feats.ark'},{scp}") as writer:
        for i in range(num_utts):
            labels = rng.integers(0, len(centers), frames)
            writer[f"utt{i:04d}"] = (centers[labels] + 0.3 * rng.standard_normal((frames, centers.shape[1]))).astype(
                np.float32
            )
    return str(scp)


def all_frames(scp):
    return np.concatenate([feats for _, feats in kaldiio.load_scp_sequential(scp)]).astype(np.float64)


def nearest_squared_distances(frames, centroids):
    """float64 reference: squared distance of each frame to its nearest centroid."""
    centroids = np.asarray(centroids, dtype=np.float64)
    return ((frames[:, None, :] - centroids[None, :, :]) ** 2).sum(-1).min(1)


def test_recovers_separated_clusters(tmp_path):
    result = learn_kmeans(write_blobs(tmp_path), KMeansOptions(num_clusters=4, seed=0))
    found = sorted(map(tuple, np.round(result.centroids.numpy() / 10).astype(int)))
    assert found == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert result.mean_squared_distance < 0.3
    assert all(b <= a + 1e-6 for a, b in zip(result.history, result.history[1:]))


@pytest.mark.parametrize(("max_iter", "tol"), [(1, 0.0), (2, 0.0), (4, 0.0), (20, 1e-3)])
def test_reported_figures_belong_to_the_returned_centroids(tmp_path, max_iter, tol):
    # no cluster structure (a cloud of 500 overlapping blobs), so every Lloyd update still moves the centroids
    centers = np.random.default_rng(1).uniform(0, 20, (500, 3)).astype(np.float32)
    scp = write_blobs(tmp_path, num_utts=20, frames=100, centers=centers)
    options = KMeansOptions(16, sample_iter=0, plusplus_frames=100, max_iter=max_iter, tol=tol)
    result = learn_kmeans(scp, options)
    best = nearest_squared_distances(all_frames(scp), result.centroids.numpy())
    assert result.num_frames == len(best) == 2000
    assert result.inertia == pytest.approx(best.sum(), rel=1e-5)
    assert result.mean_squared_distance == pytest.approx(best.mean(), rel=1e-5)
    assert result.history[-1] == result.mean_squared_distance
    assert 1 <= len(result.history) <= max_iter


def test_streamed_passes_stop_at_convergence_or_max_iter(tmp_path):
    scp = write_blobs(tmp_path)
    assert len(learn_kmeans(scp, KMeansOptions(4, tol=0.5, max_iter=10)).history) == 2
    capped = learn_kmeans(scp, KMeansOptions(4, sample_iter=0, plusplus_frames=4, tol=0.0, max_iter=3))
    assert len(capped.history) <= 3


def test_passes_over_the_sample_start_the_streamed_passes_closer_to_convergence(tmp_path):
    centers = np.random.default_rng(1).uniform(0, 20, (32, 3)).astype(np.float32)
    scp = write_blobs(tmp_path, num_utts=60, frames=100, centers=centers)
    cold = learn_kmeans(scp, KMeansOptions(32, sample_iter=0, plusplus_frames=500, max_iter=1))
    warm = learn_kmeans(scp, KMeansOptions(32, sample_iter=10, plusplus_frames=500, max_iter=1))
    assert warm.mean_squared_distance < cold.mean_squared_distance
    full = learn_kmeans(scp, KMeansOptions(32, plusplus_frames=500, tol=0.0, max_iter=5))
    assert full.mean_squared_distance <= warm.mean_squared_distance + 1e-6


def test_same_seed_same_centroids_other_seed_other_portion(tmp_path):
    scp = write_blobs(tmp_path)
    a = learn_kmeans(scp, KMeansOptions(8, portion=0.5, seed=3))
    b = learn_kmeans(scp, KMeansOptions(8, portion=0.5, seed=3))
    c = learn_kmeans(scp, KMeansOptions(8, portion=0.5, seed=4))
    assert torch.equal(a.centroids, b.centroids)
    assert not torch.equal(a.centroids, c.centroids)
    assert a.num_frames == 20 * 50


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"max_iter": 0}, "max_iter must be >= 1"),
        ({"num_clusters": 0}, "num_clusters must be >= 1"),
        ({"init_frames": 7}, "init_frames must be >= num_clusters=8, got 7"),
        ({"tol": -0.1}, "tol must be >= 0"),
        ({"tol": float("nan")}, "tol must be >= 0"),
        ({"portion": 1.5}, r"portion must be in \(0, 1\]"),
        ({"sample_iter": -1}, "sample_iter must be >= 0"),
        ({"plusplus_frames": 0}, "plusplus_frames must be >= 1"),
        ({"device": "gpu0"}, "device must name a torch device"),
    ],
)
def test_bad_options_are_config_errors(changes, message):
    with pytest.raises(ConfigError, match=message):
        KMeansOptions(**{"num_clusters": 8, **changes})


def test_empty_clusters_are_reseeded_block_by_block(tmp_path, monkeypatch):
    # three distinct frames and K=4: k-means++ has to duplicate one, and the duplicate stays empty every pass
    scp = write_blobs(tmp_path, num_utts=40, frames=50, centers=np.eye(3, dtype=np.float32) * 10)
    with kaldiio.WriteHelper(f"ark,scp:{tmp_path / 'dup.ark'},{tmp_path / 'dup.scp'}") as writer:
        for utt, feats in kaldiio.load_scp_sequential(scp):
            writer[utt] = np.round(feats / 10) * 10
    rows = []

    def spy(feats, centroids):
        rows.append(len(feats))
        return squared_distances(feats, centroids)

    squared_distances = kmeans.squared_distances
    monkeypatch.setattr(kmeans, "squared_distances", spy)
    monkeypatch.setattr(kmeans, "SAMPLE_BLOCK", 64)
    result = learn_kmeans(str(tmp_path / "dup.scp"), KMeansOptions(4, init_frames=1000, max_iter=2, tol=0.0))
    assert max(rows) <= 64
    assert torch.isfinite(result.centroids).all() and result.mean_squared_distance == 0


def test_select_portion_is_seeded_and_ordered():
    utts = [f"u{i:02d}" for i in range(10)]
    assert select_portion(utts, 0.3, 1) == select_portion(utts, 0.3, 1)
    chosen = select_portion(utts, 0.3, 1)
    assert len(chosen) == 3 and chosen == sorted(chosen)
    with pytest.raises(ConfigError):
        select_portion(utts, 0.0, 1)


def test_reservoir_sample_is_bounded_and_uniform():
    blocks = (np.full((10, 1), i, dtype=np.float32) for i in range(1000))
    sample = reservoir_sample(blocks, 2000, seed=0)
    assert sample.shape == (2000, 1)
    # every block contributes ~2 rows in expectation: the mean block index is ~ the middle
    assert abs(sample.mean() - 499.5) < 25


@pytest.fixture
def large_dir(tmp_path):
    """A dir for the large feature files, emptied after the test (pytest keeps the tmp dirs of its last runs)."""
    yield tmp_path
    (tmp_path / "big.ark").unlink(missing_ok=True)


def write_large_scp(path, num_utts, frames=1250, dim=40):
    """``num_utts`` utterances of (frames, dim) float32 noise; returns the scp and the bytes of features."""
    base = np.random.default_rng(0).standard_normal((frames, dim), dtype=np.float32)
    with kaldiio.WriteHelper(f"ark,scp:{path / 'big.ark'},{path / 'big.scp'}") as writer:
        for i in range(num_utts):
            writer[f"utt{i:05d}"] = base + np.float32(i % 13)
    return path / "big.scp", num_utts * base.nbytes


def test_peak_memory_stays_flat_as_the_corpus_grows(large_dir):
    # N and 8N utterances of 200 KB (51 and 410 MB of features); learn_kmeans keeps a 2000-frame sample (320 KB).
    # The peak RSS of a process that imports torch varies by about 40 MB from run to run (allocator, huge
    # pages): the growth allowed, 20 % of the 359 MB added, stays well above that noise.
    scp_8n, data_bytes = write_large_scp(large_dir, 2048)
    counts = (256, 2048)
    peaks_mb = []
    for count in counts:
        scp = subset_scp(scp_8n, count, large_dir / f"feats_{count}.scp")
        args = ["--feats_scp", scp, "--num_clusters", 8, "--init_frames", 2000, "--plusplus_frames", 500]
        args += ["--sample_iter", 1, "--max_iter", 1, "--out", large_dir / f"centroids_{count}.npy"]
        peaks_mb.append(peak_rss_mb(module_command("softassign.bin.learn_kmeans", *args)))
    added_bytes = data_bytes * (counts[1] - counts[0]) / counts[1]
    assert added_bytes >= 350e6
    assert (peaks_mb[1] - peaks_mb[0]) * 2**20 < 0.2 * added_bytes, peaks_mb


def run_learn_kmeans(*args):
    return subprocess.run(
        module_command("softassign.bin.learn_kmeans", *map(str, args)), capture_output=True, text=True, check=False
    )


def test_entry_point_writes_the_figures_of_the_centroids_it_saves(tmp_path):
    centers = np.random.default_rng(1).uniform(0, 20, (500, 2)).astype(np.float32)
    scp = write_blobs(tmp_path, num_utts=10, centers=centers)
    out = tmp_path / "km" / "centroids.npy"
    args = ["--feats_scp", scp, "--num_clusters", 4, "--sample_iter", 0, "--max_iter", 3, "--tol", 0, "--out", out]
    done = run_learn_kmeans(*args)
    assert done.returncode == 0, done.stderr
    summary = json.loads(out.with_suffix(".json").read_text())
    best = nearest_squared_distances(all_frames(scp), np.load(out))
    assert summary["num_clusters"] == 4 and summary["num_frames"] == len(best) == 500
    assert summary["inertia"] == pytest.approx(best.sum(), rel=1e-5)
    assert summary["mean_squared_distance"] == pytest.approx(best.mean(), rel=1e-5)
    assert summary["mean_squared_distance_history"][-1] == summary["mean_squared_distance"]
    assert summary["passes"] == len(summary["mean_squared_distance_history"]) <= 3


def test_entry_point_rejects_max_iter_zero_with_a_message(tmp_path):
    scp = write_blobs(tmp_path, num_utts=2)
    done = run_learn_kmeans("--feats_scp", scp, "--num_clusters", 4, "--max_iter", 0, "--out", tmp_path / "c.npy")
    assert done.returncode == 2
    assert "error: k-means options: max_iter must be >= 1 (streamed passes), got 0" in done.stderr
    assert not (tmp_path / "c.npy").exists()


def test_too_few_frames_and_bad_dims_are_named(tmp_path):
    scp = write_blobs(tmp_path, num_utts=1, frames=3)
    with pytest.raises(DataError, match="fewer than K=8"):
        learn_kmeans(scp, KMeansOptions(8))
    with kaldiio.WriteHelper(f"ark,scp:{tmp_path / 'bad.ark'},{tmp_path / 'bad.scp'}") as writer:
        writer["a"] = np.zeros((30, 2), dtype=np.float32)
        writer["b"] = np.zeros((30, 3), dtype=np.float32)
    with pytest.raises(DataError, match="utterance b"):
        learn_kmeans(str(tmp_path / "bad.scp"), KMeansOptions(2))
