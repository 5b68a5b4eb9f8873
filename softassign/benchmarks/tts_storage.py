"""Disk and memory of every stage of a synthesis recipe (``tts.sh``): measured on a finished run, extrapolated to
the LJSpeech recipe at release size.

:func:`measure` gives, per stage of a finished run, the bytes its outputs hold and the largest peak resident
memory its jobs' logs report (as :func:`softassign.benchmarks.storage.measure` does for ``asr.sh``).
:func:`extrapolate` scales the disk with the formats' own arithmetic: features of the k-means portion are
``2 D`` bytes a frame (float16), unit ids 2 bytes a frame, centroids ``4 K D`` bytes, each plus a measured
per-utterance overhead; the vocoder dir is the measured model plus the embedding rows that K adds (its size
does not grow with the corpus); synthesized speech and the WORLD analysis of the references are their measured
bytes a second of audio times the hours of each set and, for speech, the number of systems (hard and one soft
system a tau).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile
import torch

from softassign.benchmarks.storage import (
    FRAME_RATE,
    LIBRISPEECH,
    DumpSizes,
    Stage,
    StageUse,
    frames_and_utts,
    measure_stages,
    tree_bytes,
)

#: LJSpeech 1.1: clips and hours of the release; eval1 is its last 250 clips (egs/ljspeech/tts1).
LJSPEECH_CLIPS, LJSPEECH_HOURS, LJSPEECH_EVAL_CLIPS = 13100, 23.92, 250
#: L2-ARCTIC v5 (all 24 speakers): utterances and hours.
L2ARCTIC_UTTS, L2ARCTIC_HOURS = 26867, 27.1


@dataclass(frozen=True)
class SynthesisCorpus:
    """A synthesis recipe's sets at some scale: the vocoder's training set, and each test set's (hours, utterances)
    with whether it has references (the target voice's own recordings: MCD, log-F0 RMSE)."""

    name: str
    train_hours: float
    train_utts: int
    km_portion: float
    test_sets: dict[str, tuple[float, int, bool]]

    @property
    def all_utts(self) -> int:
        """Utterances of every set."""
        return self.train_utts + sum(utts for _, utts, _ in self.test_sets.values())


def ljspeech_recipe(km_portion: float = 0.2) -> SynthesisCorpus:
    """egs/ljspeech/tts1 at release size: tr_no_dev (the clips but dev and eval1), eval1 (references), LibriSpeech
    test_clean and L2-ARCTIC converted into the LJ voice (no references)."""
    clip_hours = LJSPEECH_HOURS / LJSPEECH_CLIPS
    train_utts = LJSPEECH_CLIPS - 2 * LJSPEECH_EVAL_CLIPS
    return SynthesisCorpus(
        "LJSpeech",
        train_utts * clip_hours,
        train_utts,
        km_portion,
        {
            "eval1": (LJSPEECH_EVAL_CLIPS * clip_hours, LJSPEECH_EVAL_CLIPS, True),
            "test_clean": (LIBRISPEECH["test_clean"][0], LIBRISPEECH["test_clean"][1], False),
            "l2arctic": (L2ARCTIC_HOURS, L2ARCTIC_UTTS, False),
        },
    )


@dataclass(frozen=True)
class SynthesisRun:
    """Where a finished tts.sh run keeps each stage's outputs (as tts.sh names them)."""

    recipe: Path
    feats_tag: str
    num_clusters: int
    train_set: str
    km_dir: Path | None = None  # another recipe's k-means dir the run took its centroids from (--km_dir)

    @property
    def units_tag(self) -> str:
        """``<feats>_k<K>``."""
        return f"{self.feats_tag}_k{self.num_clusters}"

    @property
    def centroids(self) -> Path:
        """The centroids the units came from."""
        return (self.km_dir or self.recipe / "exp" / f"kmeans_{self.units_tag}") / "centroids.npy"

    @property
    def vocoder_exp(self) -> Path:
        """The vocoder dir."""
        return self.recipe / "exp" / f"vocoder_{self.units_tag}"

    @property
    def km_feats(self) -> Path:
        """The features of the k-means portion (absent where the run took another recipe's centroids)."""
        return self.recipe / "dump" / self.feats_tag / f"{self.train_set}_kmeans"

    def synth_dirs(self) -> list[Path]:
        """One dir a test set and system."""
        return sorted(self.vocoder_exp.glob("synth_*"))


def stage_layout(run: SynthesisRun) -> list[Stage]:
    """(stage, what it stores, its output paths, its job logs) of every stage of a tts.sh run."""
    dump, exp = run.recipe / "dump", run.recipe / "exp"
    kmeans, units = exp / f"kmeans_{run.units_tag}", dump / run.units_tag
    synth, world = run.synth_dirs(), dump / "world"
    scores = [d / "scores" for d in synth]
    return [
        ("1 data", "Kaldi data dirs", [run.recipe / "data"], []),
        (
            "2 features",
            "features of the k-means portion, float16",
            [dump / "data" / f"{run.train_set}_kmeans", run.km_feats],
            [run.km_feats / "log"],
        ),
        ("3 kmeans", "centroids", [kmeans], [kmeans / "log"]),
        ("4 units", "unit ids of the train and test sets, int16", [units], [units / "log"]),
        ("5 train", "the vocoder (vocoder.pt)", [run.vocoder_exp], [run.vocoder_exp / "log"]),
        ("6 synthesize", "synthesized speech, 16-bit, a set and system", synth, [d / "log" for d in synth]),
        (
            "7 evaluate",
            "WORLD analysis of the references, scores, results",
            [world, *scores, exp / f"results_vocoder_{run.units_tag}"],
            [*world.glob("*/log"), *(s / "log" for s in scores)],
        ),
        ("8 samples", "listening samples", [run.vocoder_exp / "samples"], []),
    ]


def _stage_bytes(stage: str, paths: list[Path], run: SynthesisRun) -> int:
    """Bytes of a stage's outputs; the vocoder dir and the synthesis dirs hold later stages' outputs too."""
    number = stage.split()[0]
    if number == "5":
        later = [*run.synth_dirs(), run.vocoder_exp / "samples", run.vocoder_exp / "log"]
        return tree_bytes(run.vocoder_exp) - sum(tree_bytes(p) for p in later) if run.vocoder_exp.is_dir() else 0
    if number == "6":
        return sum(tree_bytes(p) - tree_bytes(p / "scores") for p in paths)
    return sum(tree_bytes(p) for p in paths)


def measure(run: SynthesisRun) -> list[StageUse]:
    """Bytes and largest job peak RSS of every stage of a finished tts.sh run."""
    return measure_stages(stage_layout(run), lambda stage, paths: _stage_bytes(stage, paths, run))


def audio_seconds(wav_scp: Path, recipe: Path) -> float:
    """Seconds of the audio a wav.scp lists (file paths, relative ones to the recipe dir)."""
    seconds = 0.0
    for line in wav_scp.read_text().splitlines():
        path = line.split(maxsplit=1)[1].strip()
        if path.endswith("|"):
            raise ValueError(f"{wav_scp}: a command, not a file, in '{line}': cannot measure its audio")
        seconds += soundfile.info(recipe / path).duration  # an absolute path stays itself
    return seconds


def embedding_row_bytes(vocoder_pt: Path, num_clusters: int) -> int:
    """Bytes one unit adds to a vocoder checkpoint: a row of its embedding table (the tensor of ``num_clusters``
    rows whose name ends in ``embedding.weight``)."""
    state = torch.load(vocoder_pt, map_location="cpu", weights_only=True)["vocoder"]
    tables = [t for name, t in state.items() if name.endswith("embedding.weight") and len(t) == num_clusters]
    if len(tables) != 1:
        raise ValueError(f"{vocoder_pt}: expected one embedding table of {num_clusters} rows, found {len(tables)}")
    return tables[0][0].numel() * tables[0].element_size()


@dataclass(frozen=True)
class SynthesisSizes(DumpSizes):
    """What the synthesis extrapolation reads off a run besides its dumps: per-second bytes, the vocoder."""

    data_bytes: int
    vocoder_bytes: int
    row_bytes: int
    speech_bytes_per_s: float
    world_bytes_per_s: float
    samples_bytes: int


def read_sizes(run: SynthesisRun) -> SynthesisSizes:
    """The :class:`SynthesisSizes` of a finished run (it reads the dumped arks, the wavs and the vocoder)."""
    km_scp = run.km_feats / "feats.scp"
    km_frames, km_utts, feat_dim = frames_and_utts([km_scp], run.recipe) if km_scp.is_file() else (0, 0, 0)
    if not feat_dim:  # centroids of another recipe: D from them
        feat_dim = int(np.load(run.centroids, mmap_mode="r").shape[1])
    unit_scps = sorted((run.recipe / "dump" / run.units_tag).glob("*/units.scp"))
    unit_frames, unit_utts, _ = frames_and_utts(unit_scps, run.recipe)
    data_dirs = [d for d in (run.recipe / "data").glob("*/") if (d / "utt2spk").is_file() and not d.is_symlink()]
    synth = run.synth_dirs()
    if not synth:
        raise ValueError(f"{run.vocoder_exp}: no synth_* dirs: the report needs a run finished through stage 6")
    world_scps = sorted((run.recipe / "dump/world").glob("*/world.scp"))
    refs = [run.recipe / "data" / scp.parent.name / "wav.scp" for scp in world_scps]
    world_seconds = sum(audio_seconds(scp, run.recipe) for scp in refs)
    return SynthesisSizes(
        feat_dim=feat_dim,
        km_frames=km_frames,
        km_utts=km_utts,
        km_bytes=tree_bytes(run.km_feats) - tree_bytes(run.km_feats / "log") if km_scp.is_file() else 0,
        unit_frames=unit_frames,
        unit_utts=unit_utts,
        unit_bytes=sum(tree_bytes(scp.parent) for scp in unit_scps),
        data_utts=sum(len((d / "utt2spk").read_text().splitlines()) for d in data_dirs),
        data_bytes=sum(tree_bytes(d) for d in data_dirs),
        vocoder_bytes=_stage_bytes("5 train", [run.vocoder_exp], run),
        row_bytes=embedding_row_bytes(run.vocoder_exp / "vocoder.pt", run.num_clusters),
        speech_bytes_per_s=sum(tree_bytes(d / "wav") for d in synth)
        / sum(audio_seconds(d / "wav.scp", run.recipe) for d in synth),
        world_bytes_per_s=sum(tree_bytes(scp.parent) - tree_bytes(scp.parent / "log") for scp in world_scps)
        / world_seconds
        if world_seconds
        else 0.0,
        samples_bytes=tree_bytes(run.vocoder_exp / "samples"),
    )


def extrapolate(
    sizes: SynthesisSizes, corpus: SynthesisCorpus, num_clusters: int, run_clusters: int, systems: int
) -> dict[str, float]:
    """Bytes of every stage for ``corpus`` at ``num_clusters`` with ``systems`` syntheses a test set (module
    docstring); ``run_clusters`` is the measured run's K."""
    dim = sizes.feat_dim
    km_overhead = (sizes.km_bytes - 2 * dim * sizes.km_frames) / sizes.km_utts if sizes.km_utts else 0.0
    unit_overhead = (sizes.unit_bytes - 2 * sizes.unit_frames) / sizes.unit_utts
    test_hours = sum(hours for hours, _, _ in corpus.test_sets.values())
    all_frames = (corpus.train_hours + test_hours) * 3600 * FRAME_RATE
    ref_hours = sum(hours for hours, _, refs in corpus.test_sets.values() if refs)
    return {
        "1 data": sizes.data_bytes / sizes.data_utts * corpus.all_utts,
        "2 features": corpus.km_portion
        * (2 * dim * corpus.train_hours * 3600 * FRAME_RATE + km_overhead * corpus.train_utts),
        "3 kmeans": 4 * num_clusters * dim,
        "4 units": 2 * all_frames + unit_overhead * corpus.all_utts,
        "5 train": sizes.vocoder_bytes + (num_clusters - run_clusters) * sizes.row_bytes,
        "6 synthesize": sizes.speech_bytes_per_s * test_hours * 3600 * systems,
        "7 evaluate": sizes.world_bytes_per_s * ref_hours * 3600,
        "8 samples": sizes.samples_bytes,  # a few utterances a set: as measured
    }
