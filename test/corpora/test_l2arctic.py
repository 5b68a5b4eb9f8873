import pytest
from corpus_layouts import (
    L2ARCTIC_ANNOTATED,
    L2ARCTIC_NORMALISED,
    L2ARCTIC_PROMPTS,
    L2ARCTIC_SPEAKERS,
    make_l2arctic,
)

from softassign.audio import load_audio
from softassign.bin import textgrid_to_ctm
from softassign.corpora.l2arctic import SPEAKER_L1, prepare, read_annotations
from softassign.datadir import load_data_dir, read_table
from softassign.errors import DataError
from softassign.phone_analysis.ctm import read_ctm


@pytest.fixture
def corpus(tmp_path):
    return make_l2arctic(tmp_path)


@pytest.fixture
def data_dir(corpus, tmp_path):
    prepare(corpus, tmp_path / "data/l2arctic", L2ARCTIC_SPEAKERS)
    return tmp_path / "data/l2arctic"


def test_speakers_and_native_languages_of_the_release():
    assert len(SPEAKER_L1) == 24
    assert sorted(set(SPEAKER_L1.values())) == ["Arabic", "Hindi", "Korean", "Mandarin", "Spanish", "Vietnamese"]
    assert all(list(SPEAKER_L1.values()).count(l1) == 4 for l1 in SPEAKER_L1.values())
    assert SPEAKER_L1["TLV"] == "Vietnamese" and SPEAKER_L1["MBMPS"] == "Spanish" and SPEAKER_L1["YKWK"] == "Korean"


def test_data_dir_with_normalised_text_native_language_and_annotations(data_dir):
    data = load_data_dir(data_dir)
    assert len(data.utterances) == len(L2ARCTIC_SPEAKERS) * len(L2ARCTIC_PROMPTS)
    assert data.utt2spk["BWC-arctic_b0003"] == "BWC"
    assert data.text["ABA-arctic_a0001"] == L2ARCTIC_NORMALISED["arctic_a0001"]
    assert data.text["SKA-arctic_a0002"] == L2ARCTIC_NORMALISED["arctic_a0002"]
    utt2lang = read_table(data_dir / "utt2lang")
    assert utt2lang["ABA-arctic_a0001"] == utt2lang["SKA-arctic_b0003"] == "Arabic"
    assert utt2lang["BWC-arctic_a0002"] == "Mandarin"
    textgrids = read_table(data_dir / "textgrid.scp")
    assert sorted(textgrids) == sorted(f"{s}-{n}" for s in L2ARCTIC_SPEAKERS for n in L2ARCTIC_ANNOTATED)
    assert textgrids["ABA-arctic_a0001"].endswith("ABA/annotation/arctic_a0001.TextGrid")


def test_44k_wavs_are_resampled_to_16k_on_loading(data_dir):
    data = load_data_dir(data_dir)
    wave = load_audio(data.wav_scp["ABA-arctic_a0001"], 16000, "ABA-arctic_a0001")
    assert wave.numel() == 12000  # 0.75 s


def test_annotations_become_a_ctm_alignment_in_both_views(data_dir, tmp_path):
    perceived = read_annotations(data_dir / "textgrid.scp")
    canonical = read_annotations(data_dir / "textgrid.scp", view="canonical")
    labels = [seg.label for seg in perceived["SKA-arctic_a0002"]]
    assert labels == ["sil", "AO1", "S", "ER0", "AH0", "sil", "V", "sil"]
    assert [seg.label for seg in canonical["SKA-arctic_a0002"]] == ["sil", "AO1", "TH", "ER0", "sil", "AH0", "V", "sil"]
    textgrid_to_ctm.main(["--textgrid_scp", str(data_dir / "textgrid.scp"), "--out", str(tmp_path / "phones.ctm")])
    from_ctm = read_ctm(tmp_path / "phones.ctm")
    assert sorted(from_ctm) == sorted(perceived)
    assert [s.label for s in from_ctm["SKA-arctic_a0002"]] == labels
    assert [s.end for s in from_ctm["SKA-arctic_a0002"]] == pytest.approx(
        [s.end for s in perceived["SKA-arctic_a0002"]]
    )
    words = read_annotations(data_dir / "textgrid.scp", tier="words", view="raw")
    assert [s.label for s in words["ABA-arctic_a0001"]] == ["AUTHOR", "OF"]


def test_no_textgrid_scp_without_annotations(corpus, tmp_path):
    for grid in (corpus / "ABA/annotation").iterdir():
        grid.unlink()
    prepare(corpus, tmp_path / "data/aba", ["ABA"])
    assert not (tmp_path / "data/aba/textgrid.scp").exists()
    assert len(load_data_dir(tmp_path / "data/aba").utterances) == len(L2ARCTIC_PROMPTS)


def test_wrong_root_names_the_missing_speaker_dir(tmp_path):
    with pytest.raises(DataError, match=f"{tmp_path}/nowhere/ABA: no such L2-ARCTIC speaker dir"):
        prepare(tmp_path / "nowhere", tmp_path / "data/l2arctic", ["ABA"])
    assert not (tmp_path / "data").exists()


def test_missing_transcript_dir(corpus, tmp_path):
    for path in (corpus / "SKA/transcript").iterdir():
        path.unlink()
    (corpus / "SKA/transcript").rmdir()
    with pytest.raises(DataError, match=f"{corpus}/SKA/transcript: no such dir"):
        prepare(corpus, tmp_path / "data/l2arctic", L2ARCTIC_SPEAKERS)


def test_audio_without_transcript(corpus, tmp_path):
    (corpus / "BWC/transcript/arctic_a0002.txt").unlink()
    with pytest.raises(DataError, match=r"BWC/wav/arctic_a0002.wav: audio has no transcript \(arctic_a0002.txt\)"):
        prepare(corpus, tmp_path / "data/l2arctic", L2ARCTIC_SPEAKERS)
    assert not (tmp_path / "data/l2arctic").exists()


@pytest.mark.parametrize(
    "orphan, what", [("transcript/arctic_a0001.txt", "transcript"), ("annotation/arctic_a0001.TextGrid", "annotation")]
)
def test_transcript_or_annotation_without_audio(corpus, tmp_path, orphan, what):
    (corpus / "ABA/wav/arctic_a0001.wav").unlink()
    if what == "annotation":
        (corpus / "ABA/transcript/arctic_a0001.txt").unlink()
    with pytest.raises(DataError, match=f"ABA/{orphan}: {what} has no audio"):
        prepare(corpus, tmp_path / "data/l2arctic", ["ABA"])


def test_empty_or_unnormalisable_transcript_names_the_file(corpus, tmp_path):
    (corpus / "ABA/transcript/arctic_b0003.txt").write_text("\n")
    with pytest.raises(DataError, match="ABA/transcript/arctic_b0003.txt: empty transcript"):
        prepare(corpus, tmp_path / "data/l2arctic", ["ABA"])
    (corpus / "ABA/transcript/arctic_b0003.txt").write_text("It cost 20 dollars.")
    with pytest.raises(DataError, match="ABA/transcript/arctic_b0003.txt: .*'2'"):
        prepare(corpus, tmp_path / "data/l2arctic", ["ABA"])


def test_unknown_speaker(corpus, tmp_path):
    with pytest.raises(DataError, match="unknown L2-ARCTIC speaker 'XYZ'"):
        prepare(corpus, tmp_path / "data/l2arctic", ["XYZ"])
