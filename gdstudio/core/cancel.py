"""Stopping a long computation early: the one `Cancelled` exception, and the token that says when.

A long core computation takes ``cancelled: CancelCheck | None``: something to call between
chunks of work that answers whether the caller still wants the result. Once it answers True,
the computation raises `Cancelled` (`check`). A `CancelToken` is such a check that another
thread can set, and that also carries the computation's progress reports out to whoever
waits for it: the background jobs of `gdstudio.workers.jobs` give one to every job.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

__all__ = ["CancelCheck", "CancelToken", "Cancelled", "check"]

#: asked between chunks of work: True once the result is no longer wanted
CancelCheck = Callable[[], bool]


class Cancelled(Exception):
    """A computation stopped early because its caller no longer wants the result."""


def check(cancelled: CancelCheck | None) -> None:
    """Raise `Cancelled` if `cancelled()` says so; computations call this between chunks."""
    if cancelled is not None and cancelled():
        raise Cancelled


class CancelToken:
    """A `CancelCheck` that `cancel()` (from any thread) turns true, with a progress outlet.

    `report(value)` hands `value` to the `progress` callback given at construction (if any),
    in the computing thread: the callback decides how it reaches anyone else.
    """

    def __init__(self, progress: Callable[[object], None] | None = None) -> None:
        self._cancelled = threading.Event()
        self._progress = progress

    def __call__(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        self._cancelled.set()

    def report(self, value: object) -> None:
        if self._progress is not None:
            self._progress(value)
