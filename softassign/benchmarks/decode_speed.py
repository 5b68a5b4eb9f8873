"""Soft vs hard decoding time: one unit model, the same utterances, features assigned both ways.

Both paths start from the same continuous features and differ only in the
frontend: hard computes the (T, K) distances and looks up E[argmin]; soft
computes the same distances, a softmax and one (T, K) @ (K, E) product. The
rest (encoder, CTC/attention beam search) is the same network on inputs of
the same shape; its cost differs only through the number of beam-search
steps, which the figures count per mode (``*_search_steps``; the CPU-time
ratio per step is ``decode_ratio_per_step``).

Timing protocol, made for a shared machine: after one warm-up decode per
mode, every utterance is decoded hard and soft back to back (which goes
first alternates), ``repeats`` times, so that load from other processes hits
both modes alike. Each decode is timed in wall-clock and in process CPU
time; with one torch thread the two agree on an idle machine, and CPU time
is the one other processes barely disturb, so ``decode_ratio`` (soft/hard)
is the CPU-time ratio and ``decode_wall_ratio`` the wall-clock one. The
frontend alone is timed the same way; ``soft_extra_frontend_share`` is
soft's extra frontend time relative to a hard decode: all that soft costs
more when both modes take the same number of search steps.

Two figures say how far the modes' outputs are apart (last round):
``identical_hypotheses``, the fraction of utterances decoded to the same
text, and ``frontend_max_difference``, the largest absolute difference of
the frontend embeddings. At tau = 0 soft is exactly hard (1 and 0); a tau
large against the centroid distances gives every frame the mean embedding.
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Callable, Iterator

import torch

from softassign.errors import ConfigError
from softassign.espnet.frontend import UnitEmbeddingFrontend
from softassign.espnet.inference import decode_one, unit_frontend

MODES = ("hard", "soft")

#: (utterance id, (T, D) features)
Inputs = list[tuple[str, torch.Tensor]]


def checked_frontend(speech2text) -> UnitEmbeddingFrontend:
    """The model's unit frontend, with centroids; ConfigError for a continuous model or one without centroids."""
    frontend = unit_frontend(speech2text)
    if frontend is None:
        raise ConfigError("the decoding benchmark needs a unit model (frontend: unit_embedding)")
    frontend.require_centroids()
    return frontend


def set_mode(speech2text, mode: str, tau: float) -> None:
    """Switch the model's frontend to hard or soft (at ``tau``) assignment of (B, T, D) features."""
    unit_frontend(speech2text).set_assignment(assignment=mode, tau=tau, topk=0, input_kind="units")


def decode_utterance(speech2text, utt: str, feats: torch.Tensor) -> str:
    """1-best text of one utterance."""
    return decode_one(speech2text, utt, feats)


def frontend_utterance(speech2text, utt: str, feats: torch.Tensor) -> torch.Tensor:
    """Run only the model's frontend on one utterance; its (T, embed_dim) output."""
    with torch.no_grad():
        embedded, _ = speech2text.asr_model.frontend(feats[None], torch.tensor([len(feats)]))
    return embedded[0]


@contextlib.contextmanager
def counted_search_steps(speech2text) -> Iterator[list[int]]:
    """Count calls of the beam search's per-step ``search`` while the block runs (yields a one-item counter)."""
    beam_search = speech2text.beam_search
    step = beam_search.search
    counter = [0]

    def counting_step(*args, **kwargs):
        counter[0] += 1
        return step(*args, **kwargs)

    beam_search.search = counting_step
    try:
        yield counter
    finally:
        del beam_search.search  # the instance attribute goes; the class's method is back


class PairedTimes:
    """Wall and CPU seconds, search steps and outputs per mode, accumulated utterance by utterance."""

    def __init__(self) -> None:
        self.wall = dict.fromkeys(MODES, 0.0)
        self.cpu = dict.fromkeys(MODES, 0.0)
        self.steps = dict.fromkeys(MODES, 0)
        self.outputs: dict[str, list] = {mode: [] for mode in MODES}

    def add(self, mode: str, run: Callable[[], object], steps: list[int]) -> None:
        """Time ``run()`` as one decode of ``mode``, counting the search steps it takes."""
        before, wall, cpu = steps[0], time.perf_counter(), time.process_time()
        output = run()
        self.cpu[mode] += time.process_time() - cpu
        self.wall[mode] += time.perf_counter() - wall
        self.steps[mode] += steps[0] - before
        self.outputs[mode].append(output)


