"""Seeds that make a trainer's batches a function of the step, so that a resumed run repeats an uninterrupted one.

A trainer that draws its batches from a running random generator draws other batches after a resume (the
data loader starts a new epoch); one that seeds every draw by ``(seed, stream, index)`` does not.
"""

from __future__ import annotations

import numpy as np


def step_seed(seed: int, stream: int, index: int) -> int:
    """A well-mixed 32-bit seed for item ``index`` (an epoch, a step or a sample) of random ``stream``."""
    return int(np.random.SeedSequence([seed, stream, index]).generate_state(1)[0])


def epoch_order(seed: int, stream: int, epoch: int, size: int) -> np.ndarray:
    """The seeded permutation of ``range(size)`` that orders epoch ``epoch``."""
    return np.random.default_rng(step_seed(seed, stream, epoch)).permutation(size)
