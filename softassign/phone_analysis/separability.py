"""Phone separability of the vectors fed to the downstream model.

The vectors are E[k*(x)] under hard assignment or sum_k p(k|x) E[k] under
soft assignment, one per frame, each with the frame's phone label. After
L2-normalising every vector (a zero vector stays zero):

* intra-class variance of phone p: mean squared distance of p's vectors to
  their mean mu_p;
* ``intra``: the unweighted mean of that over phones (every phone counts the
  same, so frequent labels such as silence do not dominate);
* ``inter``: the mean squared distance ||mu_p - mu_q||^2 over all unordered
  pairs of distinct phones;
* ``ratio`` = inter / intra: higher means phones are better separated.

:class:`SeparabilityAccumulator` streams over utterances keeping, per phone,
only the count, the vector sum and the sum of squared norms (float64), using
mean ||v - mu||^2 = mean ||v||^2 - ||mu||^2; the result equals a computation
on all vectors at once.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import torch

from softassign.errors import DataError
from softassign.phone_analysis.label_index import LabelIndex


@dataclass(frozen=True)
class Separability:
    """Intra-class variance, inter-class distance and their ratio (see the module docstring)."""

    intra: float
    inter: float
    ratio: float
    num_classes: int
    num_vectors: int


class SeparabilityAccumulator:
    """Accumulates labelled vectors utterance by utterance; :meth:`compute` gives the measures."""

    def __init__(self) -> None:
        self.index = LabelIndex()
        self._counts = torch.zeros(0, dtype=torch.float64)
        self._squares = torch.zeros(0, dtype=torch.float64)
        self._sums: torch.Tensor | None = None

    def update(self, vectors: torch.Tensor, labels: Sequence[Hashable | None], utt: str = "vectors") -> None:
        """Add frame vectors (T, d) with their labels (length T); frames labelled None are skipped."""
        vectors = torch.as_tensor(vectors)
        if vectors.dim() != 2 or len(vectors) != len(labels):
            raise DataError(f"{utt}: need (T, d) vectors and T labels, got {tuple(vectors.shape)} and {len(labels)}")
        if self._sums is not None and vectors.shape[1] != self._sums.shape[1]:
            raise DataError(f"{utt}: vector dimension {vectors.shape[1]} differs from earlier {self._sums.shape[1]}")
        ids = torch.from_numpy(self.index.encode(labels))
        keep = ids >= 0
        unit = torch.nn.functional.normalize(vectors[keep].double(), dim=1)
        self._grow(vectors.shape[1])
        self._counts.index_add_(0, ids[keep], torch.ones(len(unit), dtype=torch.float64))
        self._squares.index_add_(0, ids[keep], (unit * unit).sum(1))
        self._sums.index_add_(0, ids[keep], unit)

    def _grow(self, dim: int) -> None:
        extra = len(self.index) - len(self._counts)
        if self._sums is None:
            self._sums = torch.zeros(0, dim, dtype=torch.float64)
        self._counts = torch.cat([self._counts, torch.zeros(extra, dtype=torch.float64)])
        self._squares = torch.cat([self._squares, torch.zeros(extra, dtype=torch.float64)])
        self._sums = torch.cat([self._sums, torch.zeros(extra, dim, dtype=torch.float64)])

    def compute(self) -> Separability:
        """The measures over everything added so far; DataError with fewer than two labels."""
        if len(self.index) < 2:
            raise DataError(f"separability needs at least two labels, got {self.index.labels}")
        means = self._sums / self._counts[:, None]
        intra = (self._squares / self._counts - (means * means).sum(1)).clamp_min(0).mean().item()
        inter = torch.pdist(means).pow(2).mean().item()
        ratio = inter / intra if intra > 0 else math.inf
        return Separability(intra, inter, ratio, len(self.index), int(self._counts.sum().item()))


def separability(vectors: torch.Tensor, labels: Sequence[Hashable | None]) -> Separability:
    """The measures of the module docstring for one set of vectors (N, d) and their N labels."""
    accumulator = SeparabilityAccumulator()
    accumulator.update(vectors, labels)
    return accumulator.compute()
