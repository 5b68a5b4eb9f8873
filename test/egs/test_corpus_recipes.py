"""The LibriSpeech and L2-ARCTIC recipes on miniature copies of their corpora: local/data.sh and
asr.sh stages 1-4 (data, MFCC features of the k-means portion, k-means K=8, unit ids from the audio);
L2-ARCTIC with the LibriSpeech centroids."""

from contextlib import chdir
from pathlib import Path

import numpy as np
import pytest
from corpus_layouts import L2ARCTIC_ANNOTATED, L2ARCTIC_PROMPTS, L2ARCTIC_SPEAKERS, make_l2arctic, make_librispeech
from recipe_tools import copy_egs, recipe_env, run_script

from softassign.arkio import iter_scp
from softassign.conf import load_yaml
from softassign.datadir import load_data_dir, read_table
from softassign.features import build_reader
from softassign.features.sources import load_utterance
from softassign.phone_analysis.ctm import read_ctm
from softassign.units.assign import hard_assign
from softassign.units.centroids import load_centroids

LIBRISPEECH_SETS = ["train_clean_100", "dev", "dev_clean", "dev_other", "test_clean", "test_other"]
DUMPED_SETS = ["train_clean_100", "dev", "test_clean"]  # one test set keeps the run short
K = 8
LIBRISPEECH_ARGS = [
    "./run.sh",
    "--feats",
    "mfcc",
    "--num_clusters",
    str(K),
    "--stop_stage",
    "4",
    "--nj",
    "1",
    "--test_sets",
    "test_clean",
]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("recipes")
    copy_egs(root)
    make_librispeech(root / "corpora")
    make_l2arctic(root / "corpora")
    return root


@pytest.fixture(scope="module")
def env(workspace):
    return recipe_env(LIBRISPEECH=str(workspace / "corpora/LibriSpeech"), L2ARCTIC=str(workspace / "corpora/l2arctic"))


@pytest.fixture(scope="module")
def librispeech(workspace, env) -> Path:
    """The LibriSpeech recipe run through stage 4 (MFCC, K=8, one job per set)."""
    recipe = workspace / "egs/librispeech/asr1"
    result = run_script(recipe, LIBRISPEECH_ARGS, env)
    assert result.returncode == 0, result.stderr[-3000:]
    return recipe


def read_scp(recipe: Path, scp: str) -> dict[str, np.ndarray]:
    """An scp of a recipe (its ark paths are relative to the recipe dir)."""
    with chdir(recipe):
        return dict(iter_scp(scp))


def test_librispeech_data_dirs(librispeech):
    for name in LIBRISPEECH_SETS:
        load_data_dir(librispeech / "data" / name)
    train = load_data_dir(librispeech / "data/train_clean_100")
    assert train.text["103-1240-0000"] == "HE DIDN'T KNOW THE WAY HOME"
    assert train.wav_scp["103-1240-0000"].endswith("LibriSpeech/train-clean-100/103/1240/103-1240-0000.flac")
    assert set(load_data_dir(librispeech / "data/dev").utterances) == (
        set(load_data_dir(librispeech / "data/dev_clean").utterances)
        | set(load_data_dir(librispeech / "data/dev_other").utterances)
    )


def test_librispeech_features_of_the_kmeans_portion_only_and_units_from_audio(librispeech):
    centroids = load_centroids(librispeech / "exp/kmeans_mfcc_k8/centroids.npy")
    assert tuple(centroids.shape) == (K, 39)
    train = load_data_dir(librispeech / "data/train_clean_100")
    portion = load_data_dir(librispeech / "dump/data/train_clean_100_kmeans")
    assert set(portion.utterances) < set(train.utterances)  # run.sh: 10 % of train-clean-100
    kmeans_feats = read_scp(librispeech, "dump/mfcc/train_clean_100_kmeans/feats.scp")
    assert list(kmeans_feats) == portion.utterances
    assert {f.dtype for f in kmeans_feats.values()} == {np.dtype(np.float16)}
    assert sorted(p.name for p in (librispeech / "dump/mfcc").iterdir()) == ["train_clean_100_kmeans"]
    reader = build_reader(load_yaml(librispeech / "conf/feats/mfcc.yaml"))
    for name in DUMPED_SETS:
        data = load_data_dir(librispeech / "data" / name)
        units = read_scp(librispeech, f"dump/mfcc_k8/{name}/units.scp")
        assert list(units) == data.utterances
        utt = data.utterances[0]
        feats = reader.extract([load_utterance(data, utt, 16000)])[0]
        np.testing.assert_array_equal(units[utt], hard_assign(feats, centroids).numpy())
    trained_on = read_scp(librispeech, "dump/mfcc_k8/train_clean_100/units.scp")
    assert len(np.unique(np.concatenate(list(trained_on.values())))) > 1


