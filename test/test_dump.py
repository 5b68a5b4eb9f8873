"""Sharded dumping of features and unit ids, shard records, and the checked merge (library and entry points)."""

import functools
import operator
import shutil

import numpy as np
import pytest
import torch

from softassign.arkio import iter_scp
from softassign.bin import dump_features as dump_features_cli
from softassign.bin import dump_units as dump_units_cli
from softassign.bin import merge_shards as merge_shards_cli
from softassign.datadir import load_data_dir, read_table, write_table
from softassign.dump import dump_features, dump_units, unit_dtype, write_feats_dim
from softassign.errors import ConfigError, DataError
from softassign.features import build_reader
from softassign.features.sources import FeatureSource
from softassign.records import Record, read_record
from softassign.shards import merge_shards, shard_keys
from softassign.units.assign import hard_assign
from softassign.units.centroids import save_centroids


@pytest.fixture
def mfcc():
    return build_reader({"type": "mfcc"})


@pytest.fixture
def conf(tmp_path):
    path = tmp_path / "mfcc.yaml"
    path.write_text("type: mfcc\n")
    return path


def merged(out_dir, name, nj):
    return {k: v for j in range(1, nj + 1) for k, v in iter_scp(out_dir / f"{name}.{j}.scp")}


def test_shards_cover_all_keys_in_order():
    keys = [f"k{i}" for i in range(10)]
    shards = [shard_keys(keys, j, 3) for j in (1, 2, 3)]
    assert functools.reduce(operator.iadd, shards, []) == keys and [len(s) for s in shards] == [3, 3, 4]
    with pytest.raises(ValueError):
        shard_keys(keys, 4, 3)


def test_feature_dump_shards_match_single_job_and_carry_their_record(tmp_path, data_dir, mfcc):
    source = FeatureSource(data_dir=str(data_dir), reader=mfcc)
    for j in (1, 2):
        dump_features(source, tmp_path / "two", Record(f"job {j}"), j, 2)
    dump_features(source, tmp_path / "one", Record("one job"))
    two, one = merged(tmp_path / "two", "feats", 2), merged(tmp_path / "one", "feats", 1)
    assert list(two) == load_data_dir(data_dir).utterances
    assert all(np.array_equal(two[k], one[k]) for k in one)
    assert (tmp_path / "two/feats_dim").read_text() == "13\n"
    assert read_record(tmp_path / "two/feats.2.scp")["command"] == "job 2"


def test_float16_features_halve_the_disk_and_round_to_the_nearest_half(tmp_path, data_dir, mfcc):
    source = FeatureSource(data_dir=str(data_dir), reader=mfcc)
    dump_features(source, tmp_path / "f32", Record("32"))
    dump_features(source, tmp_path / "f16", Record("16"), dtype="float16")
    f32, f16 = merged(tmp_path / "f32", "feats", 1), merged(tmp_path / "f16", "feats", 1)
    for utt, feats in f32.items():
        assert f16[utt].dtype == np.float16 and np.array_equal(f16[utt], feats.astype(np.float16))
    size16, size32 = (tmp_path / "f16/feats.1.ark").stat().st_size, (tmp_path / "f32/feats.1.ark").stat().st_size
    assert 0.5 * size32 < size16 < 0.6 * size32


def test_features_that_overflow_float16_name_the_utterance(tmp_path, data_dir):
    class Loud:
        sample_rate, dim = 16000, 2

        def extract(self, waves):
            return [torch.full((3, 2), 1e6) for _ in waves]

    with pytest.raises(DataError, match="utterance .* overflow float16"):
        dump_features(
            FeatureSource(data_dir=str(data_dir), reader=Loud()), tmp_path / "out", Record("x"), dtype="float16"
        )
    assert not (tmp_path / "out/feats.1.scp").exists()


def test_units_from_features_equal_units_from_audio_and_take_two_bytes_a_frame(tmp_path, data_dir, mfcc):
    dump_features(FeatureSource(data_dir=str(data_dir), reader=mfcc), tmp_path / "feats", Record("f"))
    centroids = torch.randn(8, 13)
    dump_units(FeatureSource(scp=str(tmp_path / "feats/feats.1.scp")), centroids, tmp_path / "a", Record("a"))
    dump_units(FeatureSource(data_dir=str(data_dir), reader=mfcc), centroids, tmp_path / "b", Record("b"))
    a, b = merged(tmp_path / "a", "units", 1), merged(tmp_path / "b", "units", 1)
    feats = merged(tmp_path / "feats", "feats", 1)
    for utt in feats:
        assert a[utt].dtype == np.int16 and np.array_equal(a[utt], b[utt])
        assert np.array_equal(a[utt], hard_assign(torch.from_numpy(feats[utt]), centroids).numpy())
    assert unit_dtype(32768) == np.int16 and unit_dtype(32769) == np.int32


def test_a_shard_with_the_same_record_is_skipped_and_another_is_redone(tmp_path, data_dir, mfcc):
    source = FeatureSource(data_dir=str(data_dir), reader=mfcc)
    scp = dump_features(source, tmp_path, Record("same"))
    stamp = scp.stat().st_mtime_ns
    dump_features(source, tmp_path, Record("same"))
    assert scp.stat().st_mtime_ns == stamp
    dump_features(source, tmp_path, Record("other options"))
    assert scp.stat().st_mtime_ns != stamp


def test_bad_audio_leaves_no_partial_shard(tmp_path, data_dir, mfcc):
    utts = load_data_dir(data_dir).utterances
    wav = data_dir.parent / "data_wav" / f"{utts[-1]}.wav"
    wav.write_bytes(b"garbage")
    with pytest.raises(DataError, match=f"utterance {utts[-1]}"):
        dump_features(FeatureSource(data_dir=str(data_dir), reader=mfcc), tmp_path / "out", Record("x"))
    assert not list((tmp_path / "out").glob("feats.*"))


