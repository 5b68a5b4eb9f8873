import shutil

import pytest
from shared_layout import make_shared_root

from softassign.audio import load_audio
from softassign.corpora.shared_speech import prepare_kathleen, prepare_shared_sets
from softassign.errors import DataError


@pytest.fixture
def shared(tmp_path):
    return make_shared_root(tmp_path)


def test_kathleen_keeps_the_first_aligned_take_of_each_prompt(shared, tmp_path):
    data = prepare_kathleen(shared / "kathleen_arctic_a", tmp_path / "data" / "real_kathleen", num_utts=2)
    assert data.utterances == ["arctic_a0001_100", "arctic_a0003_400"]  # a0002 has no alignment
    assert data.text["arctic_a0001_100"] == "AUTHOR OF THE DANGER TRAIL PHILIP STEELS ETC"
    assert set(data.utt2spk.values()) == {"kathleen"}
    assert data.wav_scp["arctic_a0003_400"] == str(shared / "kathleen_arctic_a/flac/arctic_a0003_400.flac")


def test_both_sets_and_ljspeech_resampled_on_loading(shared, tmp_path):
    sets = prepare_shared_sets(shared, tmp_path / "data", kathleen_utts=100)
    assert sorted(sets) == ["real_kathleen", "real_ljspeech"]
    assert len(sets["real_kathleen"].utterances) == 3
    lj = sets["real_ljspeech"]
    assert lj.text == {"LJ001-0001": "PRINTING IN THE ONLY SENSE", "LJ001-0002": "IN BEING COMPARATIVELY MODERN"}
    assert len(load_audio(lj.wav_scp["LJ001-0001"], 16000, "LJ001-0001")) == pytest.approx(0.3 * 16000, abs=2)


def test_a_missing_sample_dir_is_skipped(shared, tmp_path):
    shutil.rmtree(shared / "ljspeech_samples")
    assert list(prepare_shared_sets(shared, tmp_path / "data")) == ["real_kathleen"]
    assert prepare_shared_sets(tmp_path / "nothing", tmp_path / "data2") == {}
    assert not (tmp_path / "data2").exists()


@pytest.mark.parametrize(
    "breakage, message",
    [
        (
            lambda s: (s / "kathleen_arctic_a/text.tsv").write_text("arctic_a0001_100 no tab\n"),
            r"text.tsv:1: expected 'arctic_a<4 digits>_<take><TAB>text'",
        ),
        (
            lambda s: (s / "kathleen_arctic_a/flac/arctic_a0003_400.flac").unlink(),
            r"text.tsv:4: utterance arctic_a0003_400 has no audio",
        ),
        (
            lambda s: (s / "kathleen_arctic_a/text.tsv").write_text("arctic_a0001_100\tAt 5 past\n"),
            r"text.tsv:1: utterance arctic_a0001_100: .*character '5'",
        ),
        (lambda s: (s / "kathleen_arctic_a/phones.ctm").unlink(), r"phones.ctm: no such file or dir"),
        (
            lambda s: (s / "ljspeech_samples/metadata.csv").write_text("LJ001-0001|a|b\n"),
            r"metadata.csv:1: expected 'id\|text'",
        ),
        (
            lambda s: (s / "ljspeech_samples/metadata.csv").write_text("LJ001-0001|a\nLJ001-0001|b\n"),
            r"metadata.csv:2: clip LJ001-0001 is listed twice",
        ),
    ],
)
def test_broken_layouts_are_errors_naming_the_file(shared, tmp_path, breakage, message):
    breakage(shared)
    with pytest.raises(DataError, match=message):
        prepare_shared_sets(shared, tmp_path / "data")


def test_kathleen_split_trains_on_every_take_of_the_prompts_it_does_not_test_on(shared, tmp_path):
    sets = prepare_shared_sets(shared, tmp_path / "data", kathleen_utts=2, kathleen_train=True)
    assert sorted(sets) == ["real_kathleen", "real_ljspeech", "train_kathleen"]
    # every take of a0001 and a0002, aligned or not; a0003 and a0004 to train on
    assert sets["real_kathleen"].utterances == ["arctic_a0001_100", "arctic_a0001_200", "arctic_a0002_300"]
    assert sets["train_kathleen"].utterances == ["arctic_a0003_400", "arctic_a0004_500"]
    with pytest.raises(DataError, match="cannot hold out 4 of its 4 prompts"):
        prepare_shared_sets(shared, tmp_path / "data2", kathleen_utts=4, kathleen_train=True)
