"""The LibriSpeech recipe through all nine stages on its miniature corpus, every job through the
one-node Slurm cluster: MFCC, K=8, the template's tiny Transformer configs for one epoch, characters,
one tau. Checks the plumbing (every stage's output and the results table), not the WERs. Then (slow)
the L2-ARCTIC recipe decodes its miniature corpus with those LibriSpeech models, without retraining."""

from pathlib import Path

import pytest
from corpus_layouts import L2ARCTIC_SPEAKERS, make_l2arctic, make_librispeech
from recipe_tools import copy_egs, recipe_env, run_script

from softassign.datadir import load_data_dir, read_table
from softassign.eval.results import read_rows

TAU = "20"
TEMPLATE_CONF = "../../TEMPLATE/asr1/conf"
DECODING = ["--taus", TAU, "--inference_args", "--beam_size 2 --ctc_weight 0.3", "--nj", "1", "--decode_nj", "1"]


def slurm_env(**corpus: str) -> dict[str, str]:
    return recipe_env(cmd_backend="slurm", cmd_mem="2G", **corpus)


@pytest.fixture(scope="module")
def finished_recipe(slurm_cluster, tmp_path_factory) -> Path:
    tmp_path = tmp_path_factory.mktemp("slurm_recipe")
    copy_egs(tmp_path)
    recipe = tmp_path / "egs/librispeech/asr1"
    result = run_script(
        recipe,
        [
            "./run.sh",
            "--feats",
            "mfcc",
            "--num_clusters",
            "8",
            "--ngpu",
            "0",
            "--test_sets",
            "test_clean",
            "--token_type",
            "char",
            "--asr_units_config",
            f"{TEMPLATE_CONF}/train_asr_units.yaml",
            "--asr_continuous_config",
            f"{TEMPLATE_CONF}/train_asr_continuous.yaml",
            "--asr_args",
            "--max_epoch 1",
            *DECODING,
        ],
        slurm_env(LIBRISPEECH=str(make_librispeech(tmp_path / "corpora"))),
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return recipe


def test_all_stages_run_through_slurm(finished_recipe):
    recipe = finished_recipe
    rows = read_rows(recipe / "exp/results_mfcc_k8/results.tsv")
    assert {(r["test_set"], r["system"]) for r in rows} == {("test_clean", s) for s in ("hard", "soft", "continuous")}
    assert ("soft", TAU) in [(r["system"], r["tau"]) for r in rows]
    assert all(float(r["wer"]) >= 0 and r["n_utts"] == "3" for r in rows)
    utts = load_data_dir(recipe / "data/test_clean").utterances
    for decode in (
        "asr_mfcc_k8/decode_test_clean_hard",
        f"asr_mfcc_k8/decode_test_clean_soft_tau{TAU}",
        "asr_mfcc_continuous/decode_test_clean_continuous",
    ):
        assert sorted(read_table(recipe / "exp" / decode / "text", allow_empty=True)) == utts
    for exp in ("asr_mfcc_k8", "asr_mfcc_continuous"):
        assert (recipe / "exp" / exp / "valid.acc.ave.pth").exists()


def test_every_job_ran_under_slurm(finished_recipe):
    job_logs = {log: log.read_text() for log in finished_recipe.rglob("*.log")}
    job_logs = {log: text for log, text in job_logs.items() if "\n# Started at " in text}
    names = {log.name.split(".")[0] for log in job_logs}
    assert {"dump_features", "learn_kmeans", "dump_units", "collect_stats", "train", "decode"} <= names
    started = [line for text in job_logs.values() for line in text.splitlines() if line.startswith("# Started at ")]
    assert started and all("(Slurm job " in line for line in started)


@pytest.mark.slow
def test_l2arctic_decodes_with_the_librispeech_models(finished_recipe):
    recipe = finished_recipe.parents[1] / "l2arctic/asr1"
    corpus = make_l2arctic(recipe.parents[2] / "corpora")
    result = run_script(
        recipe,
        [
            "./run.sh",
            "--feats",
            "mfcc",
            "--num_clusters",
            "8",
            *DECODING,
            "--local_data_opts",
            "--speakers " + ",".join(L2ARCTIC_SPEAKERS),
        ],
        slurm_env(L2ARCTIC=str(corpus)),
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert not (recipe / "exp/kmeans_mfcc_k8").exists() and not (recipe / "exp/asr_mfcc_k8/train.log").exists()
    overall = read_rows(recipe / "exp/results_mfcc_k8/results.tsv")
    assert {(r["test_set"], r["system"]) for r in overall} == {("l2arctic", s) for s in ("hard", "soft", "continuous")}
    by_l1 = read_rows(recipe / "exp/results_mfcc_k8_by_l1/results.tsv")
    assert {r["l1"] for r in by_l1} == {"Arabic", "Mandarin"}
    assert all(r["n_utts"] == ("6" if r["l1"] == "Arabic" else "3") for r in by_l1)
    by_speaker = read_rows(recipe / "exp/results_mfcc_k8_by_speaker/results.tsv")
    assert len(by_speaker) == len(overall) * len(L2ARCTIC_SPEAKERS)
