import json
import sys

import numpy as np
import pytest

from softassign.arkio import ark_scp_writer
from softassign.bench.memory import peak_rss_mb
from softassign.bin import bench_memory
from softassign.errors import DataError


def test_peak_rss_is_that_of_the_child():
    small = peak_rss_mb([sys.executable, "-c", "pass"])
    big = peak_rss_mb([sys.executable, "-c", "x = bytearray(200 * 1024 * 1024); x[::4096] = b'1' * len(x[::4096])"])
    assert 1 < small < 200 and big - small > 150
    with pytest.raises(DataError, match=r"sys.exit\(3\) failed \(3\)"):
        peak_rss_mb([sys.executable, "-c", "import sys; sys.exit(3)"])


def test_kmeans_and_dump_on_n_and_2n_utterances(tmp_path, capsys):
    rng = np.random.default_rng(0)
    with ark_scp_writer(tmp_path / "feats.ark", tmp_path / "feats.scp") as writer:
        for i in range(4):
            writer[f"u{i}"] = rng.standard_normal((40, 3)).astype(np.float32)
    bench_memory.main(
        [
            "--feats_scp",
            str(tmp_path / "feats.scp"),
            "--num_utts",
            "2",
            "--num_clusters",
            "4",
            "--kmeans_iter",
            "1",
            "--work_dir",
            str(tmp_path / "work"),
            "--out",
            str(tmp_path / "m.json"),
        ]
    )
    figures = json.loads((tmp_path / "m.json").read_text())["figures"]
    assert (figures["utterances_n"], figures["utterances_2n"]) == (2, 4)
    assert figures["kmeans_peak_mb_n"] > 0 and figures["dump_units_peak_mb_2n"] > 0
    assert figures["kmeans_growth"] == pytest.approx(figures["kmeans_peak_mb_2n"] / figures["kmeans_peak_mb_n"], 1e-2)
    assert (tmp_path / "work" / "units_2n" / "units.1.scp").is_file()
    assert "memory: dump_units_growth" in capsys.readouterr().out
    with pytest.raises(DataError, match="4 utterances, fewer than the 2 x 3"):
        bench_memory.main(["--feats_scp", str(tmp_path / "feats.scp"), "--num_utts", "3", "--work_dir", str(tmp_path)])
