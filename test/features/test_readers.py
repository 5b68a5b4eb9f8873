import pytest
import torch

from softassign.errors import ConfigError
from softassign.features import READERS, FeatureReader, build_reader, register_reader


def test_mfcc_shapes_and_deltas():
    wave = torch.randn(16000)
    plain = build_reader({"type": "mfcc"})
    with_deltas = build_reader({"type": "mfcc", "deltas": True})
    (a,), (b,) = plain.extract([wave]), with_deltas.extract([wave])
    assert a.shape == (98, 13) and b.shape == (98, 39) and with_deltas.dim == 39
    assert torch.allclose(b[:, :13], a)
    assert torch.allclose(a.mean(0), torch.zeros(13), atol=1e-3)  # mean normalised


def test_variance_normalisation_scales_every_final_dim():
    wave = torch.randn(16000) * torch.linspace(0.1, 1.0, 16000)
    (plain,) = build_reader({"type": "mfcc", "deltas": True}).extract([wave])
    (feats,) = build_reader({"type": "mfcc", "deltas": True, "cvn": True}).extract([wave])
    assert torch.allclose(feats.std(0, correction=0), torch.ones(39), atol=1e-3)  # deltas included
    assert torch.allclose(feats.mean(0), torch.zeros(39), atol=1e-3)
    assert torch.allclose(feats * plain.std(0, correction=0), plain - plain.mean(0), atol=1e-2)


def test_fbank_reader():
    (feats,) = build_reader({"type": "fbank", "num_mel_bins": 40}).extract([torch.randn(8000)])
    assert feats.shape == (48, 40)


def test_unknown_type_and_options_are_rejected():
    with pytest.raises(ConfigError, match="unknown feature reader type"):
        build_reader({"type": "nope"})
    with pytest.raises(ConfigError, match="mfcc"):
        build_reader({"type": "mfcc", "bogus_option": 1})


def test_registry_accepts_new_readers():
    @register_reader("constant_test")
    class Constant(FeatureReader):
        frame_shift, dim = 0.01, 2

        def extract(self, waves):
            return [torch.ones(len(w) // 160, 2) for w in waves]

    try:
        assert build_reader({"type": "constant_test"}).extract([torch.zeros(1600)])[0].shape == (10, 2)
    finally:
        READERS.pop("constant_test")
