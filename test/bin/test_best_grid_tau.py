import json

import pytest

from softassign.bin.best_grid_tau import main, parse_grid
from softassign.errors import ConfigError, DataError


def write(path, lines):
    path.write_text("".join(f"{line}\n" for line in lines))
    return path


def test_the_tau_of_the_lowest_error_rate_is_chosen(tmp_path):
    ref = write(tmp_path / "text", ["u1 the cat sat", "u2 on a mat"])
    hyps = {
        4: write(tmp_path / "h4", ["u1 the cat sad", "u2 on a map"]),
        16: write(tmp_path / "h16", ["u1 the cat sat", "u2 on a map"]),
        64: write(tmp_path / "h64", ["u1 a cat", "u2 on"]),
    }
    out = tmp_path / "calibration.json"
    main(
        [
            "--ref",
            str(ref),
            "--source",
            str(tmp_path),
            "--out",
            str(out),
            *(f"{tau}={path}" for tau, path in hyps.items()),
        ]
    )
    calibration = json.loads(out.read_text())
    assert calibration["grid_tau"] == 16 and calibration["metric"] == "cer" and calibration["pick"] == "parabola"
    assert 4 < calibration["tau"] < 64 and calibration["tau"] != 16  # between the grid neighbours, off the grid
    assert calibration["error_rates"]["16"] < calibration["error_rates"]["4"] < calibration["error_rates"]["64"]
    assert calibration["ref"] == str(ref.resolve()) and calibration["source"] == str(tmp_path.resolve())
    main(
        [
            "--ref",
            str(ref),
            "--source",
            str(tmp_path),
            "--out",
            str(out),
            "--metric",
            "wer",
            "--pick",
            "grid",
            f"4={hyps[4]}",
            f"64={hyps[64]}",
        ]
    )
    assert json.loads(out.read_text())["tau"] == 4  # 2 substitutions (WER 33 %) against 3 deletions (50 %)


def test_bad_grids_and_hypotheses_are_errors_naming_them(tmp_path):
    for pairs in (["4"], ["x=h"], ["0=h"], ["4=h", "4.0=g"], ["4="]):
        with pytest.raises(ConfigError):
            parse_grid(pairs)
    ref = write(tmp_path / "text", ["u1 a", "u2 b"])
    short = write(tmp_path / "short", ["u1 a"])
    with pytest.raises(DataError, match=r"short: no hypothesis for utterance 'u2'"):
        main(["--ref", str(ref), "--source", str(tmp_path), "--out", str(tmp_path / "c.json"), f"4={short}"])
    assert not (tmp_path / "c.json").exists()
