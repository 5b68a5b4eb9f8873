import numpy as np
import pytest

from softassign.arkio import ark_scp_writer, is_done, iter_scp, scp_keys
from softassign.errors import DataError
from softassign.records import Record


def test_complete_write_has_scp_and_marker(tmp_path):
    with ark_scp_writer(tmp_path / "x.ark", tmp_path / "x.scp", Record("test data")) as writer:
        writer["b"] = np.arange(3, dtype=np.int32)
        writer["a"] = np.ones((2, 2), dtype=np.float32)
    assert is_done(tmp_path / "x.scp")
    assert scp_keys(tmp_path / "x.scp") == ["b", "a"]
    assert [k for k, _ in iter_scp(tmp_path / "x.scp")] == ["b", "a"]
    ((_, vec),) = iter_scp(tmp_path / "x.scp", ["b"])
    assert vec.dtype == np.int32 and list(vec) == [0, 1, 2]


def test_failed_write_leaves_nothing(tmp_path):
    with (
        pytest.raises(RuntimeError),
        ark_scp_writer(tmp_path / "x.ark", tmp_path / "x.scp", Record("test data")) as writer,
    ):
        writer["a"] = np.ones(3, dtype=np.int32)
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_missing_entries_are_named(tmp_path):
    with ark_scp_writer(tmp_path / "x.ark", tmp_path / "x.scp", Record("test data")) as writer:
        writer["a"] = np.ones(3, dtype=np.int32)
    with pytest.raises(DataError, match="no entry for utterance 'zz'"):
        list(iter_scp(tmp_path / "x.scp", ["zz"]))
    with pytest.raises(DataError, match="nope.scp"):
        scp_keys(tmp_path / "nope.scp")