def test_librispeech_rerun_skips_finished_stages(librispeech, env):
    before = (librispeech / "exp/kmeans_mfcc_k8/centroids.npy").stat().st_mtime_ns
    result = run_script(librispeech, LIBRISPEECH_ARGS, env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "data dirs are done" in result.stderr
    assert (librispeech / "exp/kmeans_mfcc_k8/centroids.npy").stat().st_mtime_ns == before


def test_l2arctic_stages_1_to_4_use_the_librispeech_centroids(workspace, librispeech, env):
    recipe = workspace / "egs/l2arctic/asr1"
    result = run_script(
        recipe,
        [
            "./run.sh",
            "--feats",
            "mfcc",
            "--num_clusters",
            str(K),
            "--stop_stage",
            "4",
            "--nj",
            "1",
            "--local_data_opts",
            "--speakers " + ",".join(L2ARCTIC_SPEAKERS),
        ],
        env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert not list((recipe / "exp").glob("kmeans_*"))  # no k-means of its own
    data = load_data_dir(recipe / "data/l2arctic")
    assert len(data.utterances) == len(L2ARCTIC_SPEAKERS) * len(L2ARCTIC_PROMPTS)
    assert read_table(recipe / "data/l2arctic/utt2lang")["BWC-arctic_a0001"] == "Mandarin"
    phones = read_ctm(recipe / "data/l2arctic/phones.ctm")
    assert sorted(phones) == sorted(f"{s}-{n}" for s in L2ARCTIC_SPEAKERS for n in L2ARCTIC_ANNOTATED)
    assert "TH" in [s.label for s in read_ctm(recipe / "data/l2arctic/phones_canonical.ctm")["ABA-arctic_a0001"]]
    units = read_scp(recipe, "dump/mfcc_k8/l2arctic/units.scp")
    assert list(units) == data.utterances
    assert not (recipe / "dump/mfcc").exists()  # no features stored: the ids come from the audio
    reader = build_reader(load_yaml(librispeech / "conf/feats/mfcc.yaml"))
    centroids = load_centroids(librispeech / "exp/kmeans_mfcc_k8/centroids.npy").numpy()
    utt = data.utterances[0]
    feats = reader.extract([load_utterance(data, utt, 16000)])[0].numpy()
    nearest = ((feats[:, None, :] - centroids[None]) ** 2).sum(-1).argmin(1)
    np.testing.assert_array_equal(units[utt], nearest)
    assert len(feats) == pytest.approx(75, abs=2)  # 0.75 s at 44.1 kHz, resampled, 100 frames/s


def test_l2arctic_needs_the_librispeech_models_first(workspace, env):
    recipe = workspace / "egs/l2arctic/asr1"
    result = run_script(recipe, ["./run.sh", "--feats", "mfcc", "--num_clusters", "16", "--stop_stage", "4"], env)
    assert result.returncode != 0
    assert "exp/kmeans_mfcc_k16 is not done: run the LibriSpeech recipe" in result.stderr


def test_local_data_sh_names_a_wrong_corpus_root(workspace, env):
    for recipe, var, message in [
        ("librispeech", "LIBRISPEECH", "/no/corpus/dev-clean: no such LibriSpeech split dir"),
        ("l2arctic", "L2ARCTIC", "/no/corpus/ABA: no such L2-ARCTIC speaker dir"),
    ]:
        result = run_script(
            workspace / "egs" / recipe / "asr1",
            ["local/data.sh", "--data_root", "bad_data"],
            {**env, var: "/no/corpus"},
        )
        assert result.returncode != 0 and message in result.stderr
        assert not (workspace / "egs" / recipe / "asr1/bad_data").exists()


def test_local_data_sh_rejects_stray_arguments(workspace, env):
    result = run_script(workspace / "egs/l2arctic/asr1", ["local/data.sh", "--speakers", "ABA", "SKA"], env)
    assert result.returncode == 2 and "unexpected argument 'SKA'" in result.stderr
