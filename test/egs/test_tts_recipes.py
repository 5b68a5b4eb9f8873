"""The synthesis recipes: egs/ljspeech/tts1 data preparation on a miniature LJSpeech-1.1 (22.05 kHz wavs,
metadata.csv) with an out-of-domain data dir, and egs/mini/tts1 end to end in its tiny setting."""

import math
from pathlib import Path

import numpy as np
import pytest
import soundfile
import torch
from ljspeech_layout import LJSPEECH_TEXT, make_ljspeech
from recipe_tools import copy_egs, recipe_env, run_script

from softassign.datadir import load_data_dir, read_table, write_data_dir
from softassign.evaluation.bootstrap import parse_interval
from softassign.evaluation.results import read_rows

#: 510 clips in LJSpeech's id scheme: the default split (250 + 250 held out) leaves 10 for training.
MANY_CLIPS = [(f"LJ0{50 - i // 300:02d}-{i % 300 + 1:04d}", "Text 1.", "Text one.") for i in range(510)]


def other_recipe_dir(path: Path) -> Path:
    """A Kaldi data dir of another recipe (two 16 kHz utterances of another speaker, absolute wav paths)."""
    wav_dir = path.with_name(f"{path.name}_wav")
    wav_dir.mkdir(parents=True)
    wavs = {}
    for index in range(2):
        wavs[f"spk-{index}"] = str(wav_dir / f"spk-{index}.wav")
        soundfile.write(wavs[f"spk-{index}"], np.full(8000, 0.1 * (index + 1), np.float32), 16000)
    write_data_dir(path, wav_scp=wavs, text=dict.fromkeys(wavs, "HELLO"), utt2spk=dict.fromkeys(wavs, "spk"))
    return path


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("tts_recipes")
    copy_egs(root)
    return root


@pytest.fixture(scope="module")
def ljspeech_recipe(workspace) -> Path:
    return workspace / "egs/ljspeech/tts1"


