"""Quality of hard unit ids against phone labels: purities and PNMI (Hsu et al., 2021, HuBERT).

From the joint frame counts of (unit z, phone y), p(y, z) = count / N:

* phone purity   = sum_z max_y p(y, z)  (mean, over frames, of how often the
  unit's most frequent phone is right: E_z[max_y p(y|z)]);
* cluster purity = sum_y max_z p(y, z)  (E_y[max_z p(z|y)]);
* PNMI = I(y; z) / H(y), the fraction of phone uncertainty a unit removes
  (1: the unit determines the phone, 0: unit and phone are independent).

:class:`UnitPhoneCounts` accumulates the (K, P) count matrix utterance by
utterance; :func:`unit_quality` turns any such matrix into the measures.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from softassign.errors import ConfigError, DataError
from softassign.phone_analysis.label_index import LabelIndex


@dataclass(frozen=True)
class UnitQuality:
    """Phone purity, cluster purity and PNMI of unit ids (see the module docstring)."""

    phone_purity: float
    cluster_purity: float
    pnmi: float
    num_frames: int


def entropy(probs: np.ndarray) -> float:
    """Shannon entropy (nats) of a probability vector; zero entries contribute nothing."""
    nonzero = probs[probs > 0]
    return float(-(nonzero * np.log(nonzero)).sum())


def unit_quality(counts: np.ndarray) -> UnitQuality:
    """Measures from a (K units, P phones) matrix of joint frame counts."""
    counts = np.asarray(counts, dtype=np.float64)
    total = counts.sum()
    if counts.ndim != 2 or total <= 0:
        raise DataError(f"need a (units, phones) count matrix with frames in it, got shape {counts.shape}")
    joint = counts / total
    p_unit, p_phone = joint.sum(1), joint.sum(0)
    phone_entropy = entropy(p_phone)
    if phone_entropy == 0:
        raise DataError("PNMI needs frames of at least two phones")
    mutual_information = phone_entropy + entropy(p_unit) - entropy(joint.ravel())
    return UnitQuality(
        phone_purity=float(joint.max(1).sum()),
        cluster_purity=float(joint.max(0).sum()),
        pnmi=mutual_information / phone_entropy,
        num_frames=round(total),
    )


class UnitPhoneCounts:
    """Joint counts of (unit id, phone label) over frames, accumulated utterance by utterance."""

    def __init__(self, num_units: int) -> None:
        if num_units < 1:
            raise ConfigError(f"number of units must be >= 1, got {num_units}")
        self.num_units = num_units
        self.index = LabelIndex()
        self.counts = np.zeros((num_units, 0), dtype=np.int64)

    def update(self, units: Sequence[int], labels: Sequence[Hashable | None], utt: str = "units") -> None:
        """Count the frames of one utterance: unit ids and phone labels of equal length (None: skipped)."""
        units = np.asarray(units, dtype=np.int64)
        if units.ndim != 1 or len(units) != len(labels):
            raise DataError(f"{utt}: {units.size} unit ids but {len(labels)} phone labels")
        if len(units) and (units.min() < 0 or units.max() >= self.num_units):
            raise DataError(f"{utt}: unit ids must lie in [0, {self.num_units}), got {units.min()}..{units.max()}")
        phones = self.index.encode(labels)
        keep = phones >= 0
        self.counts = np.pad(self.counts, ((0, 0), (0, len(self.index) - self.counts.shape[1])))
        np.add.at(self.counts, (units[keep], phones[keep]), 1)

    def compute(self) -> UnitQuality:
        """The measures over all frames counted so far."""
        return unit_quality(self.counts)
