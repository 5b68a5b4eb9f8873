import dataclasses

import pytest
import torch

from softassign.errors import ConfigError, DataError
from softassign.vocoder.config import VocoderConfig
from softassign.vocoder.model import UnitVocoder, check_unit_ids, load_vocoder, save_vocoder

pytest_plugins = ["vocoder.vocoder_fixtures"]

HOP = 320


@pytest.fixture
def vocoder(tiny_configs):
    torch.manual_seed(0)
    return UnitVocoder(tiny_configs[0]).eval()


@pytest.fixture
def frames():
    """Features near known centroids: (ids, feats, centroids)."""
    gen = torch.Generator().manual_seed(1)
    centroids = 3.0 * torch.randn(8, 4, generator=gen)
    ids = torch.randint(8, (12,), generator=gen)
    return ids, centroids[ids] + 0.1 * torch.randn(12, 4, generator=gen), centroids


def test_batch_forward_upsamples_by_hop_length(vocoder):
    waves = vocoder(torch.randint(8, (3, 5)))
    assert waves.shape == (3, 1, 5 * HOP)


def test_hard_synthesis_shape(vocoder, frames):
    ids, _, _ = frames
    wave = vocoder.synthesize_ids(ids)
    assert wave.shape == (12 * HOP,) and torch.isfinite(wave).all()


def test_hard_from_features_equals_ids(vocoder, frames):
    ids, feats, centroids = frames
    assert torch.equal(vocoder.synthesize_features(feats, centroids), vocoder.synthesize_ids(ids))


def test_soft_with_tiny_tau_equals_hard_from_features(vocoder, frames):
    _, feats, centroids = frames
    soft = vocoder.synthesize_features(feats, centroids, tau=1e-6)
    assert soft.shape == (12 * HOP,)
    assert torch.allclose(soft, vocoder.synthesize_features(feats, centroids), atol=1e-5)


def test_soft_with_huge_tau_decodes_the_mean_embedding(vocoder, frames):
    _, feats, centroids = frames
    soft = vocoder.synthesize_features(feats, centroids, tau=1e9)
    mean = vocoder.embedding.weight.mean(0).expand(1, 12, -1)
    with torch.no_grad():
        assert torch.allclose(soft, vocoder.decode(mean)[0, 0], atol=1e-5)
    assert not torch.allclose(soft, vocoder.synthesize_features(feats, centroids), atol=1e-3)


def test_soft_topk_one_equals_hard(vocoder, frames):
    _, feats, centroids = frames
    soft = vocoder.synthesize_features(feats, centroids, tau=100.0, topk=1)
    assert torch.allclose(soft, vocoder.synthesize_features(feats, centroids), atol=1e-5)


def test_centroid_count_must_match_embedding_rows(vocoder, frames):
    _, feats, centroids = frames
    with pytest.raises(ConfigError, match="7 centroids"):
        vocoder.synthesize_features(feats, centroids[:7])


def test_upsample_scales_must_multiply_to_hop_length(tiny_configs):
    config = dataclasses.replace(tiny_configs[0], hop_length=160)
    with pytest.raises(ConfigError, match="hop_length is 160"):
        UnitVocoder(config)


def test_unknown_generator_option_is_config_error():
    with pytest.raises(ConfigError, match="generator"):
        UnitVocoder(VocoderConfig(num_units=4, generator={"chanels": 8}))


def test_save_and_load_give_the_same_waveform(vocoder, frames, tmp_path):
    ids, _, _ = frames
    save_vocoder(tmp_path / "v.pt", vocoder)
    loaded = load_vocoder(tmp_path / "v.pt")
    assert loaded.config == vocoder.config
    assert torch.equal(loaded.synthesize_ids(ids), vocoder.synthesize_ids(ids))


def test_load_rejects_other_files(tmp_path):
    (tmp_path / "junk.pt").write_text("not a model")
    with pytest.raises(DataError, match="junk.pt"):
        load_vocoder(tmp_path / "junk.pt")


@pytest.mark.parametrize("ids", [torch.tensor([0, 8]), torch.tensor([-1, 2]), torch.zeros(0, dtype=torch.long)])
def test_unit_ids_outside_table_are_rejected(ids):
    with pytest.raises(DataError, match="utt7"):
        check_unit_ids(ids, 8, "utterance utt7")
