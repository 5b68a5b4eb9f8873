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


def test_centroids_from_file_and_checked_against_num_units(tmp_path, centroids) -> None:
    path = tmp_path / "centroids.npy"
    save_centroids(path, centroids)
    frontend = UnitEmbeddingFrontend(num_units=K, embed_dim=EMBED, centroids=str(path))
    assert torch.equal(frontend.centroids, centroids)
    assert "centroids" not in frontend.state_dict()
    save_centroids(path, np.zeros((K + 1, D), np.float32))
    with pytest.raises(ConfigError, match=rf"{path}.*do not fit num_units=16"):
        frontend.set_assignment(centroids=path)


def test_features_without_centroids_and_bad_options_are_config_errors(centroids) -> None:
    frontend = UnitEmbeddingFrontend(num_units=K, embed_dim=EMBED)
    with pytest.raises(ConfigError, match="need centroids"):
        frontend(feature_batch(centroids, [4]), torch.tensor([4]))
    with pytest.raises(ConfigError, match="assignment"):
        frontend.set_assignment("fuzzy")
    with pytest.raises(ConfigError, match="tau"):
        frontend.set_assignment(tau=0.0)
    assert frontend.output_size() == EMBED
