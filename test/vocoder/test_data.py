import numpy as np
import pytest
import torch

from softassign.arkio import ark_scp_writer
from softassign.errors import DataError
from softassign.records import Record
from softassign.vocoder.data import StepBatches, UnitWaveDataset, aligned_frames, random_segment

pytest_plugins = ["vocoder.vocoder_fixtures"]

HOP = 320


def write_units(path, units: dict[str, np.ndarray]):
    with ark_scp_writer(path.with_suffix(".ark"), path, Record("test data")) as writer:
        for utt, ids in units.items():
            writer[utt] = ids.astype(np.int32)
    return path


def test_aligned_frames_tolerates_edge_frames():
    assert aligned_frames(49, 16000, HOP, "u") == 49
    assert aligned_frames(51, 16000, HOP, "u") == 50


def test_units_at_another_frame_rate_are_rejected():
    with pytest.raises(DataError, match="utterance u1: 100 unit frames"):
        aligned_frames(100, 16000, HOP, "u1")


def test_random_segment_keeps_ids_and_samples_aligned():
    ids = torch.arange(20)
    wave = (torch.arange(20 * HOP) // HOP).float()  # sample value = its frame index
    gen = torch.Generator().manual_seed(0)
    starts = set()
    for _ in range(10):
        seg_ids, seg_wave = random_segment(ids, wave, HOP, 5, gen)
        assert seg_ids.shape == (5,) and seg_wave.shape == (5 * HOP,)
        assert torch.equal(seg_wave.view(5, HOP), seg_ids[:, None].float().expand(5, HOP))
        starts.add(int(seg_ids[0]))
    assert len(starts) > 1 and max(starts) <= 15


def test_dataset_items_are_aligned_segments(unit_corpus):
    data = UnitWaveDataset(unit_corpus.units_scp, unit_corpus.data_dir, 8, 16000, HOP, segment_frames=8)
    assert len(data) == 6
    ids, wave = data[0]
    assert ids.dtype == torch.long and ids.shape == (8,) and wave.shape == (8 * HOP,)
    assert wave.abs().max() > 0.1  # real audio, not padding


def test_dataset_leaves_out_short_utterances(unit_corpus):
    # utterances last 0.5 .. 1.0 s = 24 .. 49 frames of 20 ms (minus one)
    data = UnitWaveDataset(unit_corpus.units_scp, unit_corpus.data_dir, 8, 16000, HOP, segment_frames=40)
    assert len(data) == 2
    with pytest.raises(DataError, match="no utterance has 60"):
        UnitWaveDataset(unit_corpus.units_scp, unit_corpus.data_dir, 8, 16000, HOP, segment_frames=60)


def test_dataset_rejects_ids_outside_the_table(unit_corpus):
    with pytest.raises(DataError, match="utterance spk0-utt000: unit id . is outside 0..2"):
        UnitWaveDataset(unit_corpus.units_scp, unit_corpus.data_dir, 3, 16000, HOP, segment_frames=8)


def test_dataset_rejects_units_without_audio(unit_corpus, tmp_path):
    scp = write_units(tmp_path / "other.scp", {"nobody": np.zeros(30)})
    with pytest.raises(DataError, match="'nobody' is not in"):
        UnitWaveDataset(scp, unit_corpus.data_dir, 8, 16000, HOP, segment_frames=8)


def test_dataset_rejects_units_at_10ms_with_hop_320(unit_corpus, tmp_path):
    scp = write_units(tmp_path / "mfcc.scp", {"spk0-utt000": np.zeros(49)})  # 0.5 s at 10 ms
    data = UnitWaveDataset(scp, unit_corpus.data_dir, 8, 16000, HOP, segment_frames=8)
    with pytest.raises(DataError, match="spk0-utt000: 49 unit frames but 8000 samples"):
        data[0]


def test_step_batches_depend_on_the_step_alone_and_cover_each_epoch():
    sampler = StepBatches(size=5, batch_size=2, seed=3)
    first = [batch for _, batch in zip(range(5), sampler, strict=False)]  # 10 positions: two epochs of 5
    assert first[2:] == [batch for _, batch in zip(range(3), StepBatches(5, 2, 3, start_step=2), strict=False)]
    indices = [index for batch in first for index, _ in batch]
    assert sorted(indices[:5]) == sorted(indices[5:]) == [0, 1, 2, 3, 4] and indices[:5] != indices[5:]
    seeds = [seed for batch in first for _, seed in batch]
    assert len(set(seeds)) == len(seeds)
    assert StepBatches(5, 2, 4).batch(0) != first[0]


def test_a_seeded_item_gives_the_same_segment_every_time(unit_corpus):
    dataset = UnitWaveDataset(unit_corpus.units_scp, unit_corpus.data_dir, len(unit_corpus.centroids), 16000, 320, 4)
    a, b = dataset[(1, 7)], dataset[(1, 7)]
    assert torch.equal(a[0], b[0]) and torch.equal(a[1], b[1])
    segments = {tuple(dataset[(1, seed)][0].tolist()) for seed in range(20)}
    assert len(segments) > 1
