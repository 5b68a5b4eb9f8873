import numpy as np
import pytest

from softassign.arkio import iter_feature_scp
from softassign.benchmarks.mixture_features import mixture_utterances
from softassign.bin import make_mixture_features
from softassign.errors import ConfigError


def test_frames_lie_near_their_components_centre_and_the_first_components_are_the_most_frequent():
    utterances = list(mixture_utterances(20000, 64, 50, 7000, np.random.default_rng(0)))
    assert [len(frames) for frames, _ in utterances] == [7000, 7000, 6000]
    frames, components = (np.concatenate(parts) for parts in zip(*utterances))
    assert frames.shape == (20000, 64) and frames.dtype == np.float32
    counts = np.bincount(components, minlength=50)
    assert counts[0] > counts[9] > counts[49]  # weights fall as 1/rank
    centres = np.stack([frames[components == c].mean(0) for c in range(3)])
    within = np.mean([((frames[components == c] - centres[c]) ** 2).sum(1).mean() for c in range(3)])
    between = ((centres[:, None] - centres[None]) ** 2).sum(-1)[np.triu_indices(3, 1)].min()
    assert within < between  # clusters to find: a frame is closer to its own centre than centres are apart


def test_entry_point_writes_every_frame_once_in_fixed_length_utterances(tmp_path):
    make_mixture_features.main(
        [
            "--num_frames",
            "1234",
            "--dim",
            "8",
            "--num_components",
            "5",
            "--utt_frames",
            "500",
            "--out_dir",
            str(tmp_path),
        ]
    )
    utts = dict(iter_feature_scp(tmp_path / "feats.scp"))
    assert [len(f) for f in utts.values()] == [500, 500, 234] and {f.shape[1] for f in utts.values()} == {8}
    expected = [frames for frames, _ in mixture_utterances(1234, 8, 5, 500, np.random.default_rng(0))]
    assert all(np.array_equal(ours, theirs) for ours, theirs in zip(utts.values(), expected, strict=True))


def test_a_size_of_zero_is_refused_and_writes_nothing(tmp_path):
    with pytest.raises(ConfigError, match="must be positive"):
        make_mixture_features.main(["--num_frames", "0", "--out_dir", str(tmp_path / "out")])
    assert not (tmp_path / "out").exists()
