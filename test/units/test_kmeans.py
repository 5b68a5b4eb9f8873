import tracemalloc

import kaldiio
import numpy as np
import pytest
import torch

from softassign.errors import ConfigError, DataError
from softassign.units.kmeans import learn_kmeans, reservoir_sample, select_portion


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


def test_recovers_separated_clusters(tmp_path):
    result = learn_kmeans(write_blobs(tmp_path), num_clusters=4, seed=0)
    found = sorted(map(tuple, np.round(result.centroids.numpy() / 10).astype(int)))
    assert found == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert result.inertia_history[-1] < 0.3
    assert all(b <= a + 1e-6 for a, b in zip(result.inertia_history, result.inertia_history[1:]))


def test_passes_over_the_sample_start_the_streamed_passes_closer_to_convergence(tmp_path):
    centers = np.random.default_rng(1).uniform(0, 20, (32, 3)).astype(np.float32)
    scp = write_blobs(tmp_path, num_utts=60, frames=100, centers=centers)
    cold = learn_kmeans(scp, 32, seed=0, sample_iter=0, plusplus_frames=500, max_iter=1)
    warm = learn_kmeans(scp, 32, seed=0, sample_iter=10, plusplus_frames=500, max_iter=1)
    assert warm.inertia_history[0] < cold.inertia_history[0]
    full = learn_kmeans(scp, 32, seed=0, plusplus_frames=500, tol=0.0, max_iter=5)
    assert full.inertia_history[-1] <= warm.inertia_history[0] + 1e-6


def test_same_seed_same_centroids_other_seed_other_portion(tmp_path):
    scp = write_blobs(tmp_path)
    a = learn_kmeans(scp, 8, portion=0.5, seed=3)
    b = learn_kmeans(scp, 8, portion=0.5, seed=3)
    c = learn_kmeans(scp, 8, portion=0.5, seed=4)
    assert torch.equal(a.centroids, b.centroids)
    assert not torch.equal(a.centroids, c.centroids)
    assert a.num_frames == 20 * 50


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


def test_memory_stays_flat_as_the_corpus_doubles(tmp_path):
    peaks = []
    for num_utts in (100, 200):
        folder = tmp_path / str(num_utts)
        folder.mkdir()
        scp = write_blobs(folder, num_utts=num_utts, frames=200)
        tracemalloc.start()
        learn_kmeans(scp, 8, init_frames=2000, max_iter=3)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    data_bytes = 100 * 200 * 2 * 4
    assert peaks[1] - peaks[0] < 0.25 * data_bytes


def test_too_few_frames_and_bad_dims_are_named(tmp_path):
    scp = write_blobs(tmp_path, num_utts=1, frames=3)
    with pytest.raises(DataError, match="fewer than K=8"):
        learn_kmeans(scp, 8)
    with kaldiio.WriteHelper(f"ark,scp:{tmp_path / 'bad.ark'},{tmp_path / 'bad.scp'}") as writer:
        writer["a"] = np.zeros((30, 2), dtype=np.float32)
        writer["b"] = np.zeros((30, 3), dtype=np.float32)
    with pytest.raises(DataError, match="utterance b"):
        learn_kmeans(str(tmp_path / "bad.scp"), 2)
