"""Disk and memory of every ASR stage: measured on a finished recipe run, extrapolated to LibriSpeech scale.

:func:`measure` walks a finished ``asr.sh`` run (its ``data/``, ``dump/`` and ``exp/``) and gives, per stage,
the bytes its outputs hold and the largest peak resident memory its jobs' logs report (the ``max_rss`` of
:mod:`softassign.parallel.joblog`). :func:`extrapolate` scales the measured disk to a corpus of other size
and to another K with the formats' own arithmetic, not by proportion: features of the k-means portion are
``2 D`` bytes a frame (float16) plus a measured per-utterance overhead, unit ids 2 bytes a frame plus
overhead, centroids ``4 K D`` bytes, and an ASR exp dir holds a fixed number of model copies (the n best
snapshots, their average, ``checkpoint.pth`` and ``checkpoint.prev.pth`` with Adam's two moments) whose size
is the measured snapshot plus what K adds (the embedding rows and the float64 centroids it carries). ESPnet's
discrete ASR (stage 8) adds its model copies (the snapshot plus the source BPE's embedding rows) and the unit
texts, at most 3 bytes (one CJK character in UTF-8) a frame before repeats are removed: an upper bound.
The LibriSpeech figures (:data:`LIBRISPEECH`) are those of the release (hours and utterances per split).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import kaldiio
import yaml

from softassign.parallel.joblog import logged_accounting

#: Frames a second of every SSL layer (20 ms hop).
FRAME_RATE = 50

#: LibriSpeech release splits: (hours, utterances).
LIBRISPEECH = {
    "train_clean_100": (100.6, 28539),
    "train_clean_360": (363.6, 104014),
    "train_other_500": (496.7, 148688),
    "dev_clean": (5.4, 2703),
    "dev_other": (5.3, 2864),
    "test_clean": (5.4, 2620),
    "test_other": (5.3, 2939),
}


@dataclass(frozen=True)
class Corpus:
    """A recipe's sets at some scale: the training set's hours/utterances, all sets', the k-means portion."""

    name: str
    train_hours: float
    train_utts: int
    all_hours: float
    all_utts: int
    km_portion: float

    @property
    def km_frames(self) -> float:
        """Frames of the k-means portion."""
        return self.train_hours * self.km_portion * 3600 * FRAME_RATE

    @property
    def all_frames(self) -> float:
        """Frames of every set (train, valid = dev_clean + dev_other, the four test sets)."""
        return self.all_hours * 3600 * FRAME_RATE


def librispeech(train: list[str], km_portion: float, name: str) -> Corpus:
    """The LibriSpeech recipe's sets with training set ``train`` (a union of release splits)."""
    dev = ["dev_clean", "dev_other"]
    tests = ["dev_clean", "dev_other", "test_clean", "test_other"]
    hours = sum(LIBRISPEECH[s][0] for s in train)
    utts = sum(LIBRISPEECH[s][1] for s in train)
    all_hours = hours + sum(LIBRISPEECH[s][0] for s in dev + tests)
    all_utts = utts + sum(LIBRISPEECH[s][1] for s in dev + tests)
    return Corpus(name, hours, utts, all_hours, all_utts, km_portion)


LIBRISPEECH_100 = librispeech(["train_clean_100"], 0.1, "LibriSpeech 100 h")
LIBRISPEECH_960 = librispeech(["train_clean_100", "train_clean_360", "train_other_500"], 0.01, "LibriSpeech 960 h")


@dataclass(frozen=True)
class StageUse:
    """One stage of a finished run: what it stores, its bytes, and its jobs' largest peak RSS (MB)."""

    stage: str
    stores: str
    paths: tuple[Path, ...]
    bytes: int
    peak_rss_mb: int | None


def tree_bytes(path: Path) -> int:
    """Bytes of the regular files under ``path`` (symlinks not followed, not counted twice)."""
    if path.is_file() and not path.is_symlink():
        return path.stat().st_size
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            file = Path(root) / name
            if not file.is_symlink():
                total += file.stat().st_size
    return total


def _unit_texts(units_dir: Path) -> list[Path]:
    """The unit texts (and their records) of ESPnet's discrete ASR in the unit dirs of every set."""
    return sorted(units_dir.glob("*/text.rm*"))


def _decode_dirs(exp: Path) -> list[Path]:
    return sorted(exp.glob("decode_*")) + sorted(exp.glob("label_free_tau_*"))


def _model_bytes(exp: Path) -> int:
    return tree_bytes(exp) - sum(tree_bytes(p) for p in _decode_dirs(exp)) - tree_bytes(exp / "log")


