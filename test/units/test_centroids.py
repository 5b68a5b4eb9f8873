import numpy as np
import pytest
import torch

from softassign.errors import DataError
from softassign.units.centroids import load_centroids, save_centroids


def test_round_trip_is_plain_npy(tmp_path):
    centroids = torch.randn(5, 3)
    save_centroids(tmp_path / "c.npy", centroids)
    assert torch.equal(load_centroids(tmp_path / "c.npy"), centroids)
    raw = np.load(tmp_path / "c.npy")
    assert raw.dtype == np.float32 and raw.shape == (5, 3)
    assert not list(tmp_path.glob("*.tmp*"))
    save_centroids(tmp_path / "new/dir/c.npy", centroids)
    assert torch.equal(load_centroids(tmp_path / "new/dir/c.npy"), centroids)


def test_bad_files_name_the_path(tmp_path):
    np.save(tmp_path / "vec.npy", np.zeros(4))
    with pytest.raises(DataError, match="vec.npy"):
        load_centroids(tmp_path / "vec.npy")
    with pytest.raises(DataError, match="missing.npy"):
        load_centroids(tmp_path / "missing.npy")
    with pytest.raises(DataError, match="finite"):
        save_centroids(tmp_path / "nan.npy", np.full((2, 2), np.nan))
