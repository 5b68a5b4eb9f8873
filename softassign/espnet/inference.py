"""Decoding with a trained ESPnet ASR model (``espnet2.bin.asr_inference.Speech2Text``), several tasks at once.

A decoding plan is a TSV of tasks, ``output_dir  units|feats|audio  source  [hard|soft|-]  [tau|-]``:

* ``units``: a scp of dumped unit ids, decoded by a ``unit_embedding`` model;
* ``feats``: a scp of dumped features: assigned to the model's centroids
  (``hard``, or ``soft`` at ``tau``) by a unit model, or fed as they are to
  a continuous-feature model;
* ``audio``: a Kaldi data dir: a unit model computes the features with the
  reader its units were made with (``frontend_conf: reader``), then assigns
  them; a continuous model's ``feature_reader`` frontend takes the waveform.

One process loads the model once and decodes its shard of every task.
Tasks with the same ``feats``/``audio`` source share the features: each
utterance's features are computed once and decoded by every task (the soft
grid, the label-free tau, hard), so a tau grid costs one upstream pass.
Each task's shard is written to ``<output_dir>/text.<job>`` atomically with
its record (:mod:`softassign.records`); a shard whose record matches is
not decoded again.
"""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from espnet.nets.pytorch_backend.transformer.subsampling import TooShortUttError
from espnet2.bin.asr_inference import Speech2Text

from softassign import failpoints
from softassign.arkio import iter_scp, scp_keys
from softassign.atomic import replacing
from softassign.datadir import load_data_dir
from softassign.errors import ConfigError, DataError
from softassign.espnet.data_types import SAMPLE_RATE
from softassign.espnet.frontend import UnitEmbeddingFrontend
from softassign.espnet.greedy_ctc import GreedyCTCSpeech2Text, check_has_ctc
from softassign.espnet.tasks import register_with_espnet
from softassign.features.sources import FeatureSource, load_utterance
from softassign.records import Record, is_current, write_record

log = logging.getLogger(__name__)

INPUT_KINDS = ("units", "feats", "audio")


@dataclass(frozen=True)
class DecodeTask:
    """One set decoded one way: ``units`` ids, or ``feats``/``audio`` with an assignment (None: continuous model)."""

    output_dir: str
    input_kind: str
    source: str
    assignment: str | None = None
    tau: float | None = None

    def words(self) -> list[str]:
        """The task as command words (for its record)."""
        return [self.output_dir, self.input_kind, self.source, self.assignment or "-", str(self.tau or "-")]


def check_task(task: DecodeTask, where: str) -> None:
    """Raise ConfigError, naming ``where``, for a task whose fields cannot go together."""
    if task.input_kind not in INPUT_KINDS:
        raise ConfigError(f"{where}: input kind must be one of {INPUT_KINDS}, got {task.input_kind!r}")
    if task.assignment not in (None, "hard", "soft"):
        raise ConfigError(f"{where}: assignment must be hard or soft, got {task.assignment!r}")
    if task.input_kind == "units" and (task.assignment or task.tau is not None):
        raise ConfigError(f"{where}: unit ids take no assignment or tau (they are hard already)")
    if task.assignment == "soft" and (task.tau is None or not task.tau >= 0):
        raise ConfigError(f"{where}: soft assignment needs a tau >= 0, got {task.tau}")


def read_decode_plan(path: str | os.PathLike) -> list[DecodeTask]:
    """Read and check a decoding plan (module docstring); ``-`` or a missing column means "not set"."""
    tasks = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            fields = [None if v in ("", "-") else v for v in line.rstrip("\n").split("\t")]
            if len(fields) > 5 or len(fields) < 3 or None in fields[:3]:
                raise ConfigError(f"{path}:{lineno}: expected 'output_dir units|feats|audio source [assignment] [tau]'")
            out, kind, source, assignment, tau = fields + [None] * (5 - len(fields))
            try:
                task = DecodeTask(out, kind, source, assignment, None if tau is None else float(tau))
            except ValueError as err:
                raise ConfigError(f"{path}:{lineno}: bad tau {tau!r}") from err
            check_task(task, f"{path}:{lineno}")
            tasks.append(task)
    if not tasks:
        raise ConfigError(f"{path}: the decoding plan has no tasks")
    return tasks


