import shutil
from pathlib import Path

import pytest
from corpus_layouts import LIBRISPEECH_CHAPTERS, UTTS_PER_CHAPTER, make_librispeech

from softassign.audio import load_audio
from softassign.corpora.librispeech import prepare_sets, read_split
from softassign.datadir import load_data_dir, read_table
from softassign.errors import ConfigError, DataError


@pytest.fixture
def corpus(tmp_path):
    return make_librispeech(tmp_path)


def chapter_dir(corpus: Path, split: str = "train-clean-100") -> Path:
    reader, chapter = LIBRISPEECH_CHAPTERS[split][0]
    return corpus / split / reader / chapter


def test_sets_become_valid_kaldi_dirs_with_absolute_flac_paths(corpus, tmp_path):
    dirs = prepare_sets(corpus, tmp_path / "data", ["train_clean_100", "dev", "test_other"])
    train = load_data_dir(tmp_path / "data/train_clean_100")
    assert len(train.utterances) == 3 * UTTS_PER_CHAPTER == len(dirs["train_clean_100"].utterances)
    utt = "103-1240-0000"
    assert train.utt2spk[utt] == "103-1240"
    assert train.text[utt] == "HE DIDN'T KNOW THE WAY HOME"
    assert Path(train.wav_scp[utt]).is_absolute() and train.wav_scp[utt].endswith(f"{utt}.flac")
    assert load_audio(train.wav_scp[utt], 16000, utt).numel() == 9600  # soundfile reads the flac
    spk2utt = read_table(tmp_path / "data/train_clean_100/spk2utt")
    assert spk2utt["103-1240"].split() == [f"103-1240-{i:04d}" for i in range(UTTS_PER_CHAPTER)]
    assert list(read_table(tmp_path / "data/train_clean_100/wav.scp")) == train.utterances  # sorted


def test_dev_is_the_union_of_dev_clean_and_dev_other(corpus, tmp_path):
    dirs = prepare_sets(corpus, tmp_path / "data", ["dev", "dev_clean", "dev_other"])
    assert set(dirs["dev"].utterances) == set(dirs["dev_clean"].utterances) | set(dirs["dev_other"].utterances)
    assert len(dirs["dev"].utterances) == 2 * UTTS_PER_CHAPTER


def test_train_960_is_the_union_of_the_three_training_splits(corpus, tmp_path):
    with pytest.raises(DataError, match="train-clean-360: no such LibriSpeech split dir"):
        prepare_sets(corpus, tmp_path / "data", ["train_960"])
    (corpus / "train-clean-360").mkdir()
    (corpus / "train-other-500/103").mkdir(parents=True)
    (corpus / "train-clean-100/1034").rename(corpus / "train-clean-360/1034")
    (corpus / "train-clean-100/103/1241").rename(corpus / "train-other-500/103/1241")
    dirs = prepare_sets(corpus, tmp_path / "data", ["train_960", "train_clean_100"])
    assert len(dirs["train_960"].utterances) == 3 * UTTS_PER_CHAPTER
    assert dirs["train_clean_100"].utterances == [f"103-1240-{i:04d}" for i in range(UTTS_PER_CHAPTER)]


def test_an_utterance_in_two_splits_of_a_union_is_an_error(corpus, tmp_path):
    for split in ("train-clean-360", "train-other-500"):
        shutil.copytree(corpus / "train-clean-100", corpus / split)
    with pytest.raises(
        DataError, match=r"train_960: utterance 103-1240-0000 is in more than one split .*103-1240-0000.flac"
    ):
        prepare_sets(corpus, tmp_path / "data", ["train_960"])


def test_unknown_set_is_a_config_error(corpus, tmp_path):
    with pytest.raises(ConfigError, match="unknown LibriSpeech data set 'train_clean_50'"):
        prepare_sets(corpus, tmp_path / "data", ["train_clean_50"])


def test_wrong_root_names_the_missing_split_dir(tmp_path):
    with pytest.raises(DataError, match=f"{tmp_path}/nowhere/dev-clean: no such LibriSpeech split dir"):
        read_split(tmp_path / "nowhere", "dev-clean")


def test_chapter_without_transcript_file(corpus, tmp_path):
    chapter = chapter_dir(corpus)
    (chapter / "103-1240.trans.txt").unlink()
    with pytest.raises(DataError, match=f"{chapter}: chapter has no transcript file 103-1240.trans.txt"):
        prepare_sets(corpus, tmp_path / "data", ["train_clean_100"])
    assert not (tmp_path / "data/train_clean_100").exists()


def test_transcript_line_without_audio(corpus, tmp_path):
    chapter = chapter_dir(corpus)
    (chapter / "103-1240-0001.flac").unlink()
    with pytest.raises(DataError, match=r"103-1240.trans.txt: utterance 103-1240-0001 has no audio .*0001\.flac"):
        prepare_sets(corpus, tmp_path / "data", ["train_clean_100"])


def test_audio_without_transcript_line(corpus, tmp_path):
    trans = chapter_dir(corpus) / "103-1240.trans.txt"
    trans.write_text("".join(trans.read_text().splitlines(keepends=True)[:-1]))
    with pytest.raises(DataError, match=r"103-1240-0002.flac: audio has no transcript line in .*103-1240.trans.txt"):
        prepare_sets(corpus, tmp_path / "data", ["train_clean_100"])


def test_untranscribable_line_names_file_and_utterance(corpus, tmp_path):
    trans = chapter_dir(corpus, "test-clean") / "1089-134686.trans.txt"
    trans.write_text(trans.read_text().replace("1089-134686-0001 ", "1089-134686-0001 THE 3 MEN "))
    with pytest.raises(DataError, match=r"1089-134686.trans.txt: utterance 1089-134686-0001: .*'3'"):
        prepare_sets(corpus, tmp_path / "data", ["test_clean"])


def test_rewrite_replaces_an_existing_dir_whole(corpus, tmp_path):
    prepare_sets(corpus, tmp_path / "data", ["test_clean"])
    (tmp_path / "data/test_clean/stale").write_text("x")
    prepare_sets(corpus, tmp_path / "data", ["test_clean"])
    assert not (tmp_path / "data/test_clean/stale").exists()
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["test_clean"]
