"""Accent rules rewrite espeak-ng phoneme strings as documented; accented voices speak."""

import numpy as np
import pytest
import soundfile

from softassign.errors import ConfigError
from softassign.synthetic_corpus.accents import (
    PROFILES,
    EpentheticVowel,
    Substitute,
    accented_voice,
    get_profile,
    phoneme_input,
)
from softassign.synthetic_corpus.voices import get_voice


def word(text):
    return text.split("|")


def test_substitute_anywhere_keeps_the_stress_mark():
    assert Substitute("I", "i:").apply(word("T|'I|N|k|I|N")) == word("T|'i:|N|k|i:|N")


def test_substitute_final_only_touches_the_last_phoneme_before_pauses():
    rule = Substitute("d", "t", "final")
    assert rule.apply(word("d|'E|d")) == word("d|'E|t")
    assert rule.apply(word("b|r|'E|d|_:|_:")) == word("b|r|'E|t|_:|_:")
    assert rule.apply(word("d|'0|g")) == word("d|'0|g")


def test_substitute_initial_and_deletion_and_sequences():
    assert Substitute("h", "", "initial").apply(word("h|'aU|s|h")) == word("'aU|s|h")
    assert Substitute("t", "", "final").apply(word("k|'a|t")) == word("k|'a")
    assert Substitute("z", "d Z").apply(word("z|'i@|r|oU")) == ["d", "Z", "'i@", "r", "oU"]
    assert Substitute("V", "a I").apply(word("k|'V|p")) == ["k", "'a", "I", "p"]


def test_substitute_does_not_modify_its_input():
    original = word("T|'I|N")
    Substitute("T", "s").apply(original)
    assert original == word("T|'I|N")


def test_epenthetic_vowel_after_final_consonant_except_listed():
    rule = EpentheticVowel("u:", "final", except_after=("n", "N"))
    assert rule.apply(word("b|'I|g")) == word("b|'I|g|u:")
    assert rule.apply(word("s|'I|N")) == word("s|'I|N")
    assert rule.apply(word("s|'i:")) == word("s|'i:")


def test_epenthetic_vowel_before_initial_s_cluster():
    rule = EpentheticVowel("E", "initial")
    assert rule.apply(word("s|k|'u:|l")) == word("E|s|k|'u:|l")
    assert rule.apply(word("s|'I|N")) == word("s|'I|N")


@pytest.mark.parametrize(
    "profile, phonemes, expected",
    [
        ("german", "D|@2 T|'I|N|k w|I|D b|'a|d d|'0|g", "z|@2 s|'I|N|k v|I|s b|'E|t d|'0|k"),
        ("spanish", "v|'E|r|i s|k|'u:|l S|'u:|z", "b|'E|r|i E|s|k|'u:|l tS|'u:|s"),
        ("japanese", "l|'V|v|l|i b|'I|g s|'I|N", "r|'V|b|r|i b|'I|g|u: s|'I|N"),
        ("mandarin", "b|'I|g v|'E|r|i T|'I|N|k", "b|'i: w|'E|r|i s|'i:|N"),
        ("french", "h|'aU|s tS|'3:|tS dZ|'0|b", "'aU|s S|'3:|S Z|'0|b"),
        ("hindi", "w|'aI|n z|'i@|r|oU s|t|'0|p", "v|'aI|n dZ|'i@|r|oU I|s|t|'0|p"),
    ],
)
def test_profiles_rewrite_as_documented(profile, phonemes, expected):
    assert get_profile(profile).apply(phonemes) == expected


def test_every_profile_changes_ordinary_speech():
    phonemes = "D|@2 T|r|'i: b|r|'V|D|3|z w|I2|l v|'I|z|I|t D|@2 s|k|'u:|l"
    assert len(PROFILES) >= 4
    for profile in PROFILES.values():
        assert profile.description and profile.rules
        assert profile.apply(phonemes) != phonemes, profile.name


def test_phoneme_input_and_unknown_profile():
    assert phoneme_input("D|@2 T|'I|N") == "[[D@2 T'IN]]"
    with pytest.raises(ConfigError, match="german"):
        get_profile("martian")


def test_espeak_phonemes_are_words_of_bar_separated_phonemes():
    phonemes = get_voice("espeak_en_us").phonemes("the thing")
    assert phonemes.split()[-1] == "T|'I|N"


def test_accented_voice_speaks_differently_from_its_base(tmp_path):
    base = get_voice("espeak_en_us")
    voice = accented_voice("german", base)
    assert voice.name == "acc_german_espeak_en_us"
    text = "this thing was with the old dog"
    voice.synthesize(text, tmp_path / "accented.wav")
    base.synthesize(text, tmp_path / "plain.wav")
    accented, rate = soundfile.read(tmp_path / "accented.wav", dtype="float32")
    plain, _ = soundfile.read(tmp_path / "plain.wav", dtype="float32")
    assert rate == 16000 and np.abs(accented).max() > 0.5
    assert len(accented) != len(plain) or not np.allclose(accented, plain)