@dataclass(frozen=True)
class Run:
    """Where a finished asr.sh run keeps each stage's outputs (its tags, as asr.sh names them)."""

    recipe: Path
    feats_tag: str
    num_clusters: int
    train_set: str

    @property
    def units_tag(self) -> str:
        """``<feats>_k<K>``."""
        return f"{self.feats_tag}_k{self.num_clusters}"

    def exp(self, name: str) -> Path:
        """A dir under exp/."""
        return self.recipe / "exp" / name

    @property
    def km_feats(self) -> Path:
        """The features of the k-means portion."""
        return self.recipe / "dump" / self.feats_tag / f"{self.train_set}_kmeans"

    @property
    def units_exp(self) -> Path:
        """The hard-unit model's exp dir."""
        return self.exp(f"asr_{self.units_tag}")

    @property
    def cont_exp(self) -> Path:
        """The continuous model's exp dir."""
        return self.exp(f"asr_{self.feats_tag}_continuous")

    @property
    def asr2_exp(self) -> Path:
        """ESPnet's discrete ASR exp dir."""
        return self.exp(f"asr2_{self.units_tag}")

    @property
    def units_dir(self) -> Path:
        """The unit ids of every set."""
        return self.recipe / "dump" / self.units_tag

    @property
    def src_token_dirs(self) -> list[Path]:
        """The source BPE dirs of ESPnet's discrete ASR."""
        return sorted((self.recipe / "data/token_list").glob(f"src_bpe_{self.units_tag}_rm*"))


def stage_layout(run: Run) -> list[Stage]:
    """(stage, what it stores, its output paths, its job logs) of every stage of a run."""
    dump = run.recipe / "dump"
    units, cont, asr2 = run.units_exp, run.cont_exp, run.asr2_exp
    return [
        ("1 data", "Kaldi data dirs", [run.recipe / "data"], []),
        (
            "2 features",
            "features of the k-means portion, float16",
            [dump / "data" / f"{run.train_set}_kmeans", run.km_feats],
            [run.km_feats / "log"],
        ),
        ("3 kmeans", "centroids", [run.exp(f"kmeans_{run.units_tag}")], [run.exp(f"kmeans_{run.units_tag}") / "log"]),
        ("4 units", "unit ids of every set, int16", [run.units_dir], [run.units_dir / "log"]),
        ("5 tokens", "token list, BPE model", [run.recipe / "data/token_list"], []),
        ("6 train", "hard-unit model copies", [units, run.exp(f"stats_{run.units_tag}")], [units / "train.log"]),
        (
            "7 train_cont",
            "continuous model copies",
            [cont, run.exp(f"stats_{run.feats_tag}_continuous")],
            [cont / "train.log"],
        ),
        (
            "8 train_asr2",
            "ESPnet asr2 model copies, unit texts, source BPE",
            [asr2, run.exp(f"stats_asr2_{run.units_tag}"), *_unit_texts(run.units_dir), *run.src_token_dirs],
            [asr2 / "train.log"],
        ),
        (
            "9 decode",
            "hypotheses, label-free taus",
            _decode_dirs(units) + _decode_dirs(cont) + _decode_dirs(asr2),
            [units / "log", cont / "log", asr2 / "log"],
        ),
        ("10 score", "results tables", [run.exp(f"results_{run.units_tag}")], []),
        ("11 pack", "packed models (--pack true)", [run.exp("packs")], []),
    ]


def _stage_bytes(stage: str, paths: list[Path], run: Run) -> int:
    number = stage.split()[0]
    models = {"6": run.units_exp, "7": run.cont_exp, "8": run.asr2_exp}
    if number in models:
        exp = models[number]
        rest = [p for p in paths if p != exp]
        return (_model_bytes(exp) if exp.is_dir() else 0) + sum(tree_bytes(p) for p in rest)
    if number == "1":  # data/ holds the token lists too (stages 5 and 8)
        return tree_bytes(paths[0]) - tree_bytes(paths[0] / "token_list")
    if number == "4":  # the unit dirs hold stage 8's unit texts too
        return sum(tree_bytes(p) for p in paths) - sum(tree_bytes(p) for p in _unit_texts(run.units_dir))
    if number == "5":
        return sum(tree_bytes(p) for p in paths) - sum(tree_bytes(p) for p in run.src_token_dirs)
    return sum(tree_bytes(p) for p in paths)


def job_logs(paths: list[Path]) -> list[Path]:
    """The job logs among ``paths``: a file itself, a dir's ``*.log`` files."""
    logs = []
    for path in paths:
        logs += [path] if path.is_file() else sorted(path.glob("*.log")) if path.is_dir() else []
    return logs


