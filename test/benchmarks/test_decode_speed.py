import json
import time
from pathlib import Path

import pytest
import torch
from phone_units import NUM_UNITS, make_phone_set

from softassign.benchmarks.decode_speed import PairedTimes, max_difference, ratio_figures
from softassign.bin import bench_decode_speed
from softassign.errors import ConfigError
from softassign.features.sources import FeatureSource
from softassign.units.centroids import load_centroids

TINY_CONFIG = Path(__file__).resolve().parents[1] / "espnet" / "conf" / "train_asr_units.yaml"
DECODE = ["--decode_utts", "8", "--repeats", "1", "--beam_size", "2"]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """The phone set and a unit model trained on it by the benchmark itself (10 epochs: it hears its input)."""
    root = tmp_path_factory.mktemp("decode_speed")
    data = make_phone_set(root / "data")
    options = ["--feats_scp", str(data.feats_scp), "--text", str(data.text), "--asr_config", str(TINY_CONFIG)]
    options += ["--num_clusters", str(NUM_UNITS), "--train_utts", "8", "--epochs", "10"]
    bench_decode_speed.main([*options, *DECODE, "--work_dir", str(root / "work"), "--out", str(root / "speed.json")])
    return data, root


def decode_trained(root: Path, data, tau: str) -> dict:
    """The figures of the trained model (no training, no --centroids: the model brings them) at ``tau``."""
    out = root / f"speed_tau{tau}.json"
    model = ["--asr_train_config", str(root / "work/exp/config.yaml")]
    model += ["--asr_model_file", str(root / "work/exp/valid.acc.ave.pth")]
    bench_decode_speed.main([*model, "--decode_scp", str(data.feats_scp), "--tau", tau, *DECODE, "--out", str(out)])
    return json.loads(out.read_text())


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
    hard, soft = [torch.zeros(2, 3), torch.ones(1, 3)], [torch.zeros(2, 3), torch.full((1, 3), 3.5)]
    assert max_difference(hard, soft) == 2.5


@pytest.mark.slow  # trains a model
def test_training_run_reports_both_modes_at_the_label_free_tau(trained, capsys):
    data, root = trained
    content = json.loads((root / "speed.json").read_text())
    figures = content["figures"]
    assert (figures["utterances"], figures["num_units"], figures["repeats"]) == (8, NUM_UNITS, 1)
    assert figures["frames"] == sum(len(feats) for _, feats in FeatureSource(scp=str(data.feats_scp)))
    assert content["settings"]["tau_from"] == "label_free" and 1 < figures["tau"] < 100
    # the model is trained through write_shapes (not ESPnet's collect-stats, which writes batch_keys) + asr_train
    # and carries the benchmark's centroids
    stats = root / "work" / "stats" / "train"
    assert (stats / "speech_shape").is_file() and not (stats / "batch_keys").exists()
    state = torch.load(root / "work/exp/valid.acc.ave.pth", map_location="cpu")
    assert torch.equal(state["frontend.centroids"].float(), load_centroids(root / "work" / "centroids.npy"))
    # every round decodes every utterance in both modes: the beam search ran in both, at some cost
    assert figures["hard_search_steps"] >= 8 and figures["soft_search_steps"] >= 8
    assert figures["decode_hard_cpu_s"] > 0 and figures["decode_ratio"] == pytest.approx(
        figures["decode_soft_cpu_s"] / figures["decode_hard_cpu_s"], rel=1e-2, abs=1e-3
    )
    # at the label-free tau (perplexity 2) soft embeddings are no longer the hard ones
    assert figures["frontend_max_difference"] > 0.1


@pytest.mark.parametrize("tau", ["0", "0.001"])
@pytest.mark.slow  # trains a model
def test_soft_is_hard_at_tau_zero_and_at_a_tiny_tau(trained, tau):
    figures = decode_trained(trained[1], trained[0], tau)["figures"]
    assert figures["frontend_max_difference"] == 0.0
    assert figures["identical_hypotheses"] == 1.0
    assert figures["hard_search_steps"] == figures["soft_search_steps"]


@pytest.mark.slow  # trains a model
def test_soft_differs_from_hard_at_a_large_tau(trained, capsys):
    content = decode_trained(trained[1], trained[0], "1000000")
    figures = content["figures"]
    # every frame gets the mean embedding: the model no longer hears the utterance
    assert figures["frontend_max_difference"] > 0.5
    assert figures["identical_hypotheses"] <= 0.5
    assert content["settings"]["tau_from"] == "given" and figures["tau"] == 1000000
    assert "decode_speed: setting tau_from = given\n" in capsys.readouterr().out


def test_decode_data_dir_features_come_from_the_audio(data_dir, tmp_path):
    conf = tmp_path / "mfcc.yaml"
    conf.write_text("type: mfcc\nnum_ceps: 13\n")
    args = bench_decode_speed.build_parser().parse_args(
        ["--decode_data_dir", str(data_dir), "--reader_conf", str(conf)]
    )
    source = bench_decode_speed.decode_source(args)
    utts = source.utterances()
    assert len(utts) == 6 and utts == sorted(utts)
    (utt, feats), *_ = source.iterate(utts[:1])
    assert utt == utts[0] and feats.shape[1] == 13 and len(feats) > 40
    with pytest.raises(ConfigError, match="--decode_data_dir needs --reader_conf"):
        bench_decode_speed.decode_source(bench_decode_speed.build_parser().parse_args(["--decode_data_dir", "d"]))


def test_missing_options_are_config_errors():
    with pytest.raises(ConfigError, match="training a model needs --feats_scp, --text, --asr_config and --work_dir"):
        bench_decode_speed.main(["--feats_scp", "x.scp"])
    with pytest.raises(ConfigError, match="--asr_train_config needs --asr_model_file"):
        bench_decode_speed.main(["--asr_train_config", "c.yaml", "--decode_scp", "x.scp"])
    with pytest.raises(ConfigError, match="give the features to decode"):
        bench_decode_speed.main(["--asr_train_config", "c.yaml"])