def paired_runs(
    speech2text, inputs: Inputs, tau: float, repeats: int, work: Callable[[object, str, torch.Tensor], object]
) -> PairedTimes:
    """``work`` on every utterance hard and soft back to back, ``repeats`` times (see the module docstring).

    ``outputs`` keep the last round's results per mode.
    """
    for mode in MODES:  # warm-up
        set_mode(speech2text, mode, tau)
        work(speech2text, *inputs[0])
    times = PairedTimes()
    with counted_search_steps(speech2text) as steps:
        for round_index in range(repeats):
            times.outputs = {mode: [] for mode in MODES}
            for index, (utt, feats) in enumerate(inputs):
                for mode in MODES if (round_index + index) % 2 == 0 else MODES[::-1]:
                    set_mode(speech2text, mode, tau)
                    times.add(mode, functools.partial(work, speech2text, utt, feats), steps)
    return times


def ratio_figures(prefix: str, times: PairedTimes) -> dict[str, float]:
    """Total CPU and wall seconds per mode and their soft/hard ratios."""
    return {
        f"{prefix}_hard_cpu_s": round(times.cpu["hard"], 6),
        f"{prefix}_soft_cpu_s": round(times.cpu["soft"], 6),
        f"{prefix}_ratio": round(times.cpu["soft"] / times.cpu["hard"], 4),
        f"{prefix}_hard_wall_s": round(times.wall["hard"], 6),
        f"{prefix}_soft_wall_s": round(times.wall["soft"], 6),
        f"{prefix}_wall_ratio": round(times.wall["soft"] / times.wall["hard"], 4),
    }


def max_difference(hard: list[torch.Tensor], soft: list[torch.Tensor]) -> float:
    """The largest absolute difference between paired hard and soft frontend outputs."""
    return max(float((h - s).abs().max()) if h.numel() else 0.0 for h, s in zip(hard, soft))


def decode_speed(speech2text, inputs: Inputs, tau: float, repeats: int = 3) -> dict[str, float]:
    """The figures of the module docstring for one model (with centroids) and a list of feature inputs."""
    if not inputs or repeats < 1:
        raise ConfigError(f"the decoding benchmark needs utterances and repeats >= 1 (got {len(inputs)}, {repeats})")
    frontend = checked_frontend(speech2text)
    decodes = paired_runs(speech2text, inputs, tau, repeats, decode_utterance)
    frontends = paired_runs(speech2text, inputs, tau, repeats, frontend_utterance)
    hypotheses = decodes.outputs
    figures = {
        "utterances": len(inputs),
        "frames": sum(len(feats) for _, feats in inputs),
        "num_units": frontend.num_units,
        "tau": round(tau, 4),
        "repeats": repeats,
        **ratio_figures("decode", decodes),
        **ratio_figures("frontend", frontends),
        "hard_search_steps": decodes.steps["hard"],
        "soft_search_steps": decodes.steps["soft"],
        "identical_hypotheses": round(
            sum(h == s for h, s in zip(hypotheses["hard"], hypotheses["soft"])) / len(inputs), 4
        ),
        "frontend_max_difference": round(max_difference(frontends.outputs["hard"], frontends.outputs["soft"]), 6),
    }
    figures["soft_extra_frontend_share"] = round(
        (frontends.cpu["soft"] - frontends.cpu["hard"]) / decodes.cpu["hard"], 5
    )
    if decodes.steps["hard"] and decodes.steps["soft"]:
        per_step = {mode: decodes.cpu[mode] / decodes.steps[mode] for mode in MODES}
        figures["decode_ratio_per_step"] = round(per_step["soft"] / per_step["hard"], 4)
    return figures
