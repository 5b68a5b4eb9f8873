import dataclasses

import numpy as np
import pytest
import soundfile
import torch

from softassign.arkio import iter_scp
from softassign.datadir import read_table
from softassign.errors import DataError
from softassign.features.sources import FeatureSource
from softassign.vocoder.model import UnitVocoder
from softassign.vocoder.synthesize import synthesize_features, synthesize_units, write_wav_dir

pytest_plugins = ["vocoder.vocoder_fixtures"]

HOP = 320


@pytest.fixture
def vocoder(tiny_configs):
    torch.manual_seed(0)
    return UnitVocoder(tiny_configs[0]).eval()


def test_units_give_wavs_scp_and_reference_tables(vocoder, unit_corpus, tmp_path):
    out = tmp_path / "synth"
    scp = write_wav_dir(synthesize_units(vocoder, unit_corpus.units_scp), out, 16000, unit_corpus.data_dir)
    wavs = read_table(scp)
    units = dict(iter_scp(unit_corpus.units_scp))
    assert sorted(wavs) == sorted(units)
    for utt, path in wavs.items():
        info = soundfile.info(path)
        assert info.samplerate == 16000 and info.frames == len(units[utt]) * HOP
    assert read_table(out / "text") == read_table(unit_corpus.data_dir / "text")
    assert read_table(out / "utt2spk") == read_table(unit_corpus.data_dir / "utt2spk")
    assert not (out / "wav.tmp").exists()


def test_a_second_synthesis_into_the_same_dir_replaces_the_first(vocoder, unit_corpus, tmp_path):
    """A retrained vocoder resynthesises: the dir's record, not a marker inside it, says what is current."""
    out = tmp_path / "synth"
    first = read_table(write_wav_dir(synthesize_units(vocoder, unit_corpus.units_scp), out, 16000))
    before = {utt: soundfile.read(path)[0] for utt, path in first.items()}
    with torch.no_grad():
        for parameter in vocoder.parameters():
            parameter.add_(0.05 * torch.randn_like(parameter))
    second = read_table(write_wav_dir(synthesize_units(vocoder, unit_corpus.units_scp), out, 16000))
    assert sorted(second) == sorted(first)
    assert all(not np.array_equal(soundfile.read(second[utt])[0], before[utt]) for utt in second)


def test_hard_from_features_writes_the_same_audio_as_units(vocoder, unit_corpus, tmp_path):
    from_units = read_table(write_wav_dir(synthesize_units(vocoder, unit_corpus.units_scp), tmp_path / "a", 16000))
    stream = synthesize_features(vocoder, FeatureSource(scp=str(unit_corpus.feats_scp)), unit_corpus.centroids)
    from_feats = read_table(write_wav_dir(stream, tmp_path / "b", 16000))
    for utt in from_units:
        assert np.array_equal(soundfile.read(from_units[utt])[0], soundfile.read(from_feats[utt])[0])


def test_soft_features_differ_from_hard(vocoder, unit_corpus):
    soft = dict(
        synthesize_features(vocoder, FeatureSource(scp=str(unit_corpus.feats_scp)), unit_corpus.centroids, tau=50.0)
    )
    hard = dict(synthesize_features(vocoder, FeatureSource(scp=str(unit_corpus.feats_scp)), unit_corpus.centroids))
    assert soft.keys() == hard.keys()
    assert all(soft[u].shape == hard[u].shape and not torch.allclose(soft[u], hard[u]) for u in soft)


def test_failure_leaves_no_output(vocoder, tmp_path):
    def waves():
        yield "good", torch.zeros(HOP)
        raise DataError("utterance bad: broken")

    with pytest.raises(DataError, match="bad"):
        write_wav_dir(waves(), tmp_path / "out", 16000)
    assert list((tmp_path / "out").iterdir()) == []


def test_out_of_range_units_name_the_utterance(vocoder, unit_corpus, tiny_configs):
    small = UnitVocoder(dataclasses.replace(tiny_configs[0], num_units=2))
    with pytest.raises(DataError, match=r"units.scp: utterance spk\d-utt\d+: unit id"):
        list(synthesize_units(small, unit_corpus.units_scp))