def test_centroid_dimension_mismatch_leaves_no_partial_shard(tmp_path, data_dir, mfcc):
    source = FeatureSource(data_dir=str(data_dir), reader=mfcc)
    with pytest.raises(ConfigError, match="utterance .*dimension 13 differs from the centroids' dimension 5"):
        dump_units(source, torch.randn(4, 5), tmp_path / "out", Record("x"))
    assert not (tmp_path / "out/units.1.scp").exists() and not (tmp_path / "out/units.1.scp.done").exists()


def dump_with_cli(data_dir, conf, centroids, out, nj):
    for job in range(1, nj + 1):
        dump_units_cli.main(
            [
                "--reader_conf",
                str(conf),
                "--centroids",
                str(centroids),
                "--job",
                str(job),
                "--nj",
                str(nj),
                f"{data_dir}:{out}",
            ]
        )
    merge_shards_cli.main(
        [
            "--shards",
            str(out / "units.JOB.scp"),
            "--nj",
            str(nj),
            "--out",
            str(out / "units.scp"),
            "--data_dir",
            str(data_dir),
        ]
    )
    return list(read_table(out / "units.scp"))


def test_a_resumed_dump_after_the_data_dir_changed_lists_every_utterance_once(tmp_path, data_dir, conf):
    centroids = tmp_path / "centroids.npy"
    save_centroids(centroids, np.random.default_rng(0).standard_normal((8, 13)).astype(np.float32))
    out = tmp_path / "units"
    assert dump_with_cli(data_dir, conf, centroids, out, 3) == load_data_dir(data_dir).utterances
    # the usual fix after one bad file: drop that utterance; the shard boundaries move
    utts = load_data_dir(data_dir).utterances
    for name in ("wav.scp", "text", "utt2spk"):
        table = read_table(data_dir / name)
        table.pop(utts[1])
        write_table(data_dir / name, table)
    (data_dir / "spk2utt").unlink(missing_ok=True)
    assert dump_with_cli(data_dir, conf, centroids, out, 3) == utts[:1] + utts[2:]


def test_merge_names_a_duplicate_a_missing_utterance_and_an_unfinished_shard(tmp_path, data_dir, conf):
    centroids = tmp_path / "centroids.npy"
    save_centroids(centroids, np.random.default_rng(0).standard_normal((8, 13)).astype(np.float32))
    out = tmp_path / "units"
    dump_with_cli(data_dir, conf, centroids, out, 2)
    utts = load_data_dir(data_dir).utterances
    shard1 = (out / "units.1.scp").read_text()
    (out / "units.2.scp").write_text(shard1.splitlines()[0] + "\n" + (out / "units.2.scp").read_text())
    with pytest.raises(DataError, match=f"utterance {utts[0]} is in shard 1 and in shard 2"):
        merge_shards(out / "units.JOB.scp", 2, out / "merged.scp", utts)
    half = len(read_table(out / "units.1.scp"))
    with pytest.raises(DataError, match=r"\(extra is missing\)"):
        merge_shards(out / "units.JOB.scp", 1, out / "merged.scp", utts[:half] + ["extra"])
    with pytest.raises(DataError, match=rf"\({utts[1]} is not in the set\)"):
        merge_shards(out / "units.JOB.scp", 1, out / "merged.scp", utts[:1])
    shutil.copy(out / "units.1.scp", out / "units.1.scp.bak")
    (out / "units.1.scp.done").unlink()
    with pytest.raises(DataError, match="units.1.scp: shard 1 is not finished"):
        merge_shards(out / "units.JOB.scp", 2, out / "merged.scp", utts)
    assert not (out / "merged.scp").exists()


def test_the_dump_entry_point_records_its_command_and_inputs(tmp_path, data_dir, conf):
    out = tmp_path / "feats"
    dump_features_cli.main(["--reader_conf", str(conf), "--dtype", "float16", f"{data_dir}:{out}"])
    record = read_record(out / "feats.1.scp")
    assert record["command"].startswith("python -m softassign.bin.dump_features --reader_conf=")
    assert set(record["inputs"]) == {str(data_dir), str(conf)}


def test_one_job_dumps_its_shard_of_several_sets_and_records_each_on_its_own(tmp_path, data_dir, conf):
    other = tmp_path / "other"
    shutil.copytree(data_dir, other)
    outs = [tmp_path / "a", tmp_path / "b"]
    dump_features_cli.main(["--reader_conf", str(conf), f"{data_dir}:{outs[0]}", f"{other}:{outs[1]}"])
    for out, source in zip(outs, (data_dir, other)):
        record = read_record(out / "feats.1.scp")
        assert f"{source}:{out}" in record["command"] and str(source) in record["inputs"]
    stamp = (outs[0] / "feats.1.scp").stat().st_mtime_ns
    dump_features_cli.main(["--reader_conf", str(conf), f"{data_dir}:{outs[0]}"])  # the same set alone: current
    assert (outs[0] / "feats.1.scp").stat().st_mtime_ns == stamp
    with pytest.raises(ConfigError, match="expected SOURCE:OUT"):
        dump_features_cli.main(["--reader_conf", str(conf), str(data_dir)])


def test_feats_dim_is_written_beside_the_other_shards_writes_of_it(tmp_path):
    other = tmp_path / ".feats_dim.4194000.tmp"  # another shard's write in progress, on another node
    other.write_text("39\n")
    write_feats_dim(tmp_path, 39)
    assert (tmp_path / "feats_dim").read_text() == "39\n"
    assert other.exists()
