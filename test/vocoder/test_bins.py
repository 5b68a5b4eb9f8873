"""The three command-line entry points, end to end on the tiny config: train, synthesize, score."""

import csv

import pytest
import yaml

from softassign.bin import dump_world_features, eval_synthesis, synthesize, train_vocoder
from softassign.conf import load_yaml
from softassign.datadir import read_table

pytest_plugins = ["vocoder.vocoder_fixtures"]


@pytest.fixture
def model(unit_corpus, tiny_config_path, tmp_path):
    config = load_yaml(tiny_config_path)
    config["train"].update(max_steps=2, checkpoint_every=1)
    (tmp_path / "vocoder.yaml").write_text(yaml.safe_dump(config))
    out = tmp_path / "exp"
    train_vocoder.main(
        [
            "--config",
            str(tmp_path / "vocoder.yaml"),
            "--units_scp",
            str(unit_corpus.units_scp),
            "--data_dir",
            str(unit_corpus.data_dir),
            "--num_units",
            str(len(unit_corpus.centroids)),
            "--out_dir",
            str(out),
        ]
    )
    assert sorted(p.name for p in out.glob("checkpoint.*.pt")) == ["checkpoint.1.pt", "checkpoint.2.pt"]
    return out / "vocoder.pt"


@pytest.mark.slow  # trains a model
def test_train_synthesize_soft_and_score(model, unit_corpus, tmp_path, capsys):
    synth = tmp_path / "synth"
    synthesize.main(
        [
            "--model",
            str(model),
            "--feats_scp",
            str(unit_corpus.feats_scp),
            "--centroids",
            str(unit_corpus.centroids_path),
            "--tau",
            "0.5",
            "--topk",
            "4",
            "--out_dir",
            str(synth),
            "--ref_data_dir",
            str(unit_corpus.data_dir),
        ]
    )
    assert len(read_table(synth / "wav.scp")) == 6 and (synth / "text").exists()
    eval_synthesis.main(
        [
            "--ref_data_dir",
            str(unit_corpus.data_dir),
            "--syn_wav_scp",
            str(synth / "wav.scp"),
            "--out_dir",
            str(synth / "scores"),
            "--test_set",
            "test",
            "--system",
            "soft",
            "--tau",
            "0.5",
        ]
    )
    with open(synth / "scores/results.tsv", newline="") as f:
        (row,) = list(csv.DictReader(f, delimiter="\t"))
    assert (row["test_set"], row["system"], row["tau"], row["n_utts"]) == ("test", "soft", "0.5", "6")
    assert float(row["mcd"]) > 0
    assert len((synth / "scores/utt_scores.tsv").read_text().splitlines()) == 7
    assert "mcd=" in capsys.readouterr().out
    # the references analysed once and stored give the same scores
    world = tmp_path / "world"
    dump_world_features.main(["--data_dir", str(unit_corpus.data_dir), "--out_dir", str(world), "--nj", "2"])
    assert len(read_table(world / "world.scp")) == 6 and (world / "world.scp.done").exists()
    common = ["--syn_wav_scp", str(synth / "wav.scp"), "--test_set", "test", "--system", "soft", "--tau", "0.5"]
    eval_synthesis.main(["--ref_world_scp", str(world / "world.scp"), "--out_dir", str(tmp_path / "scores"), *common])
    assert (tmp_path / "scores/utt_scores.tsv").read_text() == (synth / "scores/utt_scores.tsv").read_text()


@pytest.mark.slow  # trains a model
def test_synthesize_hard_from_units(model, unit_corpus, tmp_path):
    synthesize.main(
        ["--model", str(model), "--units_scp", str(unit_corpus.units_scp), "--out_dir", str(tmp_path / "s")]
    )
    assert sorted(read_table(tmp_path / "s/wav.scp")) == sorted(read_table(unit_corpus.data_dir / "wav.scp"))


@pytest.mark.parametrize("args", [["--tau", "0.5"], ["--centroids", "c.npy"]])
def test_units_scp_takes_no_assignment_options(args, tmp_path):
    with pytest.raises(SystemExit):
        synthesize.main(["--model", "m.pt", "--units_scp", "u.scp", "--out_dir", str(tmp_path), *args])