BEAM_DEFAULTS = {"beam_size": 10, "ctc_weight": 0.3, "penalty": 0.0, "maxlenratio": 0.0, "minlenratio": 0.0}
"""Beam search of every decoding command (ESPnet's Speech2Text arguments; its own ctc_weight default is 0.5)."""


SEARCHES = ("beam", "greedy_ctc")
"""ESPnet's beam search, or the best CTC path (:mod:`softassign.espnet.greedy_ctc`)."""


def add_beam_args(parser: argparse.ArgumentParser) -> None:
    """The beam-search options, defaults :data:`BEAM_DEFAULTS`."""
    beam = parser.add_argument_group("beam search (espnet2 Speech2Text)")
    beam.add_argument("--beam_size", type=int, default=BEAM_DEFAULTS["beam_size"])
    beam.add_argument("--ctc_weight", type=float, default=BEAM_DEFAULTS["ctc_weight"])
    beam.add_argument("--penalty", type=float, default=BEAM_DEFAULTS["penalty"], help="length bonus")
    beam.add_argument(
        "--maxlenratio", type=float, default=BEAM_DEFAULTS["maxlenratio"], help="0: up to the encoder length"
    )
    beam.add_argument("--minlenratio", type=float, default=BEAM_DEFAULTS["minlenratio"])
    beam.add_argument(
        "--search",
        choices=SEARCHES,
        default="beam",
        help="greedy_ctc: the best CTC path (models trained with CTC alone; the beam options do not apply)",
    )


def beam_options(args: argparse.Namespace) -> dict[str, float]:
    """The beam-search options parsed by :func:`add_beam_args`."""
    return {name: getattr(args, name) for name in BEAM_DEFAULTS}


def search_words(args: argparse.Namespace) -> list[str]:
    """The search options as a decode's record names them: the beam options for the beam search (the words of
    the records written before ``--search`` existed), ``--search=greedy_ctc`` alone for the best path, which
    no beam option changes."""
    if args.search == "greedy_ctc":
        return ["--search=greedy_ctc"]
    return [f"--{name}={value}" for name, value in beam_options(args).items()]


def load_speech2text(
    asr_train_config: str, asr_model_file: str, device: str = "cpu", search: str = "beam", **beam
) -> Speech2Text:
    """Build ESPnet's ``Speech2Text`` (1-best) on ``device`` with the ``search`` of :data:`SEARCHES`; ``beam``
    options override :data:`BEAM_DEFAULTS`."""
    register_with_espnet()
    options = {**BEAM_DEFAULTS, **beam}
    if search == "greedy_ctc":
        check_has_ctc(asr_train_config)
    builder = GreedyCTCSpeech2Text if search == "greedy_ctc" else Speech2Text
    return builder(asr_train_config=asr_train_config, asr_model_file=asr_model_file, device=device, nbest=1, **options)


def unit_frontend(speech2text: Speech2Text) -> UnitEmbeddingFrontend | None:
    """The model's ``unit_embedding`` frontend, or None for a continuous-feature model."""
    frontend = speech2text.asr_model.frontend
    return frontend if isinstance(frontend, UnitEmbeddingFrontend) else None


def check_model_fits(speech2text: Speech2Text, task: DecodeTask, topk: int | None = None) -> None:
    """Raise ConfigError when the task's input or assignment does not fit the model."""
    frontend = unit_frontend(speech2text)
    if frontend is None and (task.input_kind == "units" or task.assignment or topk):
        raise ConfigError(
            f"{task.output_dir}: the model has no unit_embedding frontend: it decodes features or audio, "
            f"without assignment options (got input {task.input_kind}, assignment {task.assignment}, topk {topk})"
        )
    if frontend is not None and task.input_kind != "units":
        frontend.require_centroids()
        if task.input_kind == "audio" and frontend.reader_conf is None:
            raise ConfigError(f"{task.output_dir}: the model has no feature reader conf to decode audio with")


def configure(speech2text: Speech2Text, task: DecodeTask, topk: int | None) -> None:
    """Set the unit frontend's assignment for ``task`` (features in, so ``input_kind`` stays ``units``)."""
    frontend = unit_frontend(speech2text)
    if frontend is not None:
        frontend.set_assignment(assignment=task.assignment or "hard", tau=task.tau, topk=topk or 0, input_kind="units")


