"""softassign.bin.unit_quality: PNMI and purities of a units scp against a CTM, without any model."""

import kaldiio
import numpy as np
import pytest

from softassign.bin import unit_quality
from softassign.errors import ConfigError, DataError
from softassign.evaluation.results import read_rows

PHONES = ["AA", "B", "S"]


def write_set(root, units_of_phone):
    """units.scp of 3 utterances (10 ms frames: 20 of each phone, in turn) and a CTM of 2 of them."""
    set_dir = root / "dump/mfcc_k6/real_set"
    set_dir.mkdir(parents=True)
    ctm = []
    spec = f"ark,scp:{set_dir}/units.ark,{set_dir}/units.scp"
    with kaldiio.WriteHelper(spec, write_function="numpy") as writer:  # as softassign.dump stores unit ids
        for i, utt in enumerate(["u0", "u1", "u2"]):
            order = PHONES[i:] + PHONES[:i]
            writer(utt, np.concatenate([units_of_phone(p, 20) for p in order]).astype(np.int16))
            if utt != "u2":
                ctm += [f"{utt} 1 {0.2 * j:.2f} 0.20 {p}" for j, p in enumerate(order)]
    (root / "phones.ctm").write_text("\n".join(ctm) + "\n")
    return set_dir / "units.scp", root / "phones.ctm"


def run(units_scp, ctm, tmp_path, *extra):
    out = tmp_path / "quality.tsv"
    args = ["--units_scp", str(units_scp), "--num_clusters", "6", "--ctm", str(ctm), "--out", str(out)]
    unit_quality.main([*args, "--frame_shift", "0.01", *extra])
    return read_rows(out)[0]


def test_units_that_name_the_phone_have_pnmi_one(tmp_path):
    units_scp, ctm = write_set(tmp_path, lambda phone, n: np.full(n, 2 * PHONES.index(phone)))
    row = run(units_scp, ctm, tmp_path)
    assert (row["test_set"], row["system"], row["units"]) == ("real_set", "hard", "mfcc_k6")
    assert float(row["pnmi"]) == pytest.approx(1.0) and float(row["phone_purity"]) == pytest.approx(1.0)
    assert (row["frames"], row["utts"]) == ("120", "2")  # u2 is not in the CTM


def test_units_that_ignore_the_phone_have_pnmi_zero(tmp_path):
    units_scp, ctm = write_set(tmp_path, lambda phone, n: np.arange(n) % 2)
    row = run(units_scp, ctm, tmp_path)
    assert float(row["pnmi"]) == pytest.approx(0.0, abs=1e-9)
    assert float(row["phone_purity"]) == pytest.approx(1 / 3, abs=1e-4)


def test_an_alignment_longer_than_the_units_is_named(tmp_path):
    units_scp, ctm = write_set(tmp_path, lambda phone, n: np.zeros(n))
    with pytest.raises(DataError, match="utterance u0"):
        run(units_scp, ctm, tmp_path, "--frame_shift", "0.005")  # half the shift: the units cover 0.3 s of 0.6


def test_no_utterance_in_the_alignment_is_an_error(tmp_path):
    units_scp, _ = write_set(tmp_path, lambda phone, n: np.zeros(n))
    (tmp_path / "other.ctm").write_text("x 1 0.00 0.10 AA\n")
    with pytest.raises(DataError, match="no utterance of it is in the alignment"):
        run(units_scp, tmp_path / "other.ctm", tmp_path)
    assert not (tmp_path / "quality.tsv").exists()


def test_the_frame_shift_comes_from_one_place(tmp_path):
    with pytest.raises(ConfigError, match="exactly one of --feats_conf and --frame_shift"):
        unit_quality.main(["--units_scp", "u.scp", "--num_clusters", "2", "--ctm", "c.ctm"])
