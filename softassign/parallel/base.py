"""The backend registry: a backend runs all the jobs of a :class:`JobArray` and returns once all have ended.

Backends need not report outcomes: each job's log footer says how it ended
(:mod:`softassign.parallel.joblog`). Add one by decorating a function with
:func:`register_backend`.
"""

from __future__ import annotations

from collections.abc import Callable

from softassign.parallel.jobs import JobArray, Resources

Backend = Callable[[JobArray, Resources], None]
BACKENDS: dict[str, Backend] = {}


def register_backend(name: str) -> Callable[[Backend], Backend]:
    """Function decorator: make a backend selectable as ``--backend name``."""

    def wrap(backend: Backend) -> Backend:
        BACKENDS[name] = backend
        return backend

    return wrap
