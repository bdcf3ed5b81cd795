"""Loss surfaces computed in a worker thread, coarse first, cancelled as soon as the user moves.

A *job* is a core generator function: `job(cancelled)` yields results (grids, coarse then fine,
and paths) and calls `cancelled()` between chunks of work, raising `Cancelled` once it is true.
The GUI talks to `SurfaceController`: `submit(job)` cancels whatever runs and queues the new job;
`cancel()` stops it. Each job has a *generation* number; the worker reads the controller's
current generation directly (not through the event loop, which a busy worker does not run), so a
superseded job stops within one chunk. Results of old generations are dropped; the views only
see the current job's, as deep copies.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Iterable

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

from gdstudio.core.descent import Cancelled
from gdstudio.workers.threads import join_worker, start_worker

Job = Callable[[Callable[[], bool]], Iterable[object]]


class _Generation:
    """The number of the job that should run; shared by the GUI thread and the worker."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value = 0

    @property
    def value(self) -> int:
        with self._lock:
            return self._value

    def advance(self) -> int:
        with self._lock:
            self._value += 1
            return self._value


class SurfaceWorker(QObject):
    """Runs jobs in the worker thread; its slot is called only through a queued signal."""

    result = Signal(int, object)  # generation, a deep copy of what the job yielded
    finished = Signal(int)
    cancelled = Signal(int)
    failed = Signal(int, str)

    def __init__(self, generation: _Generation) -> None:
        super().__init__()
        self._generation = generation

    @Slot(int, object)
    def run(self, generation: int, job: Job) -> None:
        thread = self.thread()

        def cancelled() -> bool:
            return self._generation.value != generation or thread.isInterruptionRequested()

        try:
            if cancelled():
                raise Cancelled
            for item in job(cancelled):
                if cancelled():
                    raise Cancelled
                self.result.emit(generation, copy.deepcopy(item))
        except Cancelled:
            self.cancelled.emit(generation)
        except (ValueError, ArithmeticError, MemoryError) as e:
            self.failed.emit(generation, str(e))
        else:
            self.finished.emit(generation)


class SurfaceController(QObject):
    """The GUI-thread face of the surface worker. Call `shutdown()` before it goes."""

    result = Signal(object)  # what the current job yielded
    finished = Signal()  # the current job is done
    failed = Signal(str)
    job_cancelled = Signal(int)  # a job stopped early (its generation)
    busy_changed = Signal(bool)

    _run = Signal(int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = _Generation()
        self._busy = False
        self._worker: SurfaceWorker | None = SurfaceWorker(self._generation)
        self._thread: QThread | None = start_worker(self._worker, "gdstudio-surface")
        queued = Qt.ConnectionType.QueuedConnection
        self._run.connect(self._worker.run, queued)
        self._worker.result.connect(self._on_result, queued)
        self._worker.finished.connect(self._on_finished, queued)
        self._worker.cancelled.connect(self.job_cancelled, queued)
        self._worker.failed.connect(self._on_failed, queued)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    @property
    def busy(self) -> bool:
        """A job is queued or running."""
        return self._busy

    def submit(self, job: Job) -> int:
        """Cancel what runs and start `job`; returns its generation."""
        generation = self._generation.advance()
        if self._thread is not None:
            self._set_busy(True)
            self._run.emit(generation, job)
        return generation

    def cancel(self) -> None:
        """Stop the running job (within one chunk of work)."""
        self._generation.advance()
        self._set_busy(False)

    def shutdown(self, timeout_ms: int = 2000) -> bool:
        """Cancel, stop the thread and wait for it; True if it ended in time. Idempotent."""
        thread = self._thread
        if thread is None:
            return True
        self._generation.advance()
        joined = join_worker(thread, self._worker, timeout_ms)
        self._thread = None
        self._worker = None
        self._set_busy(False)
        return joined

    def _current(self, generation: int) -> bool:
        return self._thread is not None and generation == self._generation.value

    @Slot(int, object)
    def _on_result(self, generation: int, item: object) -> None:
        if self._current(generation):
            self.result.emit(item)

    @Slot(int)
    def _on_finished(self, generation: int) -> None:
        if self._current(generation):
            self._set_busy(False)
            self.finished.emit()

    @Slot(int, str)
    def _on_failed(self, generation: int, message: str) -> None:
        if self._current(generation):
            self._set_busy(False)
            self.failed.emit(message)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)
