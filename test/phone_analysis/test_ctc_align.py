import pytest
import torch

from softassign.errors import ConfigError, DataError
from softassign.phone_analysis.ctc_align import fill_blank_frames, forced_align_frames

BLANK = 0
#: A path through targets [1, 2, 2, 3]: the repeated 2 needs the blank between.
PATH = [0, 1, 1, 0, 2, 0, 2, 3, 3, 0]
TARGETS = [1, 2, 2, 3]


def peaked_log_probs(path, vocab=5, sharpness=8.0, seed=0):
    """Log-posteriors (T, V) favouring ``path`` on every frame, with random competing mass."""
    noise = torch.rand(len(path), vocab, generator=torch.Generator().manual_seed(seed))
    logits = noise + sharpness * torch.nn.functional.one_hot(torch.tensor(path), vocab)
    return logits.log_softmax(1)


def test_alignment_recovers_the_known_path():
    frames = forced_align_frames(peaked_log_probs(PATH), TARGETS, blank=BLANK, fill_blanks=False)
    assert frames.tolist() == PATH


def test_blanks_take_the_previous_token_and_leading_blanks_the_first():
    frames = forced_align_frames(peaked_log_probs(PATH), TARGETS, blank=BLANK)
    assert frames.tolist() == [1, 1, 1, 1, 2, 2, 2, 3, 3, 3]


def test_alignment_follows_targets_not_the_framewise_argmax():
    # frames 2..4 prefer token 4, which is not in the targets: the path must still spell 1 2 3
    log_probs = peaked_log_probs([1, 1, 4, 4, 4, 2, 2, 3])
    frames = forced_align_frames(log_probs, [1, 2, 3], blank=BLANK, fill_blanks=False)
    assert 4 not in frames.tolist()
    assert torch.unique_consecutive(frames[frames != BLANK]).tolist() == [1, 2, 3]


def test_non_zero_blank_id():
    path = [4, 1, 4, 2]
    frames = forced_align_frames(peaked_log_probs(path), [1, 2], blank=4, fill_blanks=False)
    assert frames.tolist() == path


def test_fill_blank_frames_handles_edges():
    assert fill_blank_frames(torch.tensor([0, 0, 3, 0, 2, 0]), 0).tolist() == [3, 3, 3, 3, 2, 2]
    assert fill_blank_frames(torch.tensor([0, 0]), 0).tolist() == [0, 0]


def test_too_few_frames_names_the_utterance():
    with pytest.raises(DataError, match="utt7: 4 frames cannot hold 4 tokens with 1 repeats"):
        forced_align_frames(peaked_log_probs(PATH[:4]), TARGETS, utt="utt7")


@pytest.mark.parametrize("targets", [[1, 0, 2], [1, 5], []])
def test_bad_targets_are_config_errors(targets):
    with pytest.raises(ConfigError):
        forced_align_frames(peaked_log_probs(PATH), targets)
