"""Registration into ESPnet's ASR task and SoftassignASRTask: configs parse, models build and train a batch,
constant buffers are not broadcast by DDP."""

from __future__ import annotations

import os
from pathlib import Path

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from asr_setup import CONF, NUM_UNITS, TINY_HUBERT
from espnet2.train import dataset

from softassign.conf import inline_yaml
from softassign.espnet.data_types import DATA_TYPE
from softassign.espnet.feature_frontend import FeatureReaderFrontend
from softassign.espnet.frontend import UnitEmbeddingFrontend
from softassign.espnet.tasks import SoftassignASRTask, no_sync_buffer_names, register_with_espnet

TOKENS = ["<blank>", "<unk>", "A", "B", "<space>", "<sos/eos>"]


def build(config: Path, tmp_path: Path, *extra: str) -> torch.nn.Module:
    """Parse ``config`` with the task's own parser and build the model."""
    token_list = tmp_path / "tokens.txt"
    token_list.write_text("\n".join(TOKENS) + "\n")
    args = SoftassignASRTask.get_parser().parse_args(
        ["--config", str(config), "--token_list", str(token_list), "--output_dir", str(tmp_path), *extra]
    )
    return SoftassignASRTask.build_model(args)


def loss_on(model: torch.nn.Module, speech: torch.Tensor, speech_lengths: torch.Tensor) -> torch.Tensor:
    """Training loss of a 2-utterance batch with char targets padded by -1, as ESPnet collates them."""
    text = torch.tensor([[2, 3, 2], [3, -1, -1]])
    loss, _, _ = model(speech=speech, speech_lengths=speech_lengths, text=text, text_lengths=torch.tensor([3, 1]))
    return loss


def test_registration_is_idempotent_and_resolves_the_names() -> None:
    register_with_espnet()
    register_with_espnet()
    frontend_choices = next(c for c in SoftassignASRTask.class_choices_list if c.name == "frontend")
    assert frontend_choices.get_class("unit_embedding") is UnitEmbeddingFrontend
    assert frontend_choices.get_class("feature_reader") is FeatureReaderFrontend
    assert DATA_TYPE in dataset.DATA_TYPES


def test_unit_config_builds_a_model_that_trains_on_padded_ids(tmp_path: Path) -> None:
    model = build(CONF / "train_asr_units.yaml", tmp_path)
    assert isinstance(model.frontend, UnitEmbeddingFrontend)
    assert model.frontend.embedding.num_embeddings == NUM_UNITS and model.normalize is None
    assert model._ddp_params_and_buffers_to_ignore == ["frontend.centroids"]
    ids = torch.tensor([[0, 15, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, -1, -1]])
    loss = loss_on(model, ids, torch.tensor([12, 10]))
    loss.backward()
    assert torch.isfinite(loss) and model.frontend.embedding.weight.grad[15].abs().sum() > 0


def test_continuous_config_computes_features_from_waveforms_with_a_frozen_reader(tmp_path: Path) -> None:
    model = build(CONF / "train_asr_continuous.yaml", tmp_path, "--frontend_conf", f"reader={inline_yaml(TINY_HUBERT)}")
    assert isinstance(model.frontend, FeatureReaderFrontend) and model.frontend.output_size() == 64
    reader_params = sum(p.numel() for p in model.frontend.reader.net.parameters())
    assert reader_params > 0
    assert not any("reader" in name or "net." in name for name in model.state_dict())  # not in checkpoints
    reader_ids = {id(p) for p in model.frontend.reader.net.parameters()}
    assert not any(id(p) in reader_ids for p in model.parameters())  # not trained, not seen by DDP
    loss = loss_on(model, 0.1 * torch.randn(2, 8000), torch.tensor([8000, 6400]))
    loss.backward()
    assert torch.isfinite(loss)
    assert all(p.grad is None for p in model.frontend.reader.net.parameters())  # frozen


def test_no_sync_buffers_are_named_with_their_module_path() -> None:
    outer = torch.nn.Module()
    outer.frontend = UnitEmbeddingFrontend(num_units=4, embed_dim=2)
    assert no_sync_buffer_names(outer) == ["frontend.centroids"]
    assert no_sync_buffer_names(UnitEmbeddingFrontend(num_units=4, embed_dim=2)) == ["centroids"]


class _WithCounter(torch.nn.Module):
    """A unit frontend plus an ordinary buffer, to see which buffers DDP broadcasts."""

    def __init__(self):
        super().__init__()
        self.frontend = UnitEmbeddingFrontend(num_units=4, embed_dim=3)
        self.register_buffer("counter", torch.zeros(1))

    def forward(self, ids):
        return self.frontend(ids, torch.tensor([ids.shape[1]]))[0].sum()


def _ddp_worker(rank: int, init_file: str, results: str) -> None:
    dist.init_process_group("gloo", init_method=f"file://{init_file}", rank=rank, world_size=2)
    torch.manual_seed(0)
    model = _WithCounter()
    model.frontend.set_centroids(torch.full((4, 2), float(rank)))  # differ by rank on purpose
    model.counter.fill_(float(rank + 10))
    model._ddp_params_and_buffers_to_ignore = no_sync_buffer_names(model)
    ddp = torch.nn.parallel.DistributedDataParallel(model)
    ddp(torch.tensor([[0, 1, 2]])).backward()
    torch.save({"centroids": model.frontend.centroids, "counter": model.counter}, f"{results}.{rank}")
    dist.destroy_process_group()


def test_ddp_broadcasts_ordinary_buffers_but_not_the_centroids(tmp_path: Path) -> None:
    os.environ.setdefault("GLOO_SOCKET_IFNAME", "lo")
    mp.spawn(_ddp_worker, args=(str(tmp_path / "init"), str(tmp_path / "out")), nprocs=2, join=True)
    rank0, rank1 = (torch.load(tmp_path / f"out.{rank}", weights_only=True) for rank in (0, 1))
    assert rank1["counter"].item() == rank0["counter"].item() == 10.0  # broadcast from rank 0
    assert rank0["centroids"].unique().tolist() == [0.0] and rank1["centroids"].unique().tolist() == [1.0]
