"""Phone analysis of a trained unit model on one test set: what its embedding layer is fed.

For every labelled frame x (labels from :mod:`softassign.phone_analysis.labels`):

* hard: the vector E[k*(x)] and the unit id k*(x) = argmin_k ||x - c_k||^2;
* soft, per temperature tau: z = sum_k p(k|x) E[k]
  (:func:`softassign.units.assign.expected_embedding`).

E is the model's embedding table (``frontend.embedding.weight``, row k =
cluster id k). The measures are the separability (intra, inter, ratio;
:mod:`softassign.phone_analysis.separability`) of the hard and of each tau's soft
vectors, and the purity/PNMI of the hard ids
(:mod:`softassign.phone_analysis.unit_quality`). :meth:`UnitAnalysis.rows` gives
them as results rows (``test_set system tau`` + measures), ready for
:func:`softassign.evaluation.results.write_rows`.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import torch

from softassign.errors import ConfigError, DataError
from softassign.phone_analysis.labels import LabelSource
from softassign.phone_analysis.separability import Separability, SeparabilityAccumulator
from softassign.phone_analysis.unit_quality import UnitPhoneCounts
from softassign.units.assign import check_dims, expected_embedding, hard_assign

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Temperature:
    """One soft-assignment temperature and how it was chosen (``grid`` or ``label_free``)."""

    tau: float
    tau_from: str = "grid"


def separability_columns(measures: Separability) -> dict[str, str]:
    """The separability measures as result columns."""
    return {
        "intra": f"{measures.intra:.6g}",
        "inter": f"{measures.inter:.6g}",
        "ratio": f"{measures.ratio:.6g}",
        "n_frames": str(measures.num_vectors),
        "n_labels": str(measures.num_classes),
    }


class UnitAnalysis:
    """Accumulates the measures of the module docstring utterance by utterance.

    Args:
        centroids: (K, D) k-means centroids.
        embedding: (K, E) embedding table of the unit model (row k = cluster id k).
        temperatures: the soft-assignment temperatures to measure.
        topk: soft-assignment truncation, as at inference (None: all clusters).
    """

    def __init__(
        self,
        centroids: torch.Tensor,
        embedding: torch.Tensor,
        temperatures: Sequence[Temperature],
        topk: int | None = None,
    ):
        if embedding.shape[0] != centroids.shape[0]:
            raise ConfigError(
                f"the embedding table has {embedding.shape[0]} rows but there are {centroids.shape[0]} centroids"
            )
        self.centroids = centroids.float()
        self.embedding = embedding.detach().float()
        self.temperatures = list(temperatures)
        self.topk = topk
        self.hard = SeparabilityAccumulator()
        self.soft = [SeparabilityAccumulator() for _ in self.temperatures]
        self.units = UnitPhoneCounts(len(centroids))

    def update(self, utt: str, feats: torch.Tensor, labels: Sequence[Hashable | None]) -> None:
        """Add one utterance: (T, D) features and T frame labels (None: frame not counted)."""
        check_dims(feats, self.centroids, name=f"utterance {utt}")
        if len(labels) != len(feats):
            raise DataError(f"utterance {utt}: {len(feats)} feature frames but {len(labels)} labels")
        feats = feats.float()
        ids = hard_assign(feats, self.centroids)
        self.units.update(ids.numpy(), labels, utt)
        self.hard.update(self.embedding[ids], labels, utt)
        for accumulator, temperature in zip(self.soft, self.temperatures):
            soft = expected_embedding(feats, self.centroids, self.embedding, temperature.tau, self.topk)
            accumulator.update(soft, labels, utt)

    def rows(self, test_set: str) -> list[dict]:
        """One ``hard`` row (separability, purities, PNMI) and one ``soft`` row per temperature."""
        quality = self.units.compute()
        hard = {
            "test_set": test_set,
            "system": "hard",
            "tau": "",
            **separability_columns(self.hard.compute()),
            "phone_purity": f"{quality.phone_purity:.6g}",
            "cluster_purity": f"{quality.cluster_purity:.6g}",
            "pnmi": f"{quality.pnmi:.6g}",
        }
        soft = [
            {
                "test_set": test_set,
                "system": "soft",
                "tau": f"{t.tau:g}",
                **separability_columns(accumulator.compute()),
                "tau_from": t.tau_from,
            }
            for t, accumulator in zip(self.temperatures, self.soft)
        ]
        return [hard, *soft]


def analyze_units(
    features: Iterable[tuple[str, torch.Tensor]], labels: LabelSource, analysis: UnitAnalysis, where: str
) -> int:
    """Feed every utterance that ``labels`` can label into ``analysis``; returns how many were used.

    Utterances the source has no labels for are skipped (logged). No
    labelled utterance at all is a DataError naming ``where`` (the features).
    """
    used = skipped = 0
    for utt, feats in features:
        frame_labels = labels(utt, feats)
        if frame_labels is None:
            skipped += 1
            continue
        analysis.update(utt, feats, frame_labels)
        used += 1
    if not used:
        raise DataError(f"{where}: none of the {skipped} utterances has labels (do the utterance ids match?)")
    if skipped:
        log.info("%s: %d utterances without labels skipped, %d analysed", where, skipped, used)
    return used
