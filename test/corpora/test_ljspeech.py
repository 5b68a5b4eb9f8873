"""LJSpeech-1.1 layout -> tr_no_dev/dev/eval1 data dirs, and the errors on a broken release."""

from pathlib import Path

import pytest
from ljspeech_layout import LJSPEECH_LINES, LJSPEECH_TEXT, make_ljspeech, write_metadata

from softassign.audio import load_audio
from softassign.bin import prepare_ljspeech
from softassign.corpora.ljspeech import prepare_sets
from softassign.datadir import load_data_dir
from softassign.errors import DataError


@pytest.fixture
def corpus(tmp_path):
    return make_ljspeech(tmp_path)


def test_split_follows_the_sorted_ids_and_text_comes_from_the_normalized_column(corpus, tmp_path):
    prepare_ljspeech.main(
        ["--corpus_root", str(corpus), "--data_root", str(tmp_path / "data"), "--dev_utts", "2", "--eval_utts", "2"]
    )
    sets = {name: load_data_dir(tmp_path / "data" / name) for name in ("tr_no_dev", "dev", "eval1")}
    assert sets["tr_no_dev"].utterances == ["LJ001-0001", "LJ001-0002", "LJ002-0011"]
    assert sets["dev"].utterances == ["LJ003-0005", "LJ049-0230"]
    assert sets["eval1"].utterances == ["LJ050-0277", "LJ050-0278"]
    for data in sets.values():
        assert data.text == {utt: LJSPEECH_TEXT[utt] for utt in data.utterances}
        assert set(data.utt2spk.values()) == {"LJ"}
        for utt, path in data.wav_scp.items():
            assert Path(path).is_absolute() and path.endswith(f"LJSpeech-1.1/wavs/{utt}.wav")
    assert load_audio(sets["eval1"].wav_scp["LJ050-0278"], 16000, "LJ050-0278").numel() == 8000  # 0.5 s, resampled


def test_default_split_holds_out_250_plus_250(tmp_path):
    lines = [(f"LJ0{50 - i // 300:02d}-{i % 300 + 1:04d}", "x", "word") for i in range(510)]
    corpus = make_ljspeech(tmp_path, lines)
    sets = prepare_sets(corpus, tmp_path / "data")
    assert [len(sets[name].utterances) for name in ("tr_no_dev", "dev", "eval1")] == [10, 250, 250]
    everything = sorted(utt for utt, *_ in lines)
    assert sets["eval1"].utterances == everything[-250:] and sets["dev"].utterances == everything[-500:-250]


def _broken(corpus: Path, change) -> None:
    lines = [list(line) for line in LJSPEECH_LINES]
    change(lines)
    write_metadata(corpus, [tuple(line) for line in lines])


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda lines: lines[2].pop(),
            r"metadata.csv:3: expected 'id\|transcription\|normalized transcription', got 2",
        ),
        (lambda lines: lines[1].__setitem__(0, "LJ1-2"), r"metadata.csv:2: 'LJ1-2' is not an LJSpeech clip id"),
        (
            lambda lines: lines.append(["LJ050-0279", "x", "y"]),
            r"metadata.csv:8: clip LJ050-0279 has no audio .*wavs/LJ050-0279.wav",
        ),
        (lambda lines: lines.pop(0), r"wavs/LJ001-0001.wav: no line for this clip in .*metadata.csv"),
        (lambda lines: lines.append(list(lines[0])), r"metadata.csv:8: clip LJ001-0001 is listed twice"),
        (lambda lines: lines[4].__setitem__(2, "The 2nd report"), r"metadata.csv:5: clip LJ050-0277: .*character '2'"),
        (lambda lines: lines[0].__setitem__(2, " -- "), r"metadata.csv:1: clip LJ001-0001 has an empty normalized"),
    ],
)
def test_broken_metadata_is_an_error_naming_the_line_and_nothing_is_written(corpus, tmp_path, change, message):
    _broken(corpus, change)
    with pytest.raises(DataError, match=message):
        prepare_sets(corpus, tmp_path / "data", 2, 2)
    assert not (tmp_path / "data").exists()


def test_wrong_corpus_root_and_too_small_corpus(corpus, tmp_path):
    with pytest.raises(DataError, match=r"LJSpeech-1.1/LJSpeech-1.1/metadata.csv: no such file \(is the corpus root"):
        prepare_sets(corpus / "LJSpeech-1.1", tmp_path / "data")
    with pytest.raises(DataError, match=r"metadata.csv: 7 clips leave none for tr_no_dev after 4 dev and 3 eval1"):
        prepare_sets(corpus, tmp_path / "data", 4, 3)
    (corpus / "wavs").rename(corpus / "audio")
    with pytest.raises(DataError, match=r"LJSpeech-1.1/wavs: no such dir"):
        prepare_sets(corpus, tmp_path / "data")
    assert not (tmp_path / "data").exists()
