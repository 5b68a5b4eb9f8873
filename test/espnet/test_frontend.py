"""UnitEmbeddingFrontend: id lookup, padding, id checks, hard/soft assignment of continuous features."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from softassign.errors import ConfigError, DataError
from softassign.espnet.frontend import UnitEmbeddingFrontend
from softassign.units.assign import expected_embedding, hard_assign
from softassign.units.centroids import save_centroids

K, D, EMBED = 16, 8, 12


@pytest.fixture
def centroids() -> torch.Tensor:
    """K well-separated random centroids."""
    return 3.0 * torch.randn(K, D, generator=torch.Generator().manual_seed(0))


@pytest.fixture
def frontend(centroids: torch.Tensor) -> UnitEmbeddingFrontend:
    """A frontend with random embeddings and the centroids above."""
    torch.manual_seed(1)
    return UnitEmbeddingFrontend(num_units=K, embed_dim=EMBED, centroids=centroids)


def feature_batch(centroids: torch.Tensor, lengths: list[int]) -> torch.Tensor:
    """A zero-padded (B, T, D) batch of frames near random centroids."""
    gen = torch.Generator().manual_seed(2)
    batch = torch.zeros(len(lengths), max(lengths), D)
    for b, length in enumerate(lengths):
        ids = torch.randint(0, K, (length,), generator=gen)
        batch[b, :length] = centroids[ids] + torch.randn(length, D, generator=gen)
    return batch


def test_ids_look_up_row_k_and_padding_is_zero(frontend: UnitEmbeddingFrontend) -> None:
    ids = torch.tensor([[3, 0, 15, 7], [5, 2, -1, -1]])
    lengths = torch.tensor([4, 2])
    out, out_lengths = frontend(ids, lengths)
    table = frontend.embedding.weight
    assert out.shape == (2, 4, EMBED) and torch.equal(out_lengths, lengths)
    assert torch.equal(out[0], table[[3, 0, 15, 7]])
    assert torch.equal(out[1, :2], table[[5, 2]])
    assert not out[1, 2:].any()


def test_float_ids_from_speech2text_equal_int_ids(frontend: UnitEmbeddingFrontend) -> None:
    ids = torch.tensor([[1, 9, 14]])
    lengths = torch.tensor([3])
    assert torch.equal(frontend(ids.float(), lengths)[0], frontend(ids, lengths)[0])


@pytest.mark.parametrize("bad", [16, -1, 2.5])
def test_bad_id_inside_the_lengths_names_the_id(frontend: UnitEmbeddingFrontend, bad: float) -> None:
    ids = torch.tensor([[1.0, bad, 3.0]])
    with pytest.raises(DataError, match=rf"unit id {bad:g} is not an integer in \[0, 16\)"):
        frontend(ids, torch.tensor([3]))


def test_hard_features_equal_lookup_of_hard_assign_ids(frontend: UnitEmbeddingFrontend, centroids) -> None:
    lengths = [9, 5, 7]
    feats = feature_batch(centroids, lengths)
    out, _ = frontend(feats, torch.tensor(lengths))
    for b, length in enumerate(lengths):
        ids = hard_assign(feats[b, :length], centroids)
        assert torch.equal(out[b, :length], frontend.embedding.weight[ids])
        assert not out[b, length:].any()


def test_soft_is_the_expected_embedding_and_tiny_tau_is_hard(frontend: UnitEmbeddingFrontend, centroids) -> None:
    feats = feature_batch(centroids, [10])
    lengths = torch.tensor([10])
    hard, _ = frontend(feats, lengths)
    frontend.set_assignment("soft", tau=4.0)
    soft, _ = frontend(feats, lengths)
    assert torch.allclose(soft[0], expected_embedding(feats[0], centroids, frontend.embedding.weight, 4.0))
    assert not torch.allclose(soft, hard)
    frontend.set_assignment(tau=1e-4)
    assert torch.equal(frontend(feats, lengths)[0], hard)


def test_topk_one_is_hard_and_topk_zero_switches_truncation_off(frontend: UnitEmbeddingFrontend, centroids) -> None:
    feats = feature_batch(centroids, [6])
    lengths = torch.tensor([6])
    hard, _ = frontend(feats, lengths)
    frontend.set_assignment("soft", tau=100.0, topk=1)
    assert torch.equal(frontend(feats, lengths)[0], hard)
    frontend.set_assignment(topk=0)
    assert frontend.topk is None and not torch.allclose(frontend(feats, lengths)[0], hard)


def test_centroids_from_file_are_checked_and_travel_in_the_state_dict(tmp_path, centroids) -> None:
    path = tmp_path / "centroids.npy"
    save_centroids(path, centroids)
    frontend = UnitEmbeddingFrontend(num_units=K, embed_dim=EMBED, centroids=str(path))
    assert torch.equal(frontend.require_centroids(), centroids)
    state = frontend.state_dict()
    assert state["centroids"].dtype == torch.float64 and torch.equal(state["centroids"].float(), centroids)
    save_centroids(path, np.zeros((K + 1, D), np.float32))
    with pytest.raises(ConfigError, match=rf"{path}.*do not fit the embedding table of 16 rows"):
        frontend.set_centroids(path)


def test_a_model_built_without_the_centroid_file_takes_them_from_its_state(centroids) -> None:
    trained = UnitEmbeddingFrontend(num_units=K, embed_dim=EMBED, centroids=centroids)
    loaded = UnitEmbeddingFrontend(num_units=K, embed_dim=EMBED)  # e.g. exp/ moved: the file path is gone
    loaded.load_state_dict(trained.state_dict())
    assert torch.equal(loaded.require_centroids(), centroids)
    with pytest.raises(ConfigError, match="do not fit the embedding table"):
        UnitEmbeddingFrontend(num_units=K + 1, embed_dim=EMBED).load_state_dict(
            {**UnitEmbeddingFrontend(num_units=K + 1, embed_dim=EMBED).state_dict(), "centroids": trained.centroids}
        )


def test_espnet_averaging_of_n_checkpoints_gives_the_centroids_back_exactly(centroids) -> None:
    # average_nbest_models sums the state dicts and divides by n: float64 buffers of float32 values survive it.
    state = UnitEmbeddingFrontend(num_units=K, embed_dim=EMBED, centroids=centroids).state_dict()["centroids"]
    for n in (3, 7, 10):
        total = state.clone()
        for _ in range(n - 1):
            total = total + state
        assert torch.equal((total / n).float(), centroids)
    as_float32 = centroids.clone()
    total = sum([as_float32] * 10, torch.zeros_like(as_float32))
    assert not torch.equal(total / 10, centroids)  # a float32 buffer would not


def test_waveforms_go_through_the_reader_the_units_came_from(centroids) -> None:
    reader_conf = {"type": "mfcc", "num_ceps": D}
    frontend = UnitEmbeddingFrontend(num_units=K, embed_dim=EMBED, reader=reader_conf, input_kind="audio")
    waves = torch.randn(2, 8000)
    lengths = torch.tensor([8000, 4800])
    frontend.set_centroids(torch.randn(K, D))
    out, out_lengths = frontend(waves, lengths)
    feats = [frontend.reader.extract([w[:n]])[0] for w, n in zip(waves, lengths.tolist())]
    assert out_lengths.tolist() == [len(f) for f in feats]
    for b, f in enumerate(feats):
        ids = hard_assign(f, frontend.require_centroids())
        assert torch.equal(out[b, : len(f)], frontend.embedding.weight[ids])
    assert not out[1, len(feats[1]) :].any()
    assert "_reader" not in dict(frontend.named_modules()) and not any("reader" in k for k in frontend.state_dict())


def test_features_without_centroids_and_bad_options_are_config_errors(centroids) -> None:
    frontend = UnitEmbeddingFrontend(num_units=K, embed_dim=EMBED)
    with pytest.raises(ConfigError, match="need centroids"):
        frontend(feature_batch(centroids, [4]), torch.tensor([4]))
    with pytest.raises(ConfigError, match="assignment"):
        frontend.set_assignment("fuzzy")
    with pytest.raises(ConfigError, match="tau"):
        frontend.set_assignment(tau=-1.0)
    with pytest.raises(ConfigError, match="input_kind"):
        frontend.set_assignment(input_kind="waves")
    frontend.set_assignment(input_kind="audio")
    with pytest.raises(ConfigError, match="needs the feature reader conf"):
        frontend(torch.randn(1, 1600), torch.tensor([1600]))
    assert frontend.output_size() == EMBED


def test_tau_zero_is_exactly_hard(frontend: UnitEmbeddingFrontend, centroids) -> None:
    feats = feature_batch(centroids, [10])
    lengths = torch.tensor([10])
    hard, _ = frontend(feats, lengths)
    frontend.set_assignment("soft", tau=0.0)
    assert torch.equal(frontend(feats, lengths)[0], hard)
