"""SSL feature readers: the tiny random architectures, and every pretrained bundle through its own get_model().

The bundle tests take torchaudio's real loading path offline: a seeded random state dict of each bundle's
architecture is saved where torch.hub looks before downloading (test/ssl_hub.py).
"""

import pytest
import torch
import torchaudio
from ssl_hub import weights_path

from softassign.errors import ConfigError
from softassign.features import build_reader
from softassign.features.ssl import BUNDLES, MODEL_NAMES, SSLReader, normalize_waveform


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
    torch.save({f"wav2vec2.{k}": v for k, v in reader.net.state_dict().items()}, tmp_path / "ckpt.pt")
    loaded = SSLReader("tiny_wavlm", layer=3, checkpoint=str(tmp_path / "ckpt.pt"), seed=99)
    wave = [torch.randn(8000)]
    assert torch.equal(reader.extract(wave)[0], loaded.extract(wave)[0])
    with pytest.raises(ConfigError, match="ckpt.pt: not a tiny_hubert state dict"):
        SSLReader("tiny_hubert", layer=1, checkpoint=str(tmp_path / "ckpt.pt"))


def test_bad_ssl_configs_name_the_problem(tmp_path):
    with pytest.raises(ConfigError, match="layers 1..4, not 9"):
        build_reader({"type": "ssl", "model": "tiny_hubert", "layer": 9})
    with pytest.raises(ConfigError, match=r"unknown SSL model 'wavlm_huge'; known: \[.*'wavlm_large'"):
        build_reader({"type": "ssl", "model": "wavlm_huge", "layer": 1})
    (tmp_path / "empty.pt").write_bytes(b"")
    with pytest.raises(ConfigError, match="empty.pt: cannot read the SSL checkpoint"):
        build_reader({"type": "ssl", "model": "tiny_hubert", "layer": 1, "checkpoint": str(tmp_path / "empty.pt")})


# ---- pretrained bundles, through torchaudio's get_model() and a seeded hub cache ----

#: layer read in the bundle tests: low, so that only a few layers run on the CPU
LAYER = 2


@pytest.fixture
def hub(seeded_torch_home, monkeypatch):
    """``hub(model)`` seeds that bundle's weights file, points torch.hub at the cache; returns the file."""

    def seed(model):
        torch_home = seeded_torch_home(model)
        monkeypatch.setenv("TORCH_HOME", str(torch_home))
        return weights_path(torch_home, model)

    return seed


def bundle_of(model):
    return getattr(torchaudio.pipelines, BUNDLES[model])


def bundle_layer(model, wave, layer=LAYER):
    """What the bundle's own model (wrapper included) gives for one utterance at ``layer``."""
    with torch.inference_mode():
        hidden, _ = bundle_of(model).get_model().extract_features(wave[None], None, layer)
    return hidden[-1][0]


@pytest.mark.parametrize(
    "model",
    [m if m != "hubert_xlarge" else pytest.param(m, marks=pytest.mark.slow) for m in sorted(BUNDLES)],
)
def test_every_bundle_loads_through_get_model_and_gives_its_features(hub, model):
    hub(model)
    reader = build_reader({"type": "ssl", "model": model, "layer": LAYER})
    assert reader.normalize_waveform == bundle_of(model)._normalize_waveform
    assert reader.normalize_waveform == (model in ("hubert_large", "hubert_xlarge", "wavlm_large"))
    wave = 0.1 * torch.randn(16000) + 0.05  # an offset and scale that normalisation changes
    feats = reader.extract([wave])[0]
    assert feats.shape == (49, reader.dim)
    assert torch.equal(feats, bundle_layer(model, wave))
    if reader.normalize_waveform:  # the normalisation matters: without it the features differ
        with torch.inference_mode():
            raw, _ = reader.net.extract_features(wave[None], None, LAYER)
        assert not torch.allclose(raw[-1][0], feats, atol=1e-3)


def test_every_reader_model_name_is_a_bundle_or_defined_here():
    assert set(BUNDLES) <= set(MODEL_NAMES)
    assert {"tiny_hubert", "tiny_wavlm", "small_hubert"} <= set(MODEL_NAMES)


def test_wavlm_large_layer_21_and_the_layer_range(hub):
    hub("wavlm_large")
    reader = build_reader({"type": "ssl", "model": "wavlm_large", "layer": 21})
    assert reader.dim == 1024 and not reader.supports_padding
    wave = torch.randn(8000)
    assert torch.equal(reader.extract([wave])[0], bundle_layer("wavlm_large", wave, 21))
    with pytest.raises(ConfigError, match="wavlm_large has transformer layers 1..24, not 25"):
        build_reader({"type": "ssl", "model": "wavlm_large", "layer": 25})


def test_local_checkpoint_of_a_large_model_gives_the_bundle_features(hub, tmp_path):
    weights = hub("wavlm_large")
    wave = torch.randn(12000)
    expected = bundle_layer("wavlm_large", wave)
    wrapped = tmp_path / "wrapper_state.pt"  # state dict of torchaudio's wrapper: keys start with "model."
    torch.save(bundle_of("wavlm_large").get_model().state_dict(), wrapped)
    for checkpoint in (weights, wrapped):
        reader = build_reader({"type": "ssl", "model": "wavlm_large", "layer": LAYER, "checkpoint": str(checkpoint)})
        assert reader.normalize_waveform
        assert torch.equal(reader.extract([wave])[0], expected)


def test_checkpoint_of_another_architecture_is_rejected_naming_it(hub):
    base = hub("hubert_base")
    with pytest.raises(ConfigError, match=rf"{base.name}: not a wavlm_large state dict"):
        build_reader({"type": "ssl", "model": "wavlm_large", "layer": 21, "checkpoint": str(base)})


def test_missing_weights_that_cannot_download_name_the_bundle_and_file(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))

    def offline(url, *args, **kwargs):
        raise OSError(f"<urlopen error no network for {url}>")

    monkeypatch.setattr(torch.hub, "download_url_to_file", offline)
    file_name = weights_path(tmp_path, "hubert_base").name
    with pytest.raises(ConfigError, match=rf"HUBERT_BASE \(weights file {file_name} in .*no network"):
        build_reader({"type": "ssl", "model": "hubert_base", "layer": 6})


def test_normalisation_is_per_utterance_in_batches_and_before_chunking(hub):
    hub("hubert_large")  # layer-norm extractor: padding does not change the features of the shorter one
    reader = build_reader({"type": "ssl", "model": "hubert_large", "layer": LAYER})
    assert reader.supports_padding
    short, long = 0.5 * torch.randn(8000) + 0.2, 0.05 * torch.randn(16000)
    batched = reader.extract([short, long])
    for wave, feats in zip((short, long), batched):
        torch.testing.assert_close(feats, bundle_layer("hubert_large", wave), atol=1e-4, rtol=1e-4)
    chunked = build_reader({"type": "ssl", "model": "hubert_large", "layer": LAYER, "max_chunk_seconds": 0.5})
    wave = torch.cat([0.5 * torch.randn(8000), 0.05 * torch.randn(8000)])  # halves of different loudness
    with torch.inference_mode():
        whole = normalize_waveform(wave)
        expected = [chunked.net.extract_features(c[None], None, LAYER)[0][-1][0] for c in whole.split(8000)]
    assert torch.equal(chunked.extract([wave])[0], torch.cat(expected))
