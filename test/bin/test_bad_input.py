"""Bad input through the entry points a user (or a stage) calls, as processes: each case exits with status 1 (2
for bad options), prints one message naming the file or utterance at fault and no traceback, and leaves no
partial output behind. The library-level tests beside the modules check more variants of each."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile
import torch

from softassign.datadir import read_table, write_table
from softassign.units.centroids import save_centroids


def run_entry_point(module: str, *args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", f"softassign.bin.{module}", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def work(tmp_path, data_dir):
    """A data dir of six tone utterances, an MFCC conf, centroids of the MFCC dimension."""
    (tmp_path / "mfcc.yaml").write_text("type: mfcc\n")
    save_centroids(tmp_path / "c13.npy", np.random.default_rng(0).standard_normal((8, 13)).astype(np.float32))
    save_centroids(tmp_path / "c5.npy", np.zeros((8, 5), np.float32))
    return tmp_path


def first_utt(data_dir: Path) -> str:
    return sorted(read_table(data_dir / "utt2spk"))[0]


def wav_of(data_dir: Path, utt: str) -> Path:
    return Path(read_table(data_dir / "wav.scp")[utt])


def corrupt(data_dir: Path) -> str:
    wav_of(data_dir, first_utt(data_dir)).write_bytes(b"not audio at all")
    return first_utt(data_dir)


def truncate(data_dir: Path) -> str:
    wav = wav_of(data_dir, first_utt(data_dir))
    wav.write_bytes(wav.read_bytes()[:-2000])
    return first_utt(data_dir)


def segment_past_the_end(data_dir: Path) -> str:
    utt = first_utt(data_dir)
    write_table(
        data_dir / "segments", {u: f"{u} 0.0 {27.0 if u == utt else 0.3}" for u in read_table(data_dir / "utt2spk")}
    )
    return utt


def nan_audio(data_dir: Path) -> str:
    utt = first_utt(data_dir)
    soundfile.write(wav_of(data_dir, utt), np.full(8000, np.nan, np.float32), 16000, subtype="FLOAT")
    return utt


@pytest.mark.parametrize(
    "damage, message",
    [
        (corrupt, "cannot read audio"),
        (truncate, "is truncated: header says"),
        (segment_past_the_end, "past the end"),
        (nan_audio, "NaN or infinite samples"),
    ],
    ids=["unreadable", "truncated", "segment_past_the_end", "nan"],
)
def test_bad_audio_names_the_utterance_and_leaves_no_shard(work, data_dir, damage, message):
    utt = damage(data_dir)
    result = run_entry_point(
        "dump_features", "--reader_conf", work / "mfcc.yaml", f"{data_dir}:{work / 'out'}", cwd=work
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"dump_features: error: utterance {utt}" in result.stderr and message in result.stderr
    assert not list((work / "out").glob("feats.*"))


def test_centroids_of_another_dimension_name_the_utterance(work, data_dir):
    result = run_entry_point(
        "dump_units",
        "--reader_conf",
        work / "mfcc.yaml",
        "--centroids",
        work / "c5.npy",
        f"{data_dir}:{work / 'out'}",
        cwd=work,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        f"utterance {first_utt(data_dir)}: feature dimension 13 differs from the centroids' dimension 5"
        in result.stderr
    )
    assert not list((work / "out").glob("units.*"))


@pytest.mark.parametrize(
    "conf, message",
    [
        ("type: ssl\nmodel: wavlm_huge\nlayer: 1\n", "unknown SSL model 'wavlm_huge'"),
        ("type: ssl\nmodel: tiny_hubert\nlayer: 9\n", "tiny_hubert has transformer layers 1..4, not 9"),
        ("type: ssl\nmodel: tiny_wavlm\nlayer: 1\ncheckpoint: hubert.pt\n", "hubert.pt: not a tiny_wavlm state dict"),
        ("type: mfcc\nbogus: 1\n", "feature reader 'mfcc'"),
        ("type: [mfcc\n", "conf.yaml: not valid YAML"),
    ],
    ids=["unknown_model", "layer_out_of_range", "wrong_architecture", "unknown_option", "bad_yaml"],
)
def test_bad_feature_confs_are_named(work, data_dir, conf, message):
    from softassign.features.ssl import SSLReader

    torch.save(SSLReader("tiny_hubert", 1).net.state_dict(), work / "hubert.pt")
    (work / "conf.yaml").write_text(conf)
    result = run_entry_point(
        "dump_units",
        "--reader_conf",
        "conf.yaml",
        "--centroids",
        work / "c13.npy",
        f"{data_dir}:{work / 'out'}",
        cwd=work,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr and message in result.stderr
    assert not (work / "out").exists()


def test_a_transcript_missing_from_a_data_dir_is_named(work, data_dir):
    text = read_table(data_dir / "text")
    missing = sorted(text)[2]
    del text[missing]
    write_table(data_dir / "text", text)
    result = run_entry_point("validate_data_dir", data_dir, cwd=work)
    assert result.returncode == 1 and f"{data_dir / 'text'}: no entry for utterance '{missing}'" in result.stderr


def test_scoring_hypotheses_of_utterances_without_a_reference_is_refused(work, data_dir):
    refs = read_table(data_dir / "text")
    extra = sorted(refs)[0]
    write_table(work / "hyp", refs)
    write_table(work / "ref", {u: t for u, t in refs.items() if u != extra})
    result = run_entry_point(
        "score", "--ref", "ref", "--hyp", "hyp", "--test_set", "t", "--system", "hard", "--out", "result.tsv", cwd=work
    )
    assert result.returncode == 1 and f"utterance '{extra}' has a hypothesis but no reference" in result.stderr
    assert not (work / "result.tsv").exists()


def test_label_free_tau_names_the_set_that_fails(work, data_dir):
    empty = work / "empty.scp"
    empty.write_text("")
    result = run_entry_point(
        "select_tau",
        "--centroids",
        work / "c13.npy",
        "--reader_conf",
        work / "mfcc.yaml",
        f"{data_dir}:good.txt",
        f"{empty}:bad.txt",
        cwd=work,
    )
    assert result.returncode == 1 and f"{empty}: no frames to sample from" in result.stderr


def test_merging_shards_that_list_an_utterance_twice_is_refused(work, data_dir):
    utts = sorted(read_table(data_dir / "utt2spk"))
    for job, keys in ((1, utts[:4]), (2, utts[3:])):
        shard = work / f"units.{job}.scp"
        shard.write_text("".join(f"{u} x.ark:1\n" for u in keys))
        (work / f"units.{job}.scp.done").write_text('{"command": "test", "inputs": {}}')
    result = run_entry_point(
        "merge_shards", "--shards", "units.JOB.scp", "--nj", 2, "--out", "units.scp", "--data_dir", data_dir, cwd=work
    )
    assert result.returncode == 1 and f"utterance {utts[3]} is in shard 1 and in shard 2" in result.stderr
    assert not (work / "units.scp").exists()


def test_kmeans_with_no_pass_is_refused_before_reading_anything(work):
    result = run_entry_point(
        "learn_kmeans", "--feats_scp", "nothing.scp", "--num_clusters", 8, "--max_iter", 0, "--out", "c.npy", cwd=work
    )
    assert result.returncode == 2 and "max_iter must be >= 1" in result.stderr and not (work / "c.npy").exists()