#: A stage of a recipe: (stage, what it stores, its output paths, its job logs).
Stage = tuple[str, str, list[Path], list[Path]]


def measure_stages(layout: list[Stage], stage_bytes: Callable[[str, list[Path]], int]) -> list[StageUse]:
    """Bytes (``stage_bytes(stage, its existing paths)``) and the largest job peak RSS (from the logs' accounting
    lines) of every stage of a finished run's ``layout``."""
    uses = []
    for stage, stores, paths, logs in layout:
        existing = [p for p in paths if p.exists()]
        peaks = [acc[1] for acc in map(logged_accounting, job_logs(logs)) if acc and acc[1] is not None]
        peak = max(peaks) if peaks else None
        uses.append(StageUse(stage, stores, tuple(existing), stage_bytes(stage, existing), peak))
    return uses


def measure(run: Run) -> list[StageUse]:
    """Bytes and largest job peak RSS of every stage of a finished asr.sh run."""
    return measure_stages(stage_layout(run), lambda stage, paths: _stage_bytes(stage, paths, run))


@dataclass(frozen=True)
class DumpSizes:
    """What every storage extrapolation (ASR and synthesis) reads off a run's dumps: the k-means features' frames,
    utterances, dimension and bytes, the unit ids' frames, utterances and bytes, and the data dirs' utterances."""

    feat_dim: int
    km_frames: int
    km_utts: int
    km_bytes: int
    unit_frames: int
    unit_utts: int
    unit_bytes: int
    data_utts: int


@dataclass(frozen=True)
class Sizes(DumpSizes):
    """What the ASR extrapolation reads off a run besides its dumps: per-utterance overheads, model copies."""

    snapshot_bytes: int
    cont_snapshot_bytes: int
    embed_dim: int
    nbest: int
    decoded_utts: int
    decode_bytes: int
    asr2_snapshot_bytes: int
    asr2_embed_dim: int
    asr2_src_vocab: int
    unit_text_chars: int
    unit_text_utts: int
    unit_text_bytes: int


def frames_and_utts(scps: list[Path], recipe: Path) -> tuple[int, int, int]:
    """Frames, utterances and feature dimension of scps whose ark paths are relative to the recipe dir."""
    frames = utts = dim = 0
    with contextlib.chdir(recipe):
        for scp in scps:
            for _, array in kaldiio.load_scp(str(scp.resolve())).items():
                frames, utts, dim = frames + len(array), utts + 1, array.shape[1] if array.ndim == 2 else dim
    return frames, utts, dim


def _snapshot(exp: Path) -> Path:
    return max(exp.glob("*epoch.pth"), key=lambda p: int(p.name.split("epoch")[0]))


def _unit_text_sizes(run: Run) -> tuple[int, int, int]:
    """Characters (units after deduplication), utterances and bytes of the unit texts."""
    chars = utts = size = 0
    for text in _unit_texts(run.units_dir):
        if text.name != "text.rm":
            continue
        lines = text.read_text(encoding="utf-8").splitlines()
        chars += sum(len(line.partition(" ")[2]) for line in lines)
        utts, size = utts + len(lines), size + text.stat().st_size
    return chars, utts, size


def _asr2_sizes(run: Run) -> tuple[int, int, int]:
    """Snapshot bytes, source embedding width and source vocabulary of ESPnet's discrete ASR (zeros without it)."""
    if not (run.asr2_exp / "config.yaml").is_file():
        return 0, 0, 0
    config = yaml.safe_load((run.asr2_exp / "config.yaml").read_text())
    embed_dim = (config.get("frontend_conf") or {}).get("embed_dim", 0)
    return _snapshot(run.asr2_exp).stat().st_size, embed_dim, len(config["src_token_list"])


