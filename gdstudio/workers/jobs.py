"""Core computations off the GUI thread, with cancel, progress and errors: the newest per key wins.

Every background computation of the app runs here, except the paced training runs
(`gdstudio.workers.ticking`, whose thread `gdstudio.workers.threads` starts the same way).
A view or controller asks `BackgroundJobs.submit(key, work, on_done, ...)`; `work(token)` runs
in the worker thread, `on_done(result)` later in the GUI thread::

    GUI thread                                  worker thread ("gdstudio-<name>")
    submit(key, work, on_done) ── queued ──▶    work(token)   (a core function)
      token.cancel() on the older job of key      └─ asks token() between chunks; once
      (cancel(key), cancel_all, shutdown)            true, raises core Cancelled
    on_progress(value)        ◀── queued ──     token.report(value), or each item a
                                                  generator `work` yields (checked between)
    on_done(result)           ◀── queued ──     the return value
    on_error(error), else raised here ◀──       any other exception
    on_cancelled()            ◀── queued ──     Cancelled, or any end of a cancelled job

The `token` is a `gdstudio.core.cancel.CancelToken`: the core stays Qt-free and only sees a
callable that answers "stop?". A newer submission with the same key supersedes the older: if
that has not started it never runs, if it runs its token turns true, and whatever it still
sends is dropped. Every job that runs ends in exactly one of `on_done`, `on_error` and
`on_cancelled`. The thread starts with the first job; `shutdown` ends it (views call it when
hidden, so a view that is not shown holds no thread).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

from gdstudio.core.cancel import Cancelled, CancelToken
from gdstudio.workers.threads import join_worker, start_worker

__all__ = ["BackgroundJobs", "Work"]

#: a job: called with its token in the worker thread; returns the result or yields progress
Work = Callable[[CancelToken], Any]


@dataclass(eq=False)
class _Job:
    key: str
    work: Work
    on_done: Callable[[Any], None]
    on_progress: Callable[[Any], None] | None = None
    on_error: Callable[[Exception], None] | None = None
    on_cancelled: Callable[[], None] | None = None
    token: CancelToken = field(init=False)


class _JobWorker(QObject):
    """Runs jobs in the worker thread; its slot is called only through a queued signal."""

    progress = Signal(object, object)  # job, value
    done = Signal(object, object, object)  # job, result, exception (None, Cancelled, other)

    @Slot(object)
    def run(self, job: _Job) -> None:
        thread = self.thread()

        def stop() -> bool:
            return job.token() or thread.isInterruptionRequested()

        try:
            if stop():
                raise Cancelled
            result = job.work(job.token)
            if inspect.isgenerator(result):
                result = self._drain(job, result, stop)
        except Exception as error:  # handed to the GUI thread
            self.done.emit(job, None, error)
            return
        self.done.emit(job, result, None)

    def _drain(self, job: _Job, items: Any, stop: Callable[[], bool]) -> Any:
        """Each item a generator yields is progress; its return value is the result."""
        while True:
            if stop():
                items.close()
                raise Cancelled
            try:
                item = next(items)
            except StopIteration as end:
                return end.value
            self.progress.emit(job, item)


class BackgroundJobs(QObject):
    """One worker thread for one owner's computations (see the module docstring)."""

    _run = Signal(object)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._pending: dict[str, _Job] = {}  # key -> newest job
        self._thread: QThread | None = None
        self._worker: _JobWorker | None = None
        app = QCoreApplication.instance()
        if app is not None:  # a safety net, should the owner not call shutdown() itself
            app.aboutToQuit.connect(self.shutdown)

    @property
    def running(self) -> bool:
        """The worker thread is up (from the first job until `shutdown`)."""
        return self._thread is not None

    @property
    def busy(self) -> bool:
        """Some submitted job has not delivered its result yet."""
        return bool(self._pending)

    def pending(self, key: str) -> bool:
        """The newest job of `key` has not delivered its result yet."""
        return key in self._pending

    def submit(
        self,
        key: str,
        work: Work,
        on_done: Callable[[Any], None],
        on_progress: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
    ) -> None:
        """Run `work(token)` in the worker thread, superseding the older job of `key`; then
        `on_done(result)` here. Without `on_error`, an exception of `work` is raised here."""
        self.cancel(key)
        if self._thread is None:
            self._start()
        job = _Job(key, work, on_done, on_progress, on_error, on_cancelled)
        worker = self._worker
        assert worker is not None
        job.token = CancelToken(lambda value: worker.progress.emit(job, value))
        self._pending[key] = job
        self._run.emit(job)

    def cancel(self, key: str) -> None:
        """Stop the job of `key` (within a chunk of its work) and drop what it still sends."""
        job = self._pending.pop(key, None)
        if job is not None:
            job.token.cancel()

    def cancel_all(self) -> None:
        for key in list(self._pending):
            self.cancel(key)

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Cancel every job and join the thread; True if it ended in time. Idempotent."""
        self.cancel_all()
        thread, worker = self._thread, self._worker
        self._thread = self._worker = None
        if thread is None:
            return True
        return join_worker(thread, worker, timeout_ms)

    def _start(self) -> None:
        worker = _JobWorker()
        queued = Qt.ConnectionType.QueuedConnection
        self._run.connect(worker.run, queued)
        worker.progress.connect(self._on_progress, queued)
        worker.done.connect(self._on_done, queued)
        self._thread, self._worker = start_worker(worker, f"gdstudio-{self._name}"), worker

    def _current(self, job: _Job) -> bool:
        return self._pending.get(job.key) is job

    @Slot(object, object)
    def _on_progress(self, job: _Job, value: Any) -> None:
        if self._current(job) and job.on_progress is not None:
            job.on_progress(value)

    @Slot(object, object, object)
    def _on_done(self, job: _Job, result: Any, error: Exception | None) -> None:
        current = self._current(job)
        if current:
            del self._pending[job.key]
        if not current or isinstance(error, Cancelled):  # what it sent is dropped
            if job.on_cancelled is not None:
                job.on_cancelled()
        elif error is not None:
            if job.on_error is None:
                raise error
            job.on_error(error)
        else:
            job.on_done(result)
