"""Planning and writing the synthetic corpus: split design, Kaldi order, resumability, no partial output."""

import re
from collections import Counter

import pytest
from kill_tools import run_module

from softassign.datadir import load_data_dir, read_table
from softassign.errors import ConfigError
from softassign.synthetic_corpus import corpus, real
from softassign.synthetic_corpus.corpus import (
    OPTIONAL_SPLITS,
    SPLITS,
    CorpusConfig,
    Utterance,
    pair_voices,
    plan_corpus,
    write_corpus,
)
from softassign.synthetic_corpus.voices import HELD_OUT_VOICES, EspeakVoice, Voice
from softassign.synthetic_corpus.wavio import SynthesisError, is_corpus_wav

TINY = CorpusConfig(train_utts=3, train_sentences=3, dev_utts=2, test_utts=2, real_utts=2)


def _voices(count):
    return [EspeakVoice(f"v{i}", "en-us") for i in range(count)]


def test_pair_voices_gives_distinct_evenly_spread_pairs():
    sentences = {f"s{i}": f"sentence {i}" for i in range(7)}
    utts = pair_voices(sentences, _voices(3), 17)
    assert len({u.utt for u in utts}) == 17
    assert len({(u.speaker, u.text) for u in utts}) == 17
    per_voice = Counter(u.speaker for u in utts)
    assert max(per_voice.values()) - min(per_voice.values()) <= 1
    assert set(Counter(u.text for u in utts).values()) == {2, 3}


def test_pair_voices_refuses_more_utterances_than_pairs():
    with pytest.raises(ConfigError, match="2 sentences x 3 voices"):
        pair_voices({"a": "x y", "b": "y z"}, _voices(3), 7)


def _texts(utts):
    return {u.text for u in utts}


def test_plan_separates_sentences_and_voices():
    plan = plan_corpus(CorpusConfig(train_utts=60, train_sentences=40, dev_utts=10, test_utts=12))
    assert tuple(plan) == SPLITS + OPTIONAL_SPLITS
    assert [len(plan[s]) for s in SPLITS[:5]] == [60, 10, 12, 12, 12]
    assert not _texts(plan["train"]) & _texts(plan["dev"])
    assert not (_texts(plan["train"]) | _texts(plan["dev"])) & _texts(plan["test_in"])
    assert _texts(plan["test_in"]) == _texts(plan["test_voice"]) == _texts(plan["test_accent"])
    train_speakers = {u.speaker for u in plan["train"] + plan["dev"] + plan["test_in"]}
    assert not train_speakers & set(HELD_OUT_VOICES)
    assert {u.speaker for u in plan["test_voice"]} <= set(HELD_OUT_VOICES)
    accent_speakers = {u.speaker for u in plan["test_accent"]}
    assert len(accent_speakers) == 6 and all(re.fullmatch(r"acc_[a-z]+_espeak_\w+", s) for s in accent_speakers)


def test_plan_is_deterministic_and_seeded():
    def ids(config):
        return [(u.utt, u.text) for split in plan_corpus(config).values() for u in split]

    assert ids(TINY) == ids(TINY)
    assert ids(TINY) != ids(CorpusConfig(**{**TINY.__dict__, "seed": 1}))


def test_utterance_ids_are_in_kaldi_order():
    plan = plan_corpus(CorpusConfig(train_utts=100, train_sentences=50, dev_utts=5, test_utts=12))
    for utts in plan.values():
        for u in utts:
            assert u.utt.startswith(u.speaker + "-") and re.fullmatch(r"[a-z0-9_]+", u.speaker)
        speakers_in_utt_order = [u.speaker for u in sorted(utts, key=lambda u: u.utt)]
        assert speakers_in_utt_order == sorted(speakers_in_utt_order)


def test_wav_name_follows_voice_and_text():
    voice = EspeakVoice("v0", "en-us")
    same = Utterance("v0-x", voice, "one two")
    assert same.wav_name() == Utterance("v0-x", voice, "one two").wav_name()
    assert same.wav_name() != Utterance("v0-x", voice, "one three").wav_name()
    assert same.wav_name() != Utterance("v0-x", EspeakVoice("v0", "en-gb"), "one two").wav_name()


def test_write_corpus_writes_valid_data_dirs_and_resumes(tmp_path, monkeypatch):
    sizes = write_corpus(TINY, tmp_path / "data", tmp_path / "wav")
    expected = {"train": 3, "dev": 2, "test_in": 2, "test_voice": 2, "test_accent": 2}
    if real.load_asterisk_prompts():
        expected["test_real"] = 2
    assert sizes == expected
    for split, size in expected.items():
        data = load_data_dir(tmp_path / "data" / split)
        assert len(data.utterances) == size
        assert all(is_corpus_wav(path) and path.startswith("/") for path in data.wav_scp.values())
        spk2utt = read_table(tmp_path / "data" / split / "spk2utt")
        assert {spk: utts.split() for spk, utts in spk2utt.items()} == {
            spk: sorted(u for u, s in data.utt2spk.items() if s == spk) for spk in set(data.utt2spk.values())
        }
    wavs = {p: p.stat().st_mtime_ns for p in (tmp_path / "wav").rglob("*.wav")}

    def must_not_run(self, text, path):
        raise AssertionError(f"resynthesised {path}")

    monkeypatch.setattr(Voice, "synthesize", must_not_run)
    assert write_corpus(TINY, tmp_path / "data", tmp_path / "wav") == sizes
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "wav").rglob("*.wav")} == wavs