def read_sizes(run: Run) -> Sizes:
    """The :class:`Sizes` of a finished run (it reads the dumped arks and the exp dirs)."""
    km_frames, km_utts, feat_dim = frames_and_utts([run.km_feats / "feats.scp"], run.recipe)
    unit_scps = sorted((run.recipe / "dump" / run.units_tag).glob("*/units.scp"))
    unit_frames, unit_utts, _ = frames_and_utts(unit_scps, run.recipe)
    config = yaml.safe_load((run.units_exp / "config.yaml").read_text())
    exps = (run.units_exp, run.cont_exp, run.asr2_exp)
    decoded = [text for exp in exps for text in sorted(exp.glob("decode_*/text"))]
    data_utts = sum(
        len((d / "utt2spk").read_text().splitlines())
        for d in (run.recipe / "data").glob("*/")
        if (d / "utt2spk").is_file()
    )
    return Sizes(
        feat_dim=feat_dim,
        km_frames=km_frames,
        km_utts=km_utts,
        km_bytes=tree_bytes(run.km_feats) - tree_bytes(run.km_feats / "log"),
        unit_frames=unit_frames,
        unit_utts=unit_utts,
        unit_bytes=sum(tree_bytes(scp.parent) for scp in unit_scps),
        data_utts=data_utts,
        snapshot_bytes=_snapshot(run.units_exp).stat().st_size,
        cont_snapshot_bytes=_snapshot(run.cont_exp).stat().st_size,
        embed_dim=config["frontend_conf"]["embed_dim"],
        nbest=int(config["keep_nbest_models"]),
        decoded_utts=sum(len(t.read_text().splitlines()) for t in decoded),
        decode_bytes=sum(t.stat().st_size for t in decoded),
        **dict(zip(("asr2_snapshot_bytes", "asr2_embed_dim", "asr2_src_vocab"), _asr2_sizes(run), strict=True)),
        **dict(zip(("unit_text_chars", "unit_text_utts", "unit_text_bytes"), _unit_text_sizes(run), strict=True)),
    )


def model_dir_bytes(snapshot: float, centroid_bytes: float, nbest: int) -> float:
    """An ESPnet exp dir at the end of training: n best snapshots, their average, checkpoint.pth and
    checkpoint.prev.pth (each the model plus Adam's two moments of every parameter: the centroids are no parameter)."""
    checkpoint = snapshot + 2 * (snapshot - centroid_bytes)
    return nbest * snapshot + (snapshot if nbest > 1 else 0) + 2 * checkpoint


def extrapolate(
    run: Run, sizes: Sizes, corpus: Corpus, num_clusters: int, decode_tasks: int, src_nbpe: int = 6000
) -> dict[str, float]:
    """Bytes of every stage for ``corpus`` at ``num_clusters``, from the measured :class:`Sizes` (module docstring).

    ``decode_tasks`` is the number of decodings per test set (hard, the soft grid, label-free, continuous,
    ESPnet's discrete ASR); ``src_nbpe`` the source BPE vocabulary of ESPnet's discrete ASR.
    """
    dim = sizes.feat_dim
    km_overhead = (sizes.km_bytes - 2 * dim * sizes.km_frames) / sizes.km_utts
    unit_overhead = (sizes.unit_bytes - 2 * sizes.unit_frames) / sizes.unit_utts
    data_per_utt = _stage_bytes("1 data", [run.recipe / "data"], run) / sizes.data_utts
    extra_rows = num_clusters - run.num_clusters
    snapshot = sizes.snapshot_bytes + extra_rows * (4 * sizes.embed_dim + 8 * dim)
    centroid_bytes = 8 * num_clusters * dim
    tests = ("dev_clean", "dev_other", "test_clean", "test_other")
    test_utts = sum(LIBRISPEECH[name][1] for name in tests)
    asr2_snapshot = sizes.asr2_snapshot_bytes + (src_nbpe - sizes.asr2_src_vocab) * sizes.asr2_embed_dim * 4
    text_overhead = (sizes.unit_text_bytes - 3 * sizes.unit_text_chars) / max(sizes.unit_text_utts, 1)
    unit_texts = 3 * corpus.all_frames + text_overhead * corpus.all_utts if sizes.unit_text_utts else 0.0
    return {
        "1 data": data_per_utt * corpus.all_utts,
        "2 features": 2 * dim * corpus.km_frames + km_overhead * corpus.train_utts * corpus.km_portion,
        "3 kmeans": 4 * num_clusters * dim,
        "4 units": 2 * corpus.all_frames + unit_overhead * corpus.all_utts,
        "5 tokens": _stage_bytes("5 tokens", [run.recipe / "data/token_list"], run),
        "6 train": model_dir_bytes(snapshot, centroid_bytes, sizes.nbest),
        "7 train_cont": model_dir_bytes(sizes.cont_snapshot_bytes, 0, sizes.nbest),
        "8 train_asr2": (model_dir_bytes(asr2_snapshot, 0, sizes.nbest) if sizes.asr2_snapshot_bytes else 0.0)
        + unit_texts
        + sum(tree_bytes(p) for p in run.src_token_dirs),
        "9 decode": sizes.decode_bytes / max(sizes.decoded_utts, 1) * test_utts * decode_tasks,
        "10 score": 20_000,
        "11 pack": snapshot + sizes.cont_snapshot_bytes,
    }
