import json
import shutil
import sys

import numpy as np
import pytest

from softassign.arkio import ark_scp_writer
from softassign.benchmarks.memory import peak_rss_mb
from softassign.bin import bench_memory
from softassign.errors import DataError
from softassign.records import Record

#: Utterances of 1 MiB of float32 features (small blocks keep the peaks steady to within 1 %), 160 MiB for
#: N = 160 of them: a learner or dumper holding its data would grow its peak (a fresh Python with torch,
#: ~800 MiB) by over 15 % from N to 2N.
FRAMES, DIM, N = 4096, 64, 160
DATA_MB = N * FRAMES * DIM * 4 / 2**20


def test_peak_rss_is_that_of_the_child():
    small = peak_rss_mb([sys.executable, "-c", "pass"])
    big = peak_rss_mb([sys.executable, "-c", "x = bytearray(200 * 1024 * 1024); x[::4096] = b'1' * len(x[::4096])"])
    assert 1 < small < 200 and big - small > 150
    with pytest.raises(DataError, match=r"sys.exit\(3\) failed \(3\)"):
        peak_rss_mb([sys.executable, "-c", "import sys; sys.exit(3)"])


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    """The memory benchmark on N and 2N utterances of 1 MiB each; the 320 MiB of features go afterwards."""
    root = tmp_path_factory.mktemp("memory")
    rng = np.random.default_rng(0)
    with ark_scp_writer(root / "feats.ark", root / "feats.scp", Record("test features")) as writer:
        for i in range(2 * N):
            writer[f"u{i}"] = rng.standard_normal((FRAMES, DIM), dtype=np.float32)
    options = ["--feats_scp", str(root / "feats.scp"), "--num_utts", str(N), "--num_clusters", "4"]
    bench_memory.main([*options, "--kmeans_iter", "1", "--work_dir", str(root / "work"), "--out", str(root / "m.json")])
    yield root, json.loads((root / "m.json").read_text())["figures"]
    shutil.rmtree(root / "work")
    (root / "feats.ark").unlink()


def test_the_data_doubles(figures):
    _, figures = figures
    assert (figures["utterances_n"], figures["utterances_2n"]) == (N, 2 * N)
    assert (figures["frames_n"], figures["frames_2n"]) == (N * FRAMES, 2 * N * FRAMES)
    assert figures["data_growth"] == 2.0
    assert (figures["data_mb_n"], figures["data_mb_2n"]) == (DATA_MB, 2 * DATA_MB)


def test_peak_memory_stays_flat_as_the_data_doubles(figures):
    root, figures = figures
    for step in ("kmeans", "dump_units"):
        n, twice = figures[f"{step}_peak_mb_n"], figures[f"{step}_peak_mb_2n"]
        # a fresh Python with torch, and the data is a sizeable part of it
        assert 50 < n < 8 * DATA_MB, step
        assert twice / n < 1.1, f"{step}: {n} MB on N utterances, {twice} MB on 2N"
        assert figures[f"{step}_growth"] == pytest.approx(twice / n, abs=2e-3)
    assert (root / "work" / "units_2n" / "units.1.scp").is_file()


def test_a_set_smaller_than_2n_is_an_error(figures, tmp_path):
    scp = figures[0] / "feats.scp"
    with pytest.raises(DataError, match=f"{2 * N} utterances, fewer than the 2 x {N + 1}"):
        bench_memory.main(["--feats_scp", str(scp), "--num_utts", str(N + 1), "--work_dir", str(tmp_path)])
