"""Frame label sources for the unit analysis: one label (or None) per feature frame of an utterance.

A source is called as ``source(utt, feats)`` with the utterance's (T, D)
features and returns T labels (``None`` for a frame it cannot label), or
``None`` when it has nothing for the utterance (that utterance is skipped).

* :class:`AlignmentLabels`: phone segments (a CTM file read by
  :func:`softassign.phone_analysis.ctm.read_ctm`) turned into frame labels at the
  feature frame shift by :func:`softassign.phone_analysis.alignment.frame_labels`.
* :class:`TextGridLabels`: the same from one Praat TextGrid per utterance
  (L2-ARCTIC annotations).
* :class:`CtcLabels`: forced alignment of the utterance's transcript with
  the unit model's own CTC. Labels are then the model's *tokens* (characters
  for a ``char`` token list, ``<space>`` between words), not phones.

The frame shift is the feature type's: 0.01 s for MFCC/fbank, 0.02 s for
HuBERT/WavLM layers (:func:`frame_shift_of`). A segment ending more than
:data:`MAX_OVERHANG` seconds after the last feature frame means the frame
shift (or the alignment) does not fit the features: a DataError naming the
utterance.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path

import numpy as np
import torch

from softassign.errors import ConfigError, DataError
from softassign.phone_analysis.alignment import Alignment, Segment, frame_labels
from softassign.phone_analysis.ctc_align import forced_align_frames
from softassign.phone_analysis.textgrid import read_textgrid

#: A frame label source: (utt, (T, D) features) -> T labels, or None to skip the utterance.
LabelSource = Callable[[str, torch.Tensor], "list[Hashable | None] | None"]

#: Seconds an alignment may run past the last feature frame (a frame's window and rounding).
MAX_OVERHANG = 0.1


def frame_shift_of(feats_config: dict, where: str = "feature config") -> float:
    """Seconds between frames of the reader a ``conf/feats/*.yaml`` mapping builds ({type: ..., ...})."""
    from softassign.features import READERS  # the readers pull in torchaudio models: import on use

    reader = READERS.get(feats_config.get("type"))
    if reader is None:
        raise ConfigError(f"{where}: unknown feature type {feats_config.get('type')!r}; known: {sorted(READERS)}")
    return reader.frame_shift


def segment_labels(segments: Sequence[Segment], frame_shift: float, num_frames: int, utt: str) -> list[str | None]:
    """Label of each of ``num_frames`` frames (None where no segment covers it); checks the alignment fits."""
    covered = num_frames * frame_shift
    if segments and segments[-1].end > covered + MAX_OVERHANG:
        raise DataError(
            f"utterance {utt}: the alignment ends at {segments[-1].end:.2f} s but the {num_frames} feature frames "
            f"cover {covered:.2f} s at a frame shift of {frame_shift} s: is the frame shift right?"
        )
    return frame_labels(segments, frame_shift, num_frames)


class AlignmentLabels:
    """Frame labels from an in-memory alignment (utt -> segments); utterances it lacks are skipped."""

    def __init__(self, alignment: Alignment, frame_shift: float):
        if not frame_shift > 0:
            raise ConfigError(f"frame shift must be > 0, got {frame_shift}")
        self.alignment = alignment
        self.frame_shift = frame_shift

    def __call__(self, utt: str, feats: torch.Tensor) -> list[str | None] | None:
        """Labels of the frames of ``utt``, or None when the alignment has no segments for it."""
        segments = self.alignment.get(utt)
        if segments is None:
            return None
        return segment_labels(segments, self.frame_shift, len(feats), utt)


def textgrid_path(textgrid_dir: Path, utt: str) -> Path | None:
    """The TextGrid of ``utt`` under ``textgrid_dir``, or None.

    Looks for ``<dir>/<utt>.TextGrid``; for an L2-ARCTIC utterance id
    ``<SPK>-<name>`` also ``<dir>/<SPK>/annotation/<name>.TextGrid`` (the
    corpus root) and ``<dir>/<name>.TextGrid`` (one speaker's annotation dir).
    """
    candidates = [textgrid_dir / f"{utt}.TextGrid"]
    speaker, _, name = utt.partition("-")
    if name:
        candidates += [textgrid_dir / speaker / "annotation" / f"{name}.TextGrid", textgrid_dir / f"{name}.TextGrid"]
    return next((path for path in candidates if path.is_file()), None)


class TextGridLabels:
    """Frame labels from one TextGrid per utterance (see :func:`textgrid_path`); unannotated ones are skipped.

    ``tier``, ``view`` and ``keep_stress`` are those of
    :func:`softassign.phone_analysis.textgrid.read_textgrid`.
    """

    def __init__(
        self,
        textgrid_dir: str | os.PathLike,
        frame_shift: float,
        tier: str = "phones",
        view: str = "perceived",
        keep_stress: bool = False,
    ):
        self.textgrid_dir = Path(textgrid_dir)
        if not self.textgrid_dir.is_dir():
            raise ConfigError(f"{textgrid_dir}: no such TextGrid dir")
        if not frame_shift > 0:
            raise ConfigError(f"frame shift must be > 0, got {frame_shift}")
        self.frame_shift = frame_shift
        self.options = {"tier": tier, "view": view, "keep_stress": keep_stress}

    def __call__(self, utt: str, feats: torch.Tensor) -> list[str | None] | None:
        """Labels of the frames of ``utt`` from its TextGrid, or None when it has none."""
        path = textgrid_path(self.textgrid_dir, utt)
        if path is None:
            return None
        return segment_labels(read_textgrid(path, **self.options), self.frame_shift, len(feats), utt)


def upsample_frame_labels(labels: Sequence[Hashable], num_frames: int) -> list[Hashable]:
    """Stretch labels of T' encoder frames over ``num_frames`` input frames (frame t takes t * T' // T)."""
    index = (np.arange(num_frames) * len(labels)) // max(num_frames, 1)
    return [labels[i] for i in index]


class CtcLabels:
    """Token labels from the unit model's CTC forced alignment of the utterance's transcript.

    ``speech2text`` is an ESPnet ``Speech2Text`` of a ``unit_embedding``
    model with centroids; its frontend is switched to hard assignment (the
    input the model was trained on). The encoder output (subsampled) is
    aligned with :func:`softassign.phone_analysis.ctc_align.forced_align_frames`,
    blank frames taking the previous token, and the token path is stretched
    back to the feature frames (:func:`upsample_frame_labels`). Utterances
    without a transcript in ``text`` are skipped.
    """

    def __init__(self, speech2text, text: dict[str, str]):
        self.model = speech2text.asr_model
        self.tokenizer = speech2text.tokenizer
        self.converter = speech2text.converter
        self.model.frontend.set_assignment(assignment="hard")
        self.model.frontend.require_centroids()
        self.text = text

    def token_ids(self, utt: str) -> list[int]:
        """The transcript of ``utt`` as model token ids."""
        return self.converter.tokens2ids(self.tokenizer.text2tokens(self.text[utt]))

    def __call__(self, utt: str, feats: torch.Tensor) -> list[str] | None:
        """The token on the CTC path at each frame of ``utt``, or None without a transcript."""
        if utt not in self.text:
            return None
        with torch.no_grad():
            encoded, lengths = self.model.encode(feats[None].float(), torch.tensor([len(feats)]))
            log_probs = self.model.ctc.log_softmax(encoded)[0, : int(lengths[0])]
        path = forced_align_frames(log_probs, self.token_ids(utt), blank=self.model.blank_id, utt=utt)
        return upsample_frame_labels(self.converter.ids2tokens(path.tolist()), len(feats))
