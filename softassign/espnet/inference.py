"""Decoding with a trained ESPnet ASR model through ``espnet2.bin.asr_inference.Speech2Text``.

One model decodes three kinds of input:

* dumped unit ids (1-D integer vectors) with a ``unit_embedding`` model,
* continuous features with a ``unit_embedding`` model, assigned ``hard`` or
  ``soft`` (tau, topk) to its centroids at inference,
* continuous features with a model trained on them (``input_size: D``; the
  continuous baseline, no assignment options).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from espnet.nets.pytorch_backend.transformer.subsampling import TooShortUttError
from espnet2.bin.asr_inference import Speech2Text

from softassign.arkio import iter_scp
from softassign.errors import ConfigError, DataError
from softassign.espnet.frontend import UnitEmbeddingFrontend
from softassign.espnet.tasks import register_asr_frontends


def load_speech2text(asr_train_config: str, asr_model_file: str, device: str = "cpu", **beam_options) -> Speech2Text:
    """Build ESPnet's ``Speech2Text`` (1-best) on ``device``; ``beam_options`` are its beam-search arguments."""
    register_asr_frontends()
    return Speech2Text(
        asr_train_config=asr_train_config, asr_model_file=asr_model_file, device=device, nbest=1, **beam_options
    )


def configure_assignment(
    speech2text: Speech2Text,
    units_input: bool,
    assignment: str | None = None,
    tau: float | None = None,
    topk: int | None = None,
    centroids: str | None = None,
) -> None:
    """Check that the model fits the input and set the frontend's assignment for continuous features.

    ``units_input`` is True for dumped ids. Assignment options need a
    ``unit_embedding`` model and continuous input; None keeps the model's own.
    """
    frontend = speech2text.asr_model.frontend
    options = {"assignment": assignment, "tau": tau, "topk": topk, "centroids": centroids}
    given = sorted(name for name, value in options.items() if value is not None)
    if not isinstance(frontend, UnitEmbeddingFrontend):
        if units_input or given:
            raise ConfigError(
                f"the model has no unit_embedding frontend: it decodes continuous features only, "
                f"without assignment options (got units input={units_input}, options {given})"
            )
        return
    if units_input and given:
        raise ConfigError(f"options {given} apply to continuous features (--feats_scp), not to unit ids")
    frontend.set_assignment(**options)
    if not units_input:
        frontend.require_centroids()


def iter_unit_ids(scp: str | os.PathLike, utts: list[str] | None = None) -> Iterator[tuple[str, torch.Tensor]]:
    """Yield (utt, int64 ids) from a unit scp of 1-D integer vectors, naming the utterance on bad entries."""
    for utt, ids in iter_scp(scp, utts):
        if ids.ndim != 1 or not np.issubdtype(ids.dtype, np.integer):
            raise DataError(
                f"{scp}: utterance {utt}: expected a vector of integer unit ids, got {ids.dtype} {ids.shape}"
            )
        yield utt, torch.from_numpy(ids.astype(np.int64))


def decode_one(speech2text: Speech2Text, utt: str, speech: torch.Tensor) -> str:
    """1-best text of one utterance ((T,) ids or (T, D) features); errors name the utterance."""
    if len(speech) == 0:
        raise DataError(f"utterance {utt}: empty input")
    try:
        with torch.no_grad():
            results = speech2text(speech)
    except (ValueError, TooShortUttError, RuntimeError) as err:
        raise DataError(f"utterance {utt}: decoding failed: {err}") from err
    if not results:
        return ""
    text = results[0][0]
    return text or ""


def write_hypotheses(
    speech2text: Speech2Text, inputs: Iterable[tuple[str, torch.Tensor]], out_text: str | os.PathLike
) -> Path:
    """Decode every (utt, input) and write a Kaldi ``text`` (utt hypothesis) atomically; returns its path.

    An older ``out_text`` is removed first, so a failed run leaves no text at all.
    """
    out_text = Path(out_text)
    out_text.unlink(missing_ok=True)
    out_text.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_text.with_name(out_text.name + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            for utt, speech in inputs:
                f.write(f"{utt} {decode_one(speech2text, utt, speech)}".rstrip() + "\n")
        os.replace(tmp, out_text)
    finally:
        tmp.unlink(missing_ok=True)
    return out_text


@dataclass(frozen=True)
class DecodeTask:
    """One set decoded one way: ``units`` ids, or ``feats`` with an assignment (None for a continuous model)."""

    output_dir: str
    input_kind: str
    scp: str
    assignment: str | None = None
    tau: float | None = None

    @property
    def units_input(self) -> bool:
        """True when the input is dumped unit ids."""
        return self.input_kind == "units"


def read_decode_plan(path: str | os.PathLike) -> list[DecodeTask]:
    """Read a decoding plan: TSV lines ``output_dir  units|feats  scp  [hard|soft|-]  [tau|-]``.

    Lets one process (one model load, one ESPnet import) decode several sets
    and temperatures; ``-`` or a missing column means "not set".
    """
    tasks = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            fields = [None if v in ("", "-") else v for v in line.rstrip("\n").split("\t")]
            fields += [None] * (5 - len(fields))
            out, kind, scp, assignment, tau = fields[:5]
            if out is None or kind not in ("units", "feats") or scp is None or len(fields) > 5:
                raise ConfigError(f"{path}:{lineno}: expected 'output_dir units|feats scp [assignment] [tau]'")
            try:
                tasks.append(DecodeTask(out, kind, scp, assignment, None if tau is None else float(tau)))
            except ValueError as err:
                raise ConfigError(f"{path}:{lineno}: bad tau {tau!r}") from err
    return tasks
