import json
import time
from pathlib import Path

import pytest
from phone_units import NUM_UNITS, make_phone_set

from softassign.bench.decode_speed import PairedTimes, ratio_figures
from softassign.bin import bench_decode_speed
from softassign.errors import ConfigError

TINY_CONFIG = Path(__file__).resolve().parents[1] / "espnet" / "conf" / "train_asr_units.yaml"


def test_paired_times_add_up_per_mode_and_count_steps():
    times = PairedTimes()
    steps = [0]

    def two_steps():
        steps[0] += 2
        return "text"

    times.add("hard", two_steps, steps)
    times.add("soft", lambda: time.sleep(0.01), steps)
    assert times.steps == {"hard": 2, "soft": 0} and times.outputs == {"hard": ["text"], "soft": [None]}
    assert times.wall["soft"] >= 0.01 and times.cpu["soft"] < times.wall["soft"]
    times.cpu, times.wall = {"hard": 2.0, "soft": 2.1}, {"hard": 4.0, "soft": 5.0}
    figures = ratio_figures("decode", times)
    assert (figures["decode_ratio"], figures["decode_wall_ratio"], figures["decode_soft_cpu_s"]) == (1.05, 1.25, 2.1)


def test_trains_a_unit_model_and_times_both_modes(tmp_path, capsys):
    data = make_phone_set(tmp_path / "data")
    bench_decode_speed.main(
        [
            "--feats_scp",
            str(data.feats_scp),
            "--text",
            str(data.text),
            "--asr_config",
            str(TINY_CONFIG),
            "--num_clusters",
            str(NUM_UNITS),
            "--train_utts",
            "8",
            "--decode_utts",
            "2",
            "--repeats",
            "1",
            "--beam_size",
            "2",
            "--work_dir",
            str(tmp_path / "work"),
            "--out",
            str(tmp_path / "speed.json"),
        ]
    )
    content = json.loads((tmp_path / "speed.json").read_text())
    figures = content["figures"]
    assert (figures["utterances"], figures["num_units"], figures["repeats"]) == (2, NUM_UNITS, 1)
    assert figures["decode_hard_cpu_s"] > 0 and figures["frontend_soft_wall_s"] > 0 and figures["tau"] > 0
    # the rounds decode every utterance in both modes: the beam search ran in both
    assert figures["hard_search_steps"] > 0 and figures["soft_search_steps"] > 0
    assert figures["decode_ratio_per_step"] > 0
    assert 0 <= figures["identical_hypotheses"] <= 1
    assert content["settings"]["tau_from"] == "label_free"
    assert (tmp_path / "work" / "exp" / "valid.acc.ave.pth").exists()
    assert "decode_speed: decode_ratio" in capsys.readouterr().out
    # the trained model again, no training, a given tau
    bench_decode_speed.main(
        [
            "--asr_train_config",
            str(tmp_path / "work/exp/config.yaml"),
            "--asr_model_file",
            str(tmp_path / "work/exp/valid.acc.ave.pth"),
            "--centroids",
            str(tmp_path / "work/centroids.npy"),
            "--decode_scp",
            str(data.feats_scp),
            "--decode_utts",
            "1",
            "--repeats",
            "1",
            "--beam_size",
            "2",
            "--tau",
            "3",
        ]
    )
    assert "decode_speed: setting tau_from = given\n" in capsys.readouterr().out


def test_missing_options_are_config_errors():
    with pytest.raises(ConfigError, match="training a model needs --feats_scp, --text, --asr_config and --work_dir"):
        bench_decode_speed.main(["--feats_scp", "x.scp"])
    with pytest.raises(ConfigError, match="--asr_train_config needs --asr_model_file and --centroids"):
        bench_decode_speed.main(["--asr_train_config", "c.yaml"])