def test_ljspeech_local_data_splits_links_references_and_out_of_domain_sets(ljspeech_recipe, tmp_path):
    corpus = make_ljspeech(tmp_path)
    ood = other_recipe_dir(tmp_path / "librispeech/test_clean")
    result = run_script(
        ljspeech_recipe,
        [
            "local/data.sh",
            "--data_root",
            str(tmp_path / "data"),
            "--dev_utts",
            "2",
            "--eval_utts",
            "2",
            "--ood_dirs",
            str(ood),
        ],
        recipe_env(LJSPEECH=str(corpus)),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    data = tmp_path / "data"
    eval1 = load_data_dir(data / "eval1")
    assert eval1.utterances == ["LJ050-0277", "LJ050-0278"]
    assert eval1.text["LJ050-0278"] == LJSPEECH_TEXT["LJ050-0278"]
    assert len(load_data_dir(data / "tr_no_dev").utterances) == 3
    for name in ("dev", "eval1"):
        assert (data / f"{name}_ref").resolve() == (data / name).resolve()
    assert (data / "test_clean").resolve() == ood.resolve()
    assert load_data_dir(data / "test_clean").utterances == load_data_dir(ood).utterances


def test_ljspeech_run_stage_1_converts_the_out_of_domain_dirs_that_exist(ljspeech_recipe, tmp_path):
    corpus = make_ljspeech(tmp_path, MANY_CLIPS)
    ood = other_recipe_dir(tmp_path / "l2arctic/l2arctic")
    missing = tmp_path / "librispeech/test_clean"
    result = run_script(
        ljspeech_recipe,
        ["./run.sh", "--ood_dirs", f"{missing},{ood}", "--stop_stage", "1"],
        recipe_env(LJSPEECH=str(corpus)),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"no data dir {missing} (run that recipe's stage 1 first): not converting it" in result.stderr
    data = ljspeech_recipe / "data"
    assert [len(load_data_dir(data / name).utterances) for name in ("tr_no_dev", "dev", "eval1")] == [10, 250, 250]
    assert read_table(data / "eval1/text")["LJ050-0300"] == "TEXT ONE"
    assert (data / "l2arctic").resolve() == ood.resolve() and not (data / "test_clean").exists()
    assert (data / ".done").is_file()


@pytest.mark.parametrize(
    "env, args, message",
    [
        ({"LJSPEECH": "/no/corpus"}, [], "/no/corpus/metadata.csv: no such file (is the corpus root /no/corpus"),
        ({}, ["--ood_dirs", "/no/such/dir"], "out-of-domain dir /no/such/dir: no wav.scp"),
        ({}, ["--ood_dirs", "somewhere/eval1"], "out-of-domain dir somewhere/eval1 has the name of an LJSpeech set"),
        ({}, ["--size", "huge"], "unknown option --size"),
    ],
)
def test_ljspeech_local_data_fails_naming_the_problem(ljspeech_recipe, tmp_path, env, args, message):
    corpus = make_ljspeech(tmp_path)
    result = run_script(
        ljspeech_recipe,
        ["local/data.sh", "--data_root", str(tmp_path / "data"), *args],
        recipe_env(**{"LJSPEECH": str(corpus), **env}),
    )
    assert result.returncode != 0 and message in result.stderr
    assert not (tmp_path / "data").exists()


#: One converted test set keeps the run short (each stage job costs seconds of imports on a loaded CPU).
MINI_ARGS = ["./run.sh", "--size", "tiny", "--test_sets", "test_voice"]


@pytest.fixture(scope="module")
def mini(workspace) -> tuple[Path, str]:
    """egs/mini/tts1 run in its tiny setting on test_voice (no mini asr1 model: no WER/CER)."""
    recipe = workspace / "egs/mini/tts1"
    result = run_script(recipe, MINI_ARGS, recipe_env(), timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    return recipe, result.stderr


@pytest.mark.slow
def test_mini_results_have_finite_mcd_and_f0_for_hard_and_soft(mini):
    recipe, _ = mini
    rows = read_rows(recipe / "exp/results_vocoder_mfcc_k16/results.tsv")
    assert [(r["test_set"], r["system"], r["tau"]) for r in rows] == [
        ("test_voice", "hard", ""),
        ("test_voice", "soft", "20"),
    ]
    for row in rows:
        assert math.isfinite(float(row["mcd"])) and float(row["mcd"]) > 0
        assert math.isfinite(float(row["log_f0_rmse"]))
        assert row["n_utts"] == "2" and "wer" not in row
    assert rows[0]["mcd"] != rows[1]["mcd"]  # soft assignment feeds the generator other inputs
    hard, soft = rows
    assert float(soft["mcd_vs_hard"]) == pytest.approx(float(soft["mcd"]) - float(hard["mcd"]), abs=1e-3)
    low, high = parse_interval(soft["mcd_vs_hard_ci95"], "mcd_vs_hard_ci95")
    assert low <= float(soft["mcd_vs_hard"]) <= high and soft["log_f0_rmse_vs_hard_ci95"].startswith("[")
    assert not hard.get("mcd_vs_hard")
    # the references are analysed once, and both systems are scored against that analysis
    assert len(read_table(recipe / "dump/world/test_voice_ref/world.scp")) == 2
    for system in ("hard", "soft_tau20"):
        log = (recipe / f"exp/vocoder_mfcc_k16/synth_test_voice_{system}/scores/log/eval_synthesis.log").read_text()
        assert "--ref_world_scp dump/world/test_voice_ref/world.scp" in log


@pytest.mark.slow
def test_mini_out_of_domain_references_are_the_target_voice_on_the_same_sentence(mini):
    recipe, _ = mini
    refs = load_data_dir(recipe / "data/test_voice_ref")
    target = load_data_dir(recipe / "data/test_in")
    assert set(target.utt2spk.values()) == {"flite_slt"} == set(refs.utt2spk.values())
    for utt, wav in refs.wav_scp.items():
        sentence = utt.split("-", 1)[1]
        assert wav == target.wav_scp[f"flite_slt-{sentence}"]
    assert set(load_data_dir(recipe / "data/train").utt2spk.values()) == {"flite_slt"}
    assert (recipe / "data/test_in_ref").resolve() == (recipe / "data/test_in").resolve()


@pytest.mark.slow
def test_mini_trains_the_vocoder_for_the_configured_steps_and_writes_samples(mini):
    recipe, stderr = mini
    state = torch.load(recipe / "exp/vocoder_mfcc_k16/vocoder.pt", weights_only=True)
    assert state["step"] == 20 and state["config"]["hop_length"] == 160 and state["config"]["num_units"] == 16
    assert "intelligibility (WER/CER) is not measured" in stderr
    utt = sorted(load_data_dir(recipe / "data/test_voice").utterances)[0]
    samples = {p.name for p in (recipe / "exp/vocoder_mfcc_k16/samples/test_voice").iterdir()}
    assert {f"{utt}.{kind}.wav" for kind in ("source", "reference", "hard", "soft_tau20")} <= samples


@pytest.mark.slow
def test_mini_rerun_skips_finished_stages(mini):
    recipe, _ = mini
    model = recipe / "exp/vocoder_mfcc_k16/vocoder.pt"
    before = model.stat().st_mtime_ns
    result = run_script(recipe, MINI_ARGS, recipe_env(), timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "data dirs are done" in result.stderr and "stage 6" not in result.stderr
    assert model.stat().st_mtime_ns == before


@pytest.mark.slow
def test_mini_evaluation_fails_naming_an_unfinished_asr_model(mini, tmp_path):
    recipe, _ = mini
    asr_exp = tmp_path / "asr_unfinished"
    asr_exp.mkdir()
    results = recipe / "exp/results_vocoder_mfcc_k16"
    before = sorted(p.name for p in results.iterdir()) if results.exists() else None
    result = run_script(recipe, [*MINI_ARGS, "--stage", "7", "--asr_exp", str(asr_exp)], recipe_env(), timeout=300)
    assert result.returncode == 1
    assert f"--asr_exp {asr_exp}: no finished ASR model {asr_exp}/valid.acc.ave.pth" in result.stderr
    assert (sorted(p.name for p in results.iterdir()) if results.exists() else None) == before


@pytest.mark.slow
def test_mini_recognises_the_synthesised_speech_with_the_asr1_model(mini):
    """The cross-recipe path: once mini asr1 has its continuous model, tts1's stage 7 recognises the hard and soft
    syntheses with it (the checkpoint and decoding of asr1's conf of the same size) and scores WER/CER."""
    recipe, _ = mini
    asr1 = recipe.parent / "asr1"
    trained = run_script(asr1, ["./run.sh", "--size", "tiny", "--stop_stage", "7"], recipe_env(), timeout=900)
    assert trained.returncode == 0, trained.stderr[-3000:]
    result = run_script(recipe, [*MINI_ARGS, "--stage", "7"], recipe_env(), timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "recognising 2 synthesized set(s) with ../asr1/exp/asr_mfcc_continuous/valid.acc.ave.pth" in result.stderr
    rows = read_rows(recipe / "exp/results_vocoder_mfcc_k16/results.tsv")
    assert [(r["system"], r["n_utts"]) for r in rows] == [("hard", "2"), ("soft", "2")]
    for row in rows:
        assert float(row["cer"]) >= 0 and float(row["wer"]) >= 0 and math.isfinite(float(row["mcd"]))
    assert rows[1]["cer_vs_hard_ci95"].startswith("[")
    hyps = sorted((recipe / "exp").glob("vocoder_mfcc_k16/**/asr/text"))
    assert len(hyps) == 2 and all(len(h.read_text().splitlines()) == 2 for h in hyps)
