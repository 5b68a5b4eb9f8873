"""End to end through the entry points: collect-stats + training (asr_train), decoding (asr_inference)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml
from asr_setup import NUM_UNITS, NUM_UTTS, AsrData, TrainedModel

from softassign.arkio import ark_scp_writer, iter_scp
from softassign.bin import asr_inference
from softassign.datadir import read_table
from softassign.errors import ConfigError, DataError


def decode(model: TrainedModel, out: Path, *options: str, job: int = 1, nj: int = 1) -> dict[str, str]:
    """Run asr_inference on one shard with a small beam; return its hypotheses."""
    asr_inference.main(
        [
            "--asr_train_config",
            str(model.config),
            "--asr_model_file",
            str(model.model_file),
            "--beam_size",
            "4",
            "--output_dir",
            str(out),
            "--job",
            str(job),
            "--nj",
            str(nj),
            *options,
        ]
    )
    return read_table(out / f"text.{job}", allow_empty=True)


@pytest.fixture(scope="module")
def unit_hypotheses(asr_data: AsrData, unit_model: TrainedModel, tmp_path_factory) -> dict[str, str]:
    """Hypotheses of the unit model decoding the dumped ids."""
    return decode(unit_model, tmp_path_factory.mktemp("dec_units"), "--units_scp", str(asr_data.units_scp))


def test_training_on_unit_ids_writes_a_unit_embedding_model(unit_model: TrainedModel) -> None:
    config = yaml.safe_load(unit_model.config.read_text())
    assert config["frontend"] == "unit_embedding" and config["frontend_conf"]["num_units"] == NUM_UNITS
    assert unit_model.model_file.is_file()
    assert (unit_model.config.parent.parent / "stats/train/speech_shape").is_file()


def test_decoding_dumped_ids_gives_text_for_every_utterance(unit_hypotheses: dict[str, str]) -> None:
    assert sorted(unit_hypotheses) == [f"utt{i:02d}" for i in range(NUM_UTTS)]
    assert all(set(hyp) <= set("ABCD ") for hyp in unit_hypotheses.values())
    assert sum(len(hyp) for hyp in unit_hypotheses.values()) > NUM_UTTS


def test_hard_from_features_decodes_exactly_like_dumped_ids(
    asr_data: AsrData, unit_model: TrainedModel, unit_hypotheses: dict[str, str], tmp_path: Path
) -> None:
    options = ["--feats_scp", str(asr_data.feats_scp), "--centroids", str(asr_data.centroids), "--assignment", "hard"]
    shards = [decode(unit_model, tmp_path, *options, job=job, nj=2) for job in (1, 2)]
    assert len(shards[0]) == len(shards[1]) == NUM_UTTS // 2
    assert {**shards[0], **shards[1]} == unit_hypotheses


def test_soft_with_tiny_tau_decodes_like_hard(
    asr_data: AsrData, unit_model: TrainedModel, unit_hypotheses: dict[str, str], tmp_path: Path
) -> None:
    hyps = decode(
        unit_model,
        tmp_path,
        "--feats_scp",
        str(asr_data.feats_scp),
        "--centroids",
        str(asr_data.centroids),
        "--assignment",
        "soft",
        "--tau",
        "1e-4",
    )
    assert hyps == unit_hypotheses


def test_features_without_centroids_are_rejected(asr_data: AsrData, unit_model: TrainedModel, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="need centroids"):
        decode(unit_model, tmp_path, "--feats_scp", str(asr_data.feats_scp))
    assert not (tmp_path / "text.1").exists()


def test_out_of_range_unit_id_fails_naming_utterance_and_id(
    asr_data: AsrData, unit_model: TrainedModel, tmp_path: Path
) -> None:
    with ark_scp_writer(tmp_path / "units.ark", tmp_path / "units.scp") as writer:
        for utt, ids in iter_scp(asr_data.units_scp):
            writer[utt] = np.where(np.arange(len(ids)) == 5, NUM_UNITS, ids).astype(np.int32) if utt == "utt03" else ids
    out = tmp_path / "out"
    decode(unit_model, out, "--units_scp", str(asr_data.units_scp))
    with pytest.raises(DataError, match=r"utterance utt03: .*unit id 16 is not an integer in \[0, 16\)"):
        decode(unit_model, out, "--units_scp", str(tmp_path / "units.scp"))
    assert not any(out.iterdir()), "a failed decode must leave no text (nor the one of an earlier run)"


def test_assignment_options_do_not_apply_to_unit_ids(
    asr_data: AsrData, unit_model: TrainedModel, tmp_path: Path
) -> None:
    with pytest.raises(ConfigError, match="tau"):
        decode(unit_model, tmp_path, "--units_scp", str(asr_data.units_scp), "--tau", "2")


def test_continuous_baseline_trains_and_decodes_features(
    asr_data: AsrData, continuous_model: TrainedModel, tmp_path: Path
) -> None:
    config = yaml.safe_load(continuous_model.config.read_text())
    assert config["frontend"] is None and config["normalize"] == "global_mvn"
    assert Path(config["normalize_conf"]["stats_file"]).is_file()
    hyps = decode(continuous_model, tmp_path, "--feats_scp", str(asr_data.feats_scp))
    assert sorted(hyps) == [f"utt{i:02d}" for i in range(NUM_UTTS)]
    with pytest.raises(ConfigError, match="no unit_embedding frontend"):
        decode(continuous_model, tmp_path, "--feats_scp", str(asr_data.feats_scp), "--assignment", "soft")
    with pytest.raises(ConfigError, match="no unit_embedding frontend"):
        decode(continuous_model, tmp_path, "--units_scp", str(asr_data.units_scp))


def test_a_plan_decodes_several_systems_like_separate_runs(
    asr_data: AsrData, unit_model: TrainedModel, unit_hypotheses: dict[str, str], tmp_path: Path
) -> None:
    soft = decode(
        unit_model,
        tmp_path / "soft_alone",
        "--feats_scp",
        str(asr_data.feats_scp),
        "--centroids",
        str(asr_data.centroids),
        "--assignment",
        "soft",
        "--tau",
        "50",
    )
    plan = tmp_path / "plan.tsv"
    plan.write_text(
        f"{tmp_path / 'p_soft'}\tfeats\t{asr_data.feats_scp}\tsoft\t50\n"
        f"{tmp_path / 'p_hard'}\tunits\t{asr_data.units_scp}\t-\t-\n"
        f"{tmp_path / 'p_hard_feats'}\tfeats\t{asr_data.feats_scp}\thard\n"
    )
    args = [
        "--asr_train_config",
        str(unit_model.config),
        "--asr_model_file",
        str(unit_model.model_file),
        "--beam_size",
        "4",
        "--centroids",
        str(asr_data.centroids),
        "--plan",
        str(plan),
    ]
    asr_inference.main(args)
    assert read_table(tmp_path / "p_soft/text.1", allow_empty=True) == soft
    assert read_table(tmp_path / "p_hard/text.1", allow_empty=True) == unit_hypotheses
    assert read_table(tmp_path / "p_hard_feats/text.1", allow_empty=True) == unit_hypotheses
    stamp = (tmp_path / "p_soft/text.1").stat().st_mtime_ns
    asr_inference.main([*args, "--skip_existing"])
    assert (tmp_path / "p_soft/text.1").stat().st_mtime_ns == stamp


def test_bad_plan_lines_are_named(unit_model: TrainedModel, tmp_path: Path) -> None:
    plan = tmp_path / "plan.tsv"
    plan.write_text(f"{tmp_path}\tfeats\tx.scp\tsoft\tnot-a-number\n")
    with pytest.raises(ConfigError, match=r"plan.tsv:1: bad tau"):
        asr_inference.main(
            [
                "--asr_train_config",
                str(unit_model.config),
                "--asr_model_file",
                str(unit_model.model_file),
                "--plan",
                str(plan),
            ]
        )
    plan.write_text(f"{tmp_path}\twaves\tx.scp\n")
    with pytest.raises(ConfigError, match=r"plan.tsv:1: expected"):
        asr_inference.main(
            [
                "--asr_train_config",
                str(unit_model.config),
                "--asr_model_file",
                str(unit_model.model_file),
                "--plan",
                str(plan),
            ]
        )