def test_failed_synthesis_keeps_the_previous_data_dir(tmp_path, monkeypatch):
    write_corpus(TINY, tmp_path / "data", tmp_path / "wav", splits=("test_accent",))
    before = (tmp_path / "data" / "test_accent" / "text").read_text()

    def broken(self, text, path):
        raise SynthesisError(f"voice {self.name}: broken")

    monkeypatch.setattr(EspeakVoice, "render", broken)
    with pytest.raises(SynthesisError, match="broken"):
        write_corpus(
            CorpusConfig(**{**TINY.__dict__, "seed": 7}), tmp_path / "data", tmp_path / "wav", splits=("test_accent",)
        )
    assert (tmp_path / "data" / "test_accent" / "text").read_text() == before
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["test_accent"]


def test_without_real_prompts_test_real_is_skipped(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(real, "TRANSCRIPT_FILES", (tmp_path / "none.txt.gz",))
    assert write_corpus(TINY, tmp_path / "data", tmp_path / "wav", splits=("dev", "test_real")) == {"dev": 2}
    assert not (tmp_path / "data" / "test_real").exists()
    assert "test_real has no utterances" in caplog.text


def test_unknown_split_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="test_mars"):
        corpus.write_corpus(TINY, tmp_path / "data", tmp_path / "wav", splits=("train", "test_mars"))


def test_one_train_voice_makes_a_single_speaker_corpus_with_the_same_test_conditions():
    sizes = {"train_utts": 6, "train_sentences": 6, "dev_utts": 2, "test_utts": 4}
    plan = plan_corpus(CorpusConfig(**sizes, train_voices=("flite_slt",)))
    for split in ("train", "dev", "test_in"):
        assert {u.speaker for u in plan[split]} == {"flite_slt"}
    assert len(_texts(plan["train"])) == 6
    default = plan_corpus(CorpusConfig(**sizes))
    for split in ("test_voice", "test_accent"):
        assert _texts(plan[split]) == _texts(default[split]) == _texts(plan["test_in"])
        assert {u.speaker for u in plan[split]} <= {u.speaker for u in default[split]} | set(HELD_OUT_VOICES)
    sentence_ids = {u.utt.split("-", 1)[1] for u in plan["test_in"]}
    assert {u.utt.split("-", 1)[1] for u in plan["test_voice"] + plan["test_accent"]} == sentence_ids


def test_a_held_out_or_unknown_train_voice_is_rejected():
    with pytest.raises(ConfigError, match="train voice 'flite_rms' is held out"):
        plan_corpus(CorpusConfig(**{**TINY.__dict__, "train_voices": ("flite_rms",)}))
    with pytest.raises(ConfigError, match="unknown voice 'nobody'"):
        plan_corpus(CorpusConfig(**{**TINY.__dict__, "train_voices": ("nobody",)}))


def test_real_prompts_split_into_held_out_test_prompts_and_the_rest_for_training(monkeypatch):
    prompts = [
        real.RecordedPrompt(real.SPEAKER, f"p{i}", f"/sounds/p{i}.wav", " ".join(["WORD"] * (1 + i % 6)))
        for i in range(20)
    ]
    monkeypatch.setattr(real, "load_asterisk_prompts", lambda: prompts)
    test, train = corpus.real_splits(3, seed=0)
    assert len(test) == 3 and all(len(u.transcript.split()) >= corpus.REAL_MIN_WORDS for u in test)
    assert sorted(u.utt for u in test + train) == sorted(f"{real.SPEAKER}-p{i}" for i in range(20))
    assert corpus.real_splits(3, seed=0) == (test, train) and corpus.real_splits(3, seed=1)[0] != test
    plan = plan_corpus(CorpusConfig(**{**TINY.__dict__, "real_utts": 3}))
    assert (plan["test_real"], plan["train_real"]) == (test, train)


def test_a_run_killed_mid_wav_resumes_to_the_same_wavs_and_nothing_else(tmp_path):
    """kill -9 while a wav is being made leaves its scratch dir; the rerun removes it and writes the same corpus."""
    args = ["--train_utts", "3", "--train_sentences", "3", "--dev_utts", "3", "--test_utts", "2", "--splits", "dev"]

    def corpus(root, kill_at=None):
        return run_module(
            "softassign.bin.make_synthetic_corpus",
            [*args, "--data_root", str(root / "data"), "--wav_root", str(root / "wav")],
            kill_at,
        )

    assert corpus(tmp_path / "killed", kill_at="corpus_wav:2") < 0
    assert list((tmp_path / "killed" / "wav" / "dev").glob(".*.partial")), "the kill left no scratch dir to clean"
    assert corpus(tmp_path / "killed") == 0
    assert corpus(tmp_path / "whole") == 0
    killed, whole = (
        {p.name: p.read_bytes() for p in (root / "wav" / "dev").iterdir()}
        for root in (tmp_path / "killed", tmp_path / "whole")
    )
    assert killed == whole and len(whole) == 3