def iter_unit_ids(scp: str | os.PathLike, utts: list[str] | None = None) -> Iterator[tuple[str, torch.Tensor]]:
    """Yield (utt, int64 ids) from a unit scp of 1-D integer vectors, naming the utterance on bad entries."""
    for utt, ids in iter_scp(scp, utts):
        if ids.ndim != 1 or not np.issubdtype(ids.dtype, np.integer):
            raise DataError(
                f"{scp}: utterance {utt}: expected a vector of integer unit ids, got {ids.dtype} {ids.shape}"
            )
        yield utt, torch.from_numpy(ids.astype(np.int64))


def source_utterances(kind: str, source: str) -> list[str]:
    """The utterance ids of a task source (scp or data dir); DataError when it has none."""
    utts = load_data_dir(source, require_text=False).utterances if kind == "audio" else scp_keys(source)
    if not utts:
        raise DataError(f"{source}: no utterances to decode")
    return utts


def model_inputs(
    speech2text: Speech2Text, kind: str, source: str, utts: list[str]
) -> Iterator[tuple[str, torch.Tensor]]:
    """(utt, model input) of ``utts``: unit ids, features (shared by the tasks of a unit model) or waveforms."""
    if kind == "units":
        return iter_unit_ids(source, utts)
    if kind == "feats":
        return FeatureSource(scp=source).iterate(utts)
    frontend = unit_frontend(speech2text)
    if frontend is not None:
        return FeatureSource(data_dir=source, reader=frontend.reader).iterate(utts)
    return _waveforms(source, utts)


def _waveforms(data_dir: str, utts: list[str]) -> Iterator[tuple[str, torch.Tensor]]:
    data = load_data_dir(data_dir, require_text=False)
    for utt in utts:
        yield utt, load_utterance(data, utt, SAMPLE_RATE)


def decode_one(speech2text: Speech2Text, utt: str, speech: torch.Tensor) -> str:
    """1-best text of one utterance ((T,) ids, (T, D) features or (samples,) audio); errors name the utterance."""
    if len(speech) == 0:
        raise DataError(f"utterance {utt}: empty input")
    try:
        with torch.no_grad():
            results = speech2text(speech)
    except (ValueError, TooShortUttError, RuntimeError) as err:
        raise DataError(f"utterance {utt}: decoding failed: {err}") from err
    return (results[0][0] or "") if results else ""


class ShardTexts:
    """The ``text.<job>`` shards of several tasks: lines held in memory, each shard written atomically at the end."""

    def __init__(self, paths: list[Path]):
        self.paths = paths
        self.lines: list[list[str]] = [[] for _ in paths]

    def write(self, index: int, utt: str, text: str) -> None:
        """Add ``utt text`` to task ``index``'s shard."""
        self.lines[index].append(f"{utt} {text}".rstrip() + "\n")

    def commit(self, records: list[Record]) -> None:
        """Write every shard (temporary file, then rename) and its record."""
        for path, lines, record in zip(self.paths, self.lines, records):
            path.parent.mkdir(parents=True, exist_ok=True)
            with replacing(path) as tmp:
                tmp.write_text("".join(lines), encoding="utf-8")
            write_record(path, record)


def decode_group(
    speech2text: Speech2Text,
    tasks: list[DecodeTask],
    inputs: Iterable[tuple[str, torch.Tensor]],
    shard_paths: list[Path],
    records: list[Record],
    topk: int | None = None,
) -> int:
    """Decode every input with every task (same source); write each task's shard atomically. Returns utterances."""
    shards = ShardTexts(shard_paths)
    count = 0
    for utt, speech in inputs:
        for index, task in enumerate(tasks):
            configure(speech2text, task, topk)
            shards.write(index, utt, decode_one(speech2text, utt, speech))
        count += 1
        failpoints.reached("decode_utterance")
    shards.commit(records)
    return count


def pending(tasks: list[DecodeTask], shard_name: str, record_of) -> list[tuple[DecodeTask, Path, Record]]:
    """The tasks whose shard ``shard_name`` is not current, with its path and the record it will get."""
    todo = []
    for task in tasks:
        path, record = Path(task.output_dir) / shard_name, record_of(task)
        if is_current(path, record):
            log.info("%s is done; skipping", path)
        else:
            todo.append((task, path, record))
    return todo


def group_by_source(tasks: list[DecodeTask]) -> dict[tuple[str, str], list[DecodeTask]]:
    """Tasks by (input kind, source), in plan order."""
    groups: dict[tuple[str, str], list[DecodeTask]] = {}
    for task in tasks:
        groups.setdefault((task.input_kind, task.source), []).append(task)
    return groups
