"""Loss surfaces computed in the background, coarse first, cancelled as soon as the user moves.

A *job* is a core generator function: `job(cancelled)` yields results (grids, coarse then fine,
and paths) and calls `cancelled()` between chunks of work, raising `Cancelled` once it is true.
The GUI talks to `SurfaceController`: `submit(job)` cancels whatever runs and starts the new job;
`cancel()` stops it. It runs on `BackgroundJobs` (one key: a new job supersedes the old, which
stops within one chunk); each job has a *generation* number, and the views only see the current
job's results, as deep copies.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator

from PySide6.QtCore import QObject, Signal

from gdstudio.core.cancel import CancelToken
from gdstudio.workers.jobs import BackgroundJobs

Job = Callable[[Callable[[], bool]], Iterable[object]]

_KEY = "surface"


def _copies(job: Job, token: CancelToken) -> Iterator[object]:
    """The job's results as deep copies, made in the worker thread (the job may reuse them)."""
    for item in job(token):
        yield copy.deepcopy(item)


class SurfaceController(QObject):
    """The GUI-thread face of the surface computations. Call `shutdown()` before it goes."""

    result = Signal(object)  # what the current job yielded
    finished = Signal()  # the current job is done
    failed = Signal(str)
    job_cancelled = Signal(int)  # a job stopped early (its generation)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs = BackgroundJobs("surface", self)
        self._generation = 0
        self._closed = False
        self._busy = False

    @property
    def busy(self) -> bool:
        """A job is queued or running."""
        return self._busy

    def submit(self, job: Job) -> int:
        """Cancel what runs and start `job`; returns its generation."""
        self._generation += 1
        generation = self._generation
        if not self._closed:
            self._set_busy(True)
            self._jobs.submit(
                _KEY,
                lambda token: _copies(job, token),
                self._on_finished,
                on_progress=self.result.emit,
                on_error=self._on_error,
                on_cancelled=lambda: self.job_cancelled.emit(generation),
            )
        return generation

    def cancel(self) -> None:
        """Stop the running job (within one chunk of work)."""
        self._generation += 1
        self._jobs.cancel(_KEY)
        self._set_busy(False)

    def shutdown(self, timeout_ms: int = 2000) -> bool:
        """Cancel, stop the thread and wait for it; True if it ended in time. Idempotent."""
        self._closed = True
        self._set_busy(False)
        return self._jobs.shutdown(timeout_ms)

    def _on_finished(self, _: object) -> None:
        self._set_busy(False)
        self.finished.emit()

    def _on_error(self, error: Exception) -> None:
        """A job's own failure (a span too large, ...) is the user's to see; others are bugs."""
        self._set_busy(False)
        if not isinstance(error, (ValueError, ArithmeticError, MemoryError)):
            raise error
        self.failed.emit(str(error))

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)
