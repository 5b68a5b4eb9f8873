"""Parallel references: test utterances mapped by sentence to the target voice's utterances."""

import pytest

from softassign.bin import make_parallel_refs
from softassign.datadir import load_data_dir, write_data_dir
from softassign.errors import DataError


def _data_dir(path, utts):
    """A data dir of ``utts`` (utt -> text); speaker = the part before the first '-'."""
    return write_data_dir(
        path, wav_scp={u: f"/audio/{u}.wav" for u in utts}, text=dict(utts), utt2spk={u: u.split("-")[0] for u in utts}
    )


@pytest.fixture
def target(tmp_path):
    return _data_dir(tmp_path / "test_in", {"slt-te00000": "ONE TWO", "slt-te00001": "THREE", "slt-te00002": "FOUR"})


def test_every_utterance_gets_the_audio_of_its_sentence_in_the_target_voice(tmp_path, target):
    _data_dir(tmp_path / "test_voice", {"rms-te00000": "ONE TWO", "awb_x-te00002": "FOUR"})
    make_parallel_refs.main(
        [
            "--data_dir",
            str(tmp_path / "test_voice"),
            "--ref_data_dir",
            str(target.path),
            "--out_dir",
            str(tmp_path / "test_voice_ref"),
        ]
    )
    refs = load_data_dir(tmp_path / "test_voice_ref")
    assert refs.wav_scp == {"awb_x-te00002": "/audio/slt-te00002.wav", "rms-te00000": "/audio/slt-te00000.wav"}
    assert refs.text == {"awb_x-te00002": "FOUR", "rms-te00000": "ONE TWO"}
    assert set(refs.utt2spk.values()) == {"slt"}


def test_a_sentence_without_reference_is_an_error_and_writes_nothing(tmp_path, target):
    _data_dir(tmp_path / "test_voice", {"rms-te00000": "ONE TWO", "rms-te00009": "NINE"})
    with pytest.raises(DataError, match=r"test_voice: utterance rms-te00009: sentence 'te00009' has no utterance in"):
        make_parallel_refs.main(
            [
                "--data_dir",
                str(tmp_path / "test_voice"),
                "--ref_data_dir",
                str(target.path),
                "--out_dir",
                str(tmp_path / "out"),
            ]
        )
    assert not (tmp_path / "out").exists()


def test_utterance_ids_must_start_with_the_speaker(tmp_path, target):
    write_data_dir(
        tmp_path / "odd", wav_scp={"x-te00000": "/a.wav"}, text={"x-te00000": "ONE TWO"}, utt2spk={"x-te00000": "rms"}
    )
    with pytest.raises(
        DataError, match=r"odd/utt2spk: utterance 'x-te00000' does not start with its speaker id 'rms-'"
    ):
        make_parallel_refs.main(
            [
                "--data_dir",
                str(tmp_path / "odd"),
                "--ref_data_dir",
                str(target.path),
                "--out_dir",
                str(tmp_path / "out"),
            ]
        )


def test_a_reference_set_with_a_sentence_twice_is_ambiguous(tmp_path):
    _data_dir(tmp_path / "refs", {"slt-te00000": "ONE", "kal-te00000": "ONE"})
    _data_dir(tmp_path / "test_voice", {"rms-te00000": "ONE"})
    with pytest.raises(DataError, match="sentence 'te00000' is said by kal-te00000 and slt-te00000"):
        make_parallel_refs.main(
            [
                "--data_dir",
                str(tmp_path / "test_voice"),
                "--ref_data_dir",
                str(tmp_path / "refs"),
                "--out_dir",
                str(tmp_path / "out"),
            ]
        )
