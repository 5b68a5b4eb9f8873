import pytest
import torch

from softassign.errors import ConfigError
from softassign.features import READERS, FeatureReader, build_reader, register_reader
from softassign.features.ssl import SSLReader


def test_mfcc_shapes_and_deltas():
    wave = torch.randn(16000)
    plain = build_reader({"type": "mfcc"})
    with_deltas = build_reader({"type": "mfcc", "deltas": True})
    (a,), (b,) = plain.extract([wave]), with_deltas.extract([wave])
    assert a.shape == (98, 13) and b.shape == (98, 39) and with_deltas.dim == 39
    assert torch.allclose(b[:, :13], a)
    assert torch.allclose(a.mean(0), torch.zeros(13), atol=1e-3)  # mean normalised


def test_fbank_reader():
    (feats,) = build_reader({"type": "fbank", "num_mel_bins": 40}).extract([torch.randn(8000)])
    assert feats.shape == (48, 40)


@pytest.mark.parametrize("model", ["tiny_hubert", "tiny_wavlm"])
def test_ssl_reader_layers_batches_and_lengths(model):
    reader = build_reader({"type": "ssl", "model": model, "layer": 2, "seed": 0})
    waves = [torch.randn(16000), torch.randn(9600)]
    feats = reader.extract(waves)
    assert [f.shape for f in feats] == [(49, 64), (29, 64)]
    alone = reader.extract([waves[1]])[0]
    assert alone.shape == feats[1].shape
    deeper = build_reader({"type": "ssl", "model": model, "layer": 4, "seed": 0}).extract([waves[1]])[0]
    assert not torch.allclose(alone, deeper)


def test_same_seed_same_random_model():
    wave = [torch.randn(8000)]
    a = build_reader({"type": "ssl", "model": "tiny_hubert", "layer": 1, "seed": 5}).extract(wave)[0]
    b = build_reader({"type": "ssl", "model": "tiny_hubert", "layer": 1, "seed": 5}).extract(wave)[0]
    assert torch.equal(a, b)


def test_long_audio_is_chunked():
    reader = build_reader({"type": "ssl", "model": "tiny_hubert", "layer": 1, "max_chunk_seconds": 0.5})
    (feats,) = reader.extract([torch.randn(16000 * 2)])
    assert reader.max_chunk == 8000
    assert abs(feats.shape[0] - 100) <= 4  # one frame lost at each chunk edge, as fairseq


def test_local_checkpoint_round_trip(tmp_path):
    reader = SSLReader("tiny_wavlm", layer=3, seed=1)
    torch.save({f"wav2vec2.{k}": v for k, v in reader.model.state_dict().items()}, tmp_path / "ckpt.pt")
    loaded = SSLReader("tiny_wavlm", layer=3, checkpoint=str(tmp_path / "ckpt.pt"), seed=99)
    wave = [torch.randn(8000)]
    assert torch.equal(reader.extract(wave)[0], loaded.extract(wave)[0])
    with pytest.raises(ConfigError, match="ckpt.pt: not a tiny_hubert state dict"):
        SSLReader("tiny_hubert", layer=1, checkpoint=str(tmp_path / "ckpt.pt"))


def test_bad_configs_are_rejected():
    with pytest.raises(ConfigError, match="unknown feature reader type"):
        build_reader({"type": "nope"})
    with pytest.raises(ConfigError, match="layers 1..4, not 9"):
        build_reader({"type": "ssl", "model": "tiny_hubert", "layer": 9})
    with pytest.raises(ConfigError, match="unknown SSL model"):
        build_reader({"type": "ssl", "model": "hubert_tiny", "layer": 1})
    with pytest.raises(ConfigError, match="mfcc"):
        build_reader({"type": "mfcc", "bogus_option": 1})


def test_pretrained_bundles_build_the_right_architecture():
    # No weights here: build the architecture that the bundle would fill.
    from softassign.features.ssl import ARCHITECTURES, BUNDLES

    assert set(BUNDLES) <= set(ARCHITECTURES)
    net = ARCHITECTURES["wavlm_large"]()
    assert len(net.encoder.transformer.layers) == 24


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
