"""End to end through the entry points: training (write_shapes + asr_train), decoding (asr_inference) of dumped
ids, dumped features and audio, one task at a time and as plans."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import torch
import yaml
from asr_setup import MFCC, NUM_UNITS, NUM_UTTS, AsrData, TrainedModel, ctc_best_paths, decode, model_args

from softassign.arkio import ark_scp_writer, iter_scp
from softassign.bin import asr_inference, dump_features, merge_shards
from softassign.datadir import read_table
from softassign.errors import ConfigError, DataError
from softassign.espnet.inference import load_speech2text
from softassign.records import Record
from softassign.units.centroids import load_centroids

pytestmark = pytest.mark.slow  # trains models

UTTS = [f"utt{i:02d}" for i in range(NUM_UTTS)]


@pytest.fixture(scope="module")
def unit_hypotheses(asr_data: AsrData, unit_model: TrainedModel, tmp_path_factory) -> dict[str, str]:
    """Hypotheses of the unit model decoding the dumped ids."""
    return decode(unit_model, tmp_path_factory.mktemp("dec_units"), "--units_scp", str(asr_data.units_scp))


@pytest.fixture(scope="module")
def float32_feats(asr_data: AsrData, tmp_path_factory) -> Path:
    """The float32 MFCC features of the set (the k-means portion is stored in float16)."""
    out = tmp_path_factory.mktemp("feats32")
    dump_features.main(["--reader_conf", str(asr_data.reader_conf), f"{asr_data.data_dir}:{out}"])
    merge_shards.main(
        [
            "--shards",
            str(out / "feats.JOB.scp"),
            "--nj",
            "1",
            "--out",
            str(out / "feats.scp"),
            "--data_dir",
            str(asr_data.data_dir),
        ]
    )
    return out / "feats.scp"


def test_training_writes_a_unit_model_that_carries_its_centroids_and_reader(asr_data, unit_model) -> None:
    config = yaml.safe_load(unit_model.config.read_text())
    assert config["frontend"] == "unit_embedding" and config["frontend_conf"]["num_units"] == NUM_UNITS
    assert config["frontend_conf"]["reader"] == MFCC
    state = torch.load(unit_model.model_file, weights_only=True)  # the average of the n best epochs
    assert torch.equal(state["frontend.centroids"].float(), load_centroids(asr_data.centroids))


def test_decoding_dumped_ids_tells_the_utterances_apart(unit_hypotheses: dict[str, str]) -> None:
    assert sorted(unit_hypotheses) == UTTS
    assert all(set(hyp) <= set("ABCD ") for hyp in unit_hypotheses.values())
    assert len(set(unit_hypotheses.values())) >= NUM_UTTS // 2  # not one text for every input


def test_the_hypotheses_follow_the_input(asr_data, unit_model, unit_hypotheses, tmp_path) -> None:
    with ark_scp_writer(tmp_path / "u.ark", tmp_path / "u.scp", Record("reversed ids"), "numpy") as writer:
        for utt, ids in iter_scp(asr_data.units_scp):
            writer[utt] = ids[::-1].copy()
    reversed_hyps = decode(unit_model, tmp_path / "out", "--units_scp", str(tmp_path / "u.scp"))
    assert sum(reversed_hyps[u] != unit_hypotheses[u] for u in UTTS) >= NUM_UTTS // 2


def test_hard_from_audio_decodes_exactly_like_dumped_ids(asr_data, unit_model, unit_hypotheses, tmp_path) -> None:
    shards = [
        decode(unit_model, tmp_path, "--data_dir", str(asr_data.data_dir), "--assignment", "hard", job=job, nj=2)
        for job in (1, 2)
    ]
    assert len(shards[0]) == len(shards[1]) == NUM_UTTS // 2
    assert {**shards[0], **shards[1]} == unit_hypotheses


def test_hard_from_dumped_features_decodes_exactly_like_dumped_ids(
    float32_feats, unit_model, unit_hypotheses, tmp_path
) -> None:
    assert decode(unit_model, tmp_path, "--feats_scp", str(float32_feats), "--assignment", "hard") == unit_hypotheses


def test_soft_at_tau_zero_and_tiny_tau_is_hard_and_at_a_huge_tau_is_not(
    asr_data, unit_model, unit_hypotheses, tmp_path
) -> None:
    audio = ["--data_dir", str(asr_data.data_dir), "--assignment", "soft"]
    assert decode(unit_model, tmp_path / "t0", *audio, "--tau", "0") == unit_hypotheses
    assert decode(unit_model, tmp_path / "t1", *audio, "--tau", "1e-6") == unit_hypotheses
    uniform = decode(unit_model, tmp_path / "t2", *audio, "--tau", "1e12")  # every frame: the mean embedding
    assert len(set(uniform.values())) < len(set(unit_hypotheses.values()))


def test_the_model_decodes_audio_without_its_centroid_file(asr_data, unit_model, unit_hypotheses, tmp_path) -> None:
    moved = asr_data.centroids.with_name("moved.npy")
    shutil.move(asr_data.centroids, moved)
    try:
        assert decode(unit_model, tmp_path, "--data_dir", str(asr_data.data_dir)) == unit_hypotheses
    finally:
        shutil.move(moved, asr_data.centroids)


def test_out_of_range_unit_id_fails_naming_utterance_and_id(asr_data, unit_model, tmp_path) -> None:
    with ark_scp_writer(tmp_path / "units.ark", tmp_path / "units.scp", Record("bad ids"), "numpy") as writer:
        for utt, ids in iter_scp(asr_data.units_scp):
            writer[utt] = np.where(np.arange(len(ids)) == 5, NUM_UNITS, ids).astype(np.int32) if utt == "utt03" else ids
    out = tmp_path / "out"
    with pytest.raises(DataError, match=r"utterance utt03: .*unit id 16 is not an integer in \[0, 16\)"):
        decode(unit_model, out, "--units_scp", str(tmp_path / "units.scp"))
    assert not out.exists() or not any(out.iterdir()), "a failed decode leaves no text"


def test_options_are_checked_before_the_model_loads(asr_data, tmp_path) -> None:
    missing = TrainedModel(tmp_path / "no_config.yaml", tmp_path / "no_model.pth")
    with pytest.raises(ConfigError, match="unit ids take no assignment or tau"):
        decode(missing, tmp_path, "--units_scp", str(asr_data.units_scp), "--tau", "2")
    with pytest.raises(ConfigError, match="soft assignment needs a tau >= 0, got -1"):
        decode(missing, tmp_path, "--data_dir", str(asr_data.data_dir), "--assignment", "soft", "--tau", "-1")
    plan = tmp_path / "plan.tsv"
    plan.write_text(f"{tmp_path}/x\taudio\t{asr_data.data_dir}\tsoft\tnot-a-number\n")
    with pytest.raises(ConfigError, match=r"plan.tsv:1: bad tau"):
        asr_inference.main([*model_args(missing), "--plan", str(plan)])
    plan.write_text(f"{tmp_path}/x\twaves\tx.scp\n")
    with pytest.raises(ConfigError, match=r"plan.tsv:1: input kind must be one of"):
        asr_inference.main([*model_args(missing), "--plan", str(plan)])


def test_an_empty_set_is_an_error_not_an_empty_result(unit_model, tmp_path) -> None:
    (tmp_path / "empty.scp").write_text("")
    with pytest.raises(DataError, match="empty.scp: no utterances to decode"):
        decode(unit_model, tmp_path / "out", "--units_scp", str(tmp_path / "empty.scp"))


def test_continuous_baseline_trains_on_audio_and_decodes_audio(asr_data, continuous_model, tmp_path) -> None:
    config = yaml.safe_load(continuous_model.config.read_text())
    assert config["frontend"] == "feature_reader" and config["frontend_conf"]["reader"]["model"] == "tiny_hubert"
    state = torch.load(continuous_model.model_file, weights_only=True)
    assert not any(key.startswith("frontend.") for key in state)  # the upstream model is not in the checkpoint
    hyps = decode(continuous_model, tmp_path, "--data_dir", str(asr_data.data_dir))
    assert sorted(hyps) == UTTS
    with pytest.raises(ConfigError, match="no unit_embedding frontend"):
        decode(continuous_model, tmp_path, "--data_dir", str(asr_data.data_dir), "--assignment", "soft", "--tau", "1")
    with pytest.raises(ConfigError, match="no unit_embedding frontend"):
        decode(continuous_model, tmp_path, "--units_scp", str(asr_data.units_scp))


def write_plan(plan: Path, tasks: list[tuple]) -> None:
    plan.write_text("".join("\t".join(map(str, task)) + "\n" for task in tasks))


def test_a_plan_decodes_like_separate_runs_and_redoes_only_changed_tasks(
    asr_data, unit_model, unit_hypotheses, tmp_path
) -> None:
    soft = decode(unit_model, tmp_path / "soft_alone", "--data_dir", str(asr_data.data_dir), "--tau", "50")
    plan, data = tmp_path / "plan.tsv", asr_data.data_dir
    tasks = [
        (tmp_path / "p_soft", "audio", data, "soft", 50),
        (tmp_path / "p_hard", "units", asr_data.units_scp),
        (tmp_path / "p_hard_audio", "audio", data, "hard", "-"),
    ]
    write_plan(plan, tasks)
    args = [*model_args(unit_model), "--plan", str(plan)]
    asr_inference.main(args)
    assert read_table(tmp_path / "p_soft/text.1", allow_empty=True) == soft
    assert read_table(tmp_path / "p_hard/text.1", allow_empty=True) == unit_hypotheses
    assert read_table(tmp_path / "p_hard_audio/text.1", allow_empty=True) == unit_hypotheses
    stamps = {t[0]: (t[0] / "text.1").stat().st_mtime_ns for t in tasks}
    asr_inference.main(args)  # every shard is current: nothing is decoded again
    assert {t[0]: (t[0] / "text.1").stat().st_mtime_ns for t in tasks} == stamps
    write_plan(plan, [tasks[0][:4] + (1e12,), *tasks[1:]])  # another tau for one task
    asr_inference.main(args)
    assert (tmp_path / "p_soft/text.1").stat().st_mtime_ns != stamps[tmp_path / "p_soft"]
    assert all((t[0] / "text.1").stat().st_mtime_ns == stamps[t[0]] for t in tasks[1:])


def test_greedy_ctc_search_decodes_the_best_ctc_path_and_is_part_of_the_record(
    asr_data, unit_model, unit_hypotheses, tmp_path
) -> None:
    greedy = decode(unit_model, tmp_path, "--units_scp", str(asr_data.units_scp), "--search", "greedy_ctc")
    speech2text = load_speech2text(str(unit_model.config), str(unit_model.model_file))
    assert greedy == ctc_best_paths(speech2text, asr_data.units_scp)
    stamp = (tmp_path / "text.1").stat().st_mtime_ns
    decode(unit_model, tmp_path, "--units_scp", str(asr_data.units_scp), "--search", "greedy_ctc", "--beam_size", "7")
    assert (tmp_path / "text.1").stat().st_mtime_ns == stamp  # no beam option changes the best path: current
    assert decode(unit_model, tmp_path, "--units_scp", str(asr_data.units_scp)) == unit_hypotheses  # beam again
    assert (tmp_path / "text.1").stat().st_mtime_ns != stamp
