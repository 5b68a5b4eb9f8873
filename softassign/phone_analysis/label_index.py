"""Dense integer ids for frame labels (phones) met while streaming over utterances."""

from __future__ import annotations

from collections.abc import Hashable, Iterable

import numpy as np


class LabelIndex:
    """Maps labels to ids 0, 1, ... in order of first appearance; ``None`` (unlabelled) maps to -1."""

    def __init__(self) -> None:
        self.labels: list[Hashable] = []
        self._ids: dict[Hashable, int] = {}

    def __len__(self) -> int:
        return len(self.labels)

    def encode(self, labels: Iterable[Hashable | None]) -> np.ndarray:
        """Ids (int64 array) of ``labels``, adding labels not seen before."""
        return np.array([-1 if label is None else self._id(label) for label in labels], dtype=np.int64)

    def _id(self, label: Hashable) -> int:
        if label not in self._ids:
            self._ids[label] = len(self.labels)
            self.labels.append(label)
        return self._ids[label]
