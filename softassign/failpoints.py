"""Fail points: named places where a test can kill the whole process group, to rehearse a crash.

``SOFTASSIGN_KILL_AT=<point>:<n>`` makes the n-th call of :func:`reached` with that ``point``
in a process send SIGKILL to the process's group: everything the recipe started dies at once, as on
a node failure or ``kill -9``, in the middle of the operation the point names (an ark half written, a
checkpoint written but not yet renamed). Points: ``ark_entry`` (after each utterance written to an
ark), ``before_rename`` (an atomic write whose temporary file is complete), ``kmeans_pass`` (after each
streamed k-means pass), ``decode_utterance`` (after each decoded utterance), ``corpus_wav`` (a
synthesised wav made but not yet converted). Unset, a point costs one dictionary lookup.
"""

from __future__ import annotations

import collections
import os
import signal

ENV = "SOFTASSIGN_KILL_AT"
_hits: collections.Counter[str] = collections.Counter()


def reached(point: str) -> None:
    """Count one arrival at ``point``; SIGKILL the process group on the arrival that ENV names."""
    target = os.environ.get(ENV)
    if not target:
        return
    name, _, count = target.partition(":")
    if name != point:
        return
    _hits[point] += 1
    if _hits[point] == int(count or 1):
        os.killpg(os.getpgrp(), signal.SIGKILL)
