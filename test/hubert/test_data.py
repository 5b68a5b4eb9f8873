import numpy as np
import pytest
import torch

from softassign.audio import load_audio
from softassign.datadir import load_data_dir
from softassign.errors import DataError
from softassign.features.ssl import HUBERT_CONFIGS, load_ssl_model
from softassign.hubert.data import FrameGeometry, PretrainBatches, align_labels

pytest_plugins = ["hubert.hubert_fixtures"]

NUM_CLASSES = 128  # as hubert_fixtures
GEOMETRY = FrameGeometry.of(HUBERT_CONFIGS["tiny_hubert"]["extractor_conv_layer_config"])


def batches(data_dir, units, **options):
    options = {"batch_size": 3, "crop_frames": 20, "min_frames": 16, **options}
    return PretrainBatches(data_dir, units, NUM_CLASSES, GEOMETRY, **options)


@pytest.mark.parametrize("num_samples", [400, 719, 720, 1040, 16000, 16399])
def test_geometry_gives_the_frames_of_the_extractor(num_samples):
    assert (GEOMETRY.window, GEOMETRY.hop) == (400, 320)
    extractor = load_ssl_model("tiny_hubert").net.feature_extractor
    frames, _ = extractor(torch.randn(1, num_samples), None)
    assert GEOMETRY.frames(num_samples) == frames.shape[1]
    assert GEOMETRY.frames(GEOMETRY.samples(frames.shape[1])) == frames.shape[1]
    assert GEOMETRY.samples(frames.shape[1]) <= num_samples


def test_align_labels_trims_edge_frames_and_rejects_another_frame_rate():
    labels = torch.arange(51)
    assert torch.equal(align_labels(labels, 16000, GEOMETRY, "u1"), torch.arange(49))
    with pytest.raises(DataError, match="u1.*units_stride"):
        align_labels(torch.arange(98), 16000, GEOMETRY, "u1")


def test_crops_hold_the_labels_of_their_samples(data_dir, frame_units):
    source = batches(data_dir, frame_units)
    waves, labels = source(0)
    assert waves.shape == (3, GEOMETRY.samples(20)) and labels.shape == (3, 20)
    data = load_data_dir(data_dir)
    for utt, wave, row in zip(source.utterances(0), waves, labels):
        start = int(row[0]) // 2  # frame t of the 100 Hz units has id t; every second one is kept
        assert torch.equal(row, 2 * torch.arange(start, start + 20))
        entry, segment = data.audio_ref(utt)
        audio = load_audio(entry, 16000, utt, segment)
        assert torch.equal(wave, audio[start * 320 : start * 320 + GEOMETRY.samples(20)])


def test_crops_are_as_long_as_the_shortest_utterance_of_the_batch(data_dir, frame_units):
    source = batches(data_dir, frame_units, crop_frames=1000)
    waves, labels = source(1)
    shortest = min(GEOMETRY.frames(len(source.aligned(utt)[0])) for utt in source.utterances(1))
    assert labels.shape == (3, shortest) and waves.shape == (3, GEOMETRY.samples(shortest))


def test_batches_depend_on_the_step_only(data_dir, frame_units):
    first, second = batches(data_dir, frame_units), batches(data_dir, frame_units)
    for step in [5, 0, 5]:
        assert all(torch.equal(a, b) for a, b in zip(first(step), second(step)))
    assert not torch.equal(first(0)[1], first(2)[1])
    epoch = first.utterances(0) + first.utterances(1)
    assert sorted(epoch) == first.utts and len(first.utts) == 6
    assert first.utterances(2) + first.utterances(3) != epoch  # reshuffled


def test_short_utterances_are_left_out(data_dir, frame_units):
    assert len(batches(data_dir, frame_units, min_frames=40).utts) == 2  # 0.9 s and 1.0 s
    with pytest.raises(DataError, match="no utterance has 100 or more"):
        batches(data_dir, frame_units, min_frames=100)


def test_bad_units_are_named(data_dir, frame_units, write_units, tmp_path):
    too_large = write_units(data_dir, tmp_path / "large.scp", lambda n: np.full(n, NUM_CLASSES))
    with pytest.raises(DataError, match=r"large.scp: utterance spk0-utt000: unit id 128 is outside 0..127"):
        batches(data_dir, too_large)
    with pytest.raises(DataError, match=r"units.scp: utterance spk\d-utt\d+: \d+ label frames .*units_stride"):
        batches(data_dir, frame_units, units_stride=1)(0)
    for name in ["utt2spk", "wav.scp", "text"]:
        (data_dir / name).write_text((data_dir / name).read_text().splitlines()[0] + "\n")
    with pytest.raises(DataError, match="units.scp: utterance spk0-utt002 is not in .*utt2spk"):
        batches(data_dir, frame_units)


def test_kept_labels_hold_only_their_own_ids_in_memory(data_dir, frame_units):
    source = batches(data_dir, frame_units)
    for labels in source.labels.values():
        assert labels.dtype == torch.int32
        assert labels.untyped_storage().nbytes() == labels.numel() * 4
    stride_one = batches(data_dir, frame_units, units_stride=1, min_frames=1)
    utt = source.utts[0]
    assert torch.equal(stride_one.labels[utt][::2], source.labels[utt])
