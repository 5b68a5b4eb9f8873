"""Output records: which words are inputs, how they are digested, when an output is current."""

import json

import pytest

import softassign
from softassign.bin import record as record_cli
from softassign.records import Record, command_record, differences, is_current, named_paths, path_digest, write_record


@pytest.fixture
def recipe(tmp_path, monkeypatch):
    """A recipe-like dir: a data dir, a conf file and a finished upstream stage output."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data/test").mkdir(parents=True)
    for name, text in [("wav.scp", "u1 /a.wav\n"), ("text", "u1 HELLO\n"), ("utt2spk", "u1 s\n")]:
        (tmp_path / "data/test" / name).write_text(text)
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf/feats.yaml").write_text("type: mfcc\n")
    (tmp_path / "exp/kmeans").mkdir(parents=True)
    (tmp_path / "exp/kmeans/centroids.npy").write_bytes(b"\x00" * 64)
    write_record("exp/kmeans", Record("learn kmeans", {}))
    return tmp_path


def test_words_name_paths_directly_after_equals_and_before_commas(recipe):
    words = [
        "python",
        "-m",
        "x",
        "--data_dir",
        "data/test",
        "--conf=conf/feats.yaml",
        "centroids=exp/kmeans/centroids.npy",
        "data/test/text,text,text",
        "--out_dir",
        "dump/out",
        "10",
        "hard",
    ]
    assert named_paths(words, ["dump/out"]) == [
        "data/test",
        "conf/feats.yaml",
        "exp/kmeans/centroids.npy",
        "data/test/text",
    ]


def test_outputs_paths_inside_them_and_their_parents_are_not_inputs(recipe):
    (recipe / "dump/out/log").mkdir(parents=True)
    words = ["dump/out", "dump/out/log", "dump", "conf/feats.yaml"]
    assert named_paths(words, ["dump/out"]) == ["conf/feats.yaml"]


def test_data_dirs_are_digested_by_their_audio_tables_and_tables_by_themselves(recipe):
    before, text = path_digest("data/test"), path_digest("data/test/text")
    assert before.startswith("table:") and text.startswith("sha256:")
    (recipe / "data/test/text").write_text("u1 HELLO THERE\n")  # the usual hand fix of a transcript
    assert path_digest("data/test") == before  # features and units of the set do not depend on it
    assert path_digest("data/test/text") != text  # training on it does
    (recipe / "data/test/wav.scp").write_text("u1 /b.wav\n")
    assert path_digest("data/test") != before


def test_stage_outputs_are_digested_by_their_record_not_their_bytes(recipe):
    before = path_digest("exp/kmeans/centroids.npy")
    assert before.startswith("record:") and path_digest("exp/kmeans") == before
    (recipe / "exp/kmeans/centroids.npy").write_bytes(b"\x01" * 64)  # bytes are not read
    assert path_digest("exp/kmeans/centroids.npy") == before
    write_record("exp/kmeans", Record("learn kmeans --num_clusters 8", {}))  # a redone upstream stage
    assert path_digest("exp/kmeans/centroids.npy") != before


def test_the_code_version_alone_does_not_change_a_record_digest(recipe, monkeypatch):
    before = path_digest("exp/kmeans")
    written = json.loads((recipe / "exp/kmeans/.done").read_text())
    written["softassign"] = "9.9.9 (git other)"
    (recipe / "exp/kmeans/.done").write_text(json.dumps(written))
    assert path_digest("exp/kmeans") == before


def test_plain_files_are_digested_by_their_bytes(recipe):
    before = path_digest("conf/feats.yaml")
    assert before.startswith("sha256:")
    (recipe / "conf/feats.yaml").write_text("type: fbank\n")
    assert path_digest("conf/feats.yaml") != before


def test_current_until_an_input_or_the_command_changes(recipe):
    words = ["dump", "--data_dir", "data/test", "--conf", "conf/feats.yaml", "--out_dir", "dump/out"]
    (recipe / "dump/out").mkdir(parents=True)
    assert not is_current("dump/out", command_record(words, ["dump/out"]))
    assert differences("dump/out", command_record(words, ["dump/out"])) == ["dump/out has no record"]
    write_record("dump/out", command_record(words, ["dump/out"]))
    assert is_current("dump/out", command_record(words, ["dump/out"]))
    assert not is_current("dump/out", command_record([*words, "--tau", "8"], ["dump/out"]))
    (recipe / "conf/feats.yaml").write_text("type: fbank\n")
    changed = command_record(words, ["dump/out"])
    assert not is_current("dump/out", changed)
    assert differences("dump/out", changed) == ["input conf/feats.yaml changed"]


def test_a_file_output_keeps_its_record_beside_it(recipe):
    (recipe / "out.txt").write_text("x")
    write_record("out.txt", Record("make out.txt", {}))
    assert (recipe / "out.txt.done").is_file() and is_current("out.txt", Record("make out.txt", {}))
    (recipe / "out.txt").unlink()
    assert not is_current("out.txt", Record("make out.txt", {}))


def test_cli_check_write_and_clear(recipe, capsys):
    (recipe / "dump/out").mkdir(parents=True)
    words = ["--", "dump", "data/test", "--out_dir", "dump/out"]
    with pytest.raises(SystemExit) as exit_info:
        record_cli.main(["check", "dump/out", *words])
    assert exit_info.value.code == 1 and "redoing dump/out: dump/out has no record" in capsys.readouterr().err
    record_cli.main(["write", "dump/out", *words])
    record_cli.main(["check", "dump/out", *words])  # current: returns normally
    with pytest.raises(SystemExit):
        record_cli.main(["check", "dump/out", "--clear", "--", "dump", "data/test", "--other"])
    assert not (recipe / "dump/out/.done").exists()
    record_cli.main(["write", "dump/out", *words])
    record_cli.main(["clear", "dump/out"])
    assert not (recipe / "dump/out/.done").exists()


def test_record_files_hold_the_code_version_for_provenance(recipe):
    written = json.loads((recipe / "exp/kmeans/.done").read_text())
    assert written["command"] == "learn kmeans" and written["softassign"].startswith(softassign.__version__)


def test_paths_named_in_a_yaml_config_are_inputs_too(recipe):
    (recipe / "exp/hubert").mkdir()
    (recipe / "exp/hubert/encoder.pt").write_bytes(b"weights")
    (recipe / "conf/ssl.yaml").write_text("type: ssl\nmodel: small_hubert\ncheckpoint: exp/hubert/encoder.pt\n")
    before = command_record(["dump", "--reader_conf", "conf/ssl.yaml"])
    assert list(before.inputs) == ["conf/ssl.yaml", "exp/hubert/encoder.pt"]
    (recipe / "exp/hubert/encoder.pt").write_bytes(b"pretrained again")
    assert command_record(["dump", "--reader_conf", "conf/ssl.yaml"]).inputs != before.inputs


def test_source_out_pairs_name_their_source_as_an_input(recipe):
    (recipe / "dump/out").mkdir(parents=True)
    assert named_paths(["dump_units", "data/test:dump/out"], ["dump/out"]) == ["data/test"]
