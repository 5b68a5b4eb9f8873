"""Dress rehearsal of the full-size recipes as a user runs them on a cluster, only sizes shrunk by options.

``egs/librispeech/asr1/run.sh`` with its own feature conf (WavLM Large layer 21, loaded through torchaudio's
bundle ``get_model()`` from a seeded hub cache), its own E-Branchformer configs and BPE, all stages 1-10 (with
ESPnet's own discrete ASR baseline), every job through the one-node Slurm cluster, on a miniature corpus in the
release layout; only K, epochs, beams, BPE sizes, tau grid, job counts and the corpus shrink. Then
``egs/l2arctic/asr1`` decodes its release layout with those models and scores per native language, and
``egs/ljspeech/tts1`` trains its HiFi-GAN V1 config for a few steps on the LibriSpeech units, synthesises hard
and soft, and measures MCD and intelligibility.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
import torch
import yaml
from corpus_layouts import L2ARCTIC_SPEAKERS, make_l2arctic, make_librispeech
from ljspeech_layout import make_ljspeech
from recipe_tools import copy_egs, recipe_env, run_script

from softassign.arkio import iter_scp
from softassign.benchmarks.tts_storage import SynthesisRun, read_sizes
from softassign.bin import asr_inference, storage_report, tts_storage_report
from softassign.datadir import load_data_dir, read_table
from softassign.evaluation.results import read_rows
from softassign.units.centroids import load_centroids

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]

K, TEST_SETS, UNITS = 8, ("dev_clean", "dev_other", "test_clean", "test_other"), "wavlm_large_l21_k8"
DECODING = ["--taus", "8", "--nj", "2", "--decode_nj", "2"]
BEAM = "--beam_size 2 --ctc_weight 0.3 --maxlenratio 0.5"
ASR2_BEAM = "--beam_size 2 --ctc_weight 0.3 --maxlenratio 1.0"
#: (system, tau_from) of the results rows of every test set.
SYSTEMS = {("hard", ""), ("soft", "grid"), ("soft", "label_free"), ("continuous", ""), ("espnet_asr2", "")}
#: The LibriSpeech recipe as a user runs it (run.sh's own defaults: WavLM Large L21, E-Branchformer, BPE),
#: sizes shrunk: K, BPE vocabularies, one epoch, beam 2, one tau, 2 jobs, no GPU.
LIBRISPEECH_RUN = [
    "./run.sh",
    "--num_clusters",
    str(K),
    "--ngpu",
    "0",
    "--nbpe",
    "30",
    "--asr2_src_nbpe",
    "30",
    "--asr_args",
    "--max_epoch 1",
    "--inference_args",
    BEAM,
    "--asr2_inference_args",
    ASR2_BEAM,
    *DECODING,
]


@pytest.fixture(scope="module")
def workspace(slurm_cluster, seeded_torch_home, tmp_path_factory) -> tuple[Path, dict]:
    """A copy of egs/, the three miniature corpora, the Slurm environment with the seeded WavLM Large."""
    root = tmp_path_factory.mktemp("rehearsal")
    copy_egs(root)
    corpora = root / "corpora"
    env = recipe_env(
        cmd_backend="slurm",
        cmd_mem="6G",
        TORCH_HOME=str(seeded_torch_home("wavlm_large")),
        LIBRISPEECH=str(make_librispeech(corpora)),
        L2ARCTIC=str(make_l2arctic(corpora)),
        LJSPEECH=str(make_ljspeech(corpora)),
    )
    return root, env


@pytest.fixture(scope="module")
def librispeech(workspace) -> Path:
    root, env = workspace
    recipe = root / "egs/librispeech/asr1"
    result = run_script(recipe, LIBRISPEECH_RUN, env, timeout=900)
    assert result.returncode == 0, result.stderr[-5000:]
    return recipe


def test_librispeech_runs_every_stage_with_the_papers_features(librispeech) -> None:
    rows = read_rows(librispeech / f"exp/results_{UNITS}/results.tsv")
    assert {(r["test_set"], r["system"], r["tau_from"]) for r in rows} == {(s, *x) for s in TEST_SETS for x in SYSTEMS}
    assert all(r["n_utts"] == "3" and math.isfinite(float(r["cer"])) for r in rows)
    centroids = load_centroids(librispeech / f"exp/kmeans_{UNITS}/centroids.npy")
    assert tuple(centroids.shape) == (K, 1024)  # WavLM Large's layer width
    reader_conf = {"type": "ssl", "model": "wavlm_large", "layer": 21}
    for exp in (f"asr_{UNITS}", "asr_wavlm_large_l21_continuous"):
        config = yaml.safe_load((librispeech / "exp" / exp / "config.yaml").read_text())
        assert config["encoder"] == "e_branchformer" and config["token_type"] == "bpe"
        assert config["frontend_conf"]["reader"] == reader_conf
    asr2 = yaml.safe_load((librispeech / f"exp/asr2_{UNITS}/config.yaml").read_text())  # ESPnet's asr2 config
    assert (asr2["model"], asr2["encoder"], asr2["src_token_type"]) == ("discrete_asr", "e_branchformer", "bpe")
    assert "## exp/asr2_wavlm_large_l21_k8\n" in (librispeech / f"exp/results_{UNITS}/RESULTS.md").read_text()


def test_features_are_stored_for_the_kmeans_portion_only(librispeech) -> None:
    assert sorted(p.name for p in (librispeech / "dump/wavlm_large_l21").iterdir()) == ["train_clean_100_kmeans"]
    portion = load_data_dir(librispeech / "dump/data/train_clean_100_kmeans")
    assert len(portion.utterances) < len(load_data_dir(librispeech / "data/train_clean_100").utterances)
    with contextlib.chdir(librispeech):  # the scps name their arks relative to the recipe dir
        feats = dict(iter_scp("dump/wavlm_large_l21/train_clean_100_kmeans/feats.scp"))
        units = dict(iter_scp(f"dump/{UNITS}/test_other/units.scp"))
    assert {(f.dtype, f.shape[1]) for f in feats.values()} == {(np.dtype(np.float16), 1024)}
    assert {u.dtype for u in units.values()} == {np.dtype(np.int16)}


def test_models_carry_their_centroids_and_not_the_upstream_model(librispeech) -> None:
    units_model = torch.load(librispeech / f"exp/asr_{UNITS}/valid.acc.ave.pth", weights_only=True)
    centroids = load_centroids(librispeech / f"exp/kmeans_{UNITS}/centroids.npy")
    assert torch.equal(units_model["frontend.centroids"].float(), centroids)
    continuous = librispeech / "exp/asr_wavlm_large_l21_continuous/valid.acc.ave.pth"
    assert not any(key.startswith("frontend.") for key in torch.load(continuous, weights_only=True))
    assert continuous.stat().st_size < 200e6  # 38 M parameters; WavLM Large's 315 M are not in it


def test_every_job_ran_under_slurm(librispeech) -> None:
    job_logs = {log: log.read_text() for log in librispeech.rglob("*.log")}
    job_logs = {log: text for log, text in job_logs.items() if "\n# Started at " in text}
    names = {log.name.split(".")[0] for log in job_logs}
    assert {"feats", "learn_kmeans", "units", "train", "decode"} <= names
    started = [line for text in job_logs.values() for line in text.splitlines() if line.startswith("# Started at ")]
    assert started and all("(Slurm job " in line for line in started)


def test_hard_decoding_from_audio_equals_decoding_the_dumped_ids(librispeech, workspace, tmp_path, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", workspace[1]["TORCH_HOME"])
    monkeypatch.chdir(librispeech)
    exp = librispeech / f"exp/asr_{UNITS}"
    asr_inference.main(
        [
            "--asr_train_config",
            str(exp / "config.yaml"),
            "--asr_model_file",
            str(exp / "valid.acc.ave.pth"),
            *BEAM.split(),
            "--data_dir",
            "data/test_clean",
            "--assignment",
            "hard",
            "--output_dir",
            str(tmp_path),
        ]
    )
    from_ids = read_table(exp / "decode_test_clean_hard/text", allow_empty=True)
    assert read_table(tmp_path / "text.1", allow_empty=True) == from_ids and len(from_ids) == 3


def test_a_rerun_launches_no_job_and_keeps_the_results(librispeech, workspace) -> None:
    results = librispeech / f"exp/results_{UNITS}/results.tsv"
    before = results.read_text()
    logs = {log: log.stat().st_mtime_ns for log in librispeech.rglob("log/*.log")}
    result = run_script(librispeech, LIBRISPEECH_RUN, workspace[1], timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert not re.search(r"jobs?\) -> |decoding|training|redoing", result.stderr)  # logged when a stage runs jobs
    assert {log: log.stat().st_mtime_ns for log in librispeech.rglob("log/*.log")} == logs
    assert results.read_text() == before


@pytest.fixture(scope="module")
def l2arctic(workspace, librispeech) -> Path:
    root, env = workspace
    recipe = root / "egs/l2arctic/asr1"
    speakers = ",".join(L2ARCTIC_SPEAKERS)
    result = run_script(
        recipe,
        [
            "./run.sh",
            "--num_clusters",
            str(K),
            "--inference_args",
            BEAM,
            "--asr2_inference_args",
            ASR2_BEAM,
            *DECODING,
            "--local_data_opts",
            f"--speakers {speakers}",
        ],
        env,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-5000:]
    return recipe


def test_l2arctic_decodes_with_the_librispeech_models_and_scores_per_native_language(l2arctic) -> None:
    assert not list((l2arctic / "exp").glob("kmeans_*")) and not list((l2arctic / "exp").glob("*/train.log"))
    overall = read_rows(l2arctic / f"exp/results_{UNITS}/results.tsv")
    assert {(r["system"], r["tau_from"]) for r in overall} == SYSTEMS
    by_l1 = read_rows(l2arctic / f"exp/results_{UNITS}_by_l1/results.tsv")
    assert {r["l1"] for r in by_l1} == {"Arabic", "Mandarin"}
    assert all(r["n_utts"] == ("6" if r["l1"] == "Arabic" else "3") for r in by_l1)


@pytest.fixture(scope="module")
def ljspeech(workspace, librispeech, l2arctic) -> Path:
    root, env = workspace
    recipe = root / "egs/ljspeech/tts1"
    run = [
        "./run.sh",
        "--num_clusters",
        str(K),
        "--km_dir",
        f"../../librispeech/asr1/exp/kmeans_{UNITS}",
        "--dev_utts",
        "2",
        "--eval_utts",
        "2",
        "--ngpu",
        "0",
        *DECODING,
        "--vocoder_args",
        "--max_steps 2 --segment_frames 16 --batch_size 2",
        "--asr_inference_args",
        BEAM,
    ]
    result = run_script(recipe, run, env, timeout=900)
    assert result.returncode == 0, result.stderr[-5000:]
    return recipe


def test_ljspeech_trains_hifigan_v1_on_the_librispeech_units_and_synthesises_hard_and_soft(ljspeech) -> None:
    state = torch.load(ljspeech / f"exp/vocoder_{UNITS}/vocoder.pt", weights_only=True)
    hifigan = yaml.safe_load((ljspeech / "conf/hifigan_hop320.yaml").read_text())["vocoder"]
    assert state["step"] == 2 and state["config"]["hop_length"] == 320 == hifigan["hop_length"]
    assert state["config"]["generator"] == hifigan["generator"]
    rows = read_rows(ljspeech / f"exp/results_vocoder_{UNITS}/results.tsv")
    assert {(r["test_set"], r["system"]) for r in rows} == {
        (s, m) for s in ("eval1", "test_clean", "l2arctic") for m in ("hard", "soft")
    }
    for row in rows:
        assert math.isfinite(float(row["cer"]))  # recognised by the LibriSpeech continuous model
        if row["test_set"] == "eval1":  # LJSpeech's own voice: references for MCD
            assert float(row["mcd"]) > 0
    record = json.loads((ljspeech / f"exp/vocoder_{UNITS}/synth_eval1_soft_tau8/.done").read_text())
    assert "--data_dir data/eval1 --reader_conf conf/feats/wavlm_large_l21.yaml" in record["command"]


def test_the_storage_report_measures_every_stage_and_extrapolates_within_the_targets(librispeech) -> None:
    """softassign.bin.storage_report on the rehearsal: disk and peak RSS per stage, LibriSpeech-scale totals."""
    out = librispeech / "storage.md"
    storage_report.main(["--recipe_dir", str(librispeech), "--num_clusters", str(K), "--out", str(out)])
    lines = out.read_text().splitlines()
    rows = {line.split(" | ")[0][2:]: line.split(" | ") for line in lines if line[2:3].isdigit()}
    assert sorted(rows, key=lambda s: int(s.split()[0])) == [
        "1 data",
        "2 features",
        "3 kmeans",
        "4 units",
        "5 tokens",
        "6 train",
        "7 train_cont",
        "8 train_asr2",
        "9 decode",
        "10 score",
        "11 pack",
    ]
    for stage in ("2 features", "3 kmeans", "4 units", "6 train", "7 train_cont", "8 train_asr2", "9 decode"):
        assert rows[stage][3].endswith(" MB"), f"{stage}: no peak RSS of its jobs"  # from the jobs' accounting lines
    for stage in ("6 train", "7 train_cont", "8 train_asr2"):
        assert rows[stage][4].endswith(" GB"), f"{stage}: model copies at full size"
    totals = next(line for line in lines if line.startswith("| **total**"))
    hundred, nine_sixty = (float(x) for x in re.findall(r"\*\*([\d.]+) GB\*\*", totals))
    assert 5 < hundred <= 15 and hundred < nine_sixty <= 20


def test_the_synthesis_storage_report_measures_every_stage_and_extrapolates_the_speech_it_writes(ljspeech) -> None:
    """softassign.bin.tts_storage_report on the LJSpeech rehearsal: disk and peak RSS per stage of tts.sh, and the
    LJSpeech recipe at release size (eval1, LibriSpeech test_clean and L2-ARCTIC synthesised by 6 systems)."""
    km_dir = f"../../librispeech/asr1/exp/kmeans_{UNITS}"
    out = ljspeech / "storage.md"
    tts_storage_report.main(
        ["--recipe_dir", str(ljspeech), "--num_clusters", str(K), "--km_dir", km_dir, "--out", str(out)]
    )
    rows = {line.split(" | ")[0][2:]: line.split(" | ") for line in out.read_text().splitlines() if line[2:3].isdigit()}
    assert list(rows) == [
        "1 data",
        "2 features",
        "3 kmeans",
        "4 units",
        "5 train",
        "6 synthesize",
        "7 evaluate",
        "8 samples",
    ]
    for stage in ("4 units", "5 train", "6 synthesize", "7 evaluate"):
        assert rows[stage][3].endswith(" MB"), f"{stage}: no peak RSS of its jobs"
    sizes = read_sizes(SynthesisRun(ljspeech, "wavlm_large_l21", K, "tr_no_dev", ljspeech / km_dir))
    assert sizes.feat_dim == 1024  # WavLM Large, from the LibriSpeech centroids
    assert sizes.speech_bytes_per_s == pytest.approx(32_000, rel=0.05)  # 16 kHz, 16 bits
    assert sizes.row_bytes == 4 * 128  # a float32 row of HiFi-GAN V1's unit embedding (embed_dim 128)
    vocoder = ljspeech / f"exp/vocoder_{UNITS}/vocoder.pt"
    assert vocoder.stat().st_size <= sizes.vocoder_bytes < vocoder.stat().st_size + 100_000  # not its syntheses
    # 6 systems of 16-bit speech for 0.46 + 5.4 + 27.1 hours of test sets
    assert float(rows["6 synthesize"][4].removesuffix(" |").removesuffix(" GB")) == pytest.approx(
        32_000 * 32.96 * 3600 * 6 / 1e9, rel=0.05
    )
