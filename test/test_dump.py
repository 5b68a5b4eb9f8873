import functools
import operator

import numpy as np
import pytest
import torch

from softassign.arkio import is_done, iter_scp
from softassign.datadir import load_data_dir
from softassign.dump import dump_features, dump_units, feature_shard, shard_keys
from softassign.errors import ConfigError, DataError
from softassign.features import build_reader
from softassign.units.assign import hard_assign


@pytest.fixture
def mfcc():
    return build_reader({"type": "mfcc"})


def merged(out_dir, name, nj):
    return {k: v for j in range(1, nj + 1) for k, v in iter_scp(out_dir / f"{name}.{j}.scp")}


def test_shards_cover_all_keys_in_order():
    keys = [f"k{i}" for i in range(10)]
    shards = [shard_keys(keys, j, 3) for j in (1, 2, 3)]
    assert functools.reduce(operator.iadd, shards, []) == keys and [len(s) for s in shards] == [3, 3, 4]
    with pytest.raises(ValueError):
        shard_keys(keys, 4, 3)


def test_feature_dump_shards_match_single_job(tmp_path, data_dir, mfcc):
    for j in (1, 2):
        dump_features(data_dir, mfcc, tmp_path / "two", j, 2)
    dump_features(data_dir, mfcc, tmp_path / "one")
    two, one = merged(tmp_path / "two", "feats", 2), merged(tmp_path / "one", "feats", 1)
    assert list(two) == load_data_dir(data_dir).utterances
    assert all(np.array_equal(two[k], one[k]) for k in one)
    assert (tmp_path / "two/feats_dim").read_text() == "13\n"


def test_units_from_features_equal_units_from_audio(tmp_path, data_dir, mfcc):
    dump_features(data_dir, mfcc, tmp_path / "feats")
    centroids = torch.randn(8, 13)
    stream, total = feature_shard(1, 1, feats_scp=str(tmp_path / "feats/feats.1.scp"))
    dump_units(stream, centroids, tmp_path / "a", total=total)
    stream, total = feature_shard(1, 1, data_dir=str(data_dir), reader=mfcc)
    dump_units(stream, centroids, tmp_path / "b", total=total)
    a, b = merged(tmp_path / "a", "units", 1), merged(tmp_path / "b", "units", 1)
    feats = merged(tmp_path / "feats", "feats", 1)
    for utt in feats:
        assert a[utt].dtype == np.int32
        assert np.array_equal(a[utt], b[utt])
        assert np.array_equal(a[utt], hard_assign(torch.from_numpy(feats[utt]), centroids).numpy())


def test_done_shards_are_skipped(tmp_path, data_dir, mfcc):
    scp = dump_features(data_dir, mfcc, tmp_path)
    stamp = scp.stat().st_mtime_ns
    dump_features(data_dir, mfcc, tmp_path)
    assert scp.stat().st_mtime_ns == stamp


def test_bad_audio_leaves_no_partial_shard(tmp_path, data_dir, mfcc):
    utts = load_data_dir(data_dir).utterances
    wav = data_dir.parent / "data_wav" / f"{utts[-1]}.wav"
    wav.write_bytes(b"garbage")
    with pytest.raises(DataError, match=f"utterance {utts[-1]}"):
        dump_features(data_dir, mfcc, tmp_path / "out")
    assert not list((tmp_path / "out").glob("feats.*"))


def test_centroid_dimension_mismatch_leaves_no_partial_shard(tmp_path, data_dir, mfcc):
    stream, total = feature_shard(1, 1, data_dir=str(data_dir), reader=mfcc)
    with pytest.raises(ConfigError, match="utterance .*dimension 13 differs from the centroids' dimension 5"):
        dump_units(stream, torch.randn(4, 5), tmp_path / "out", total=total)
    assert not is_done(tmp_path / "out/units.1.scp")
    assert not list((tmp_path / "out").glob("*"))
