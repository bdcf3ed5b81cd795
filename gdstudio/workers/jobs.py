"""Core computations a view wants off the GUI thread: the newest request per key wins.

A view asks `BackgroundJobs.submit(key, work, on_done)`; `work(cancelled)` runs in a worker
thread and `on_done(result)` later in the GUI thread. A newer submission with the same key
supersedes the older one: if that has not started it never runs, if it is running `cancelled()`
turns true (a core function checks it between chunks and raises `Cancelled`), and its result,
should it still arrive, is dropped. The thread starts with the first job; `shutdown` ends it
(views call it when hidden, so a view that is not shown holds no thread).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

from gdstudio.core.inspection import Cancelled
from gdstudio.workers.threads import join_worker, start_worker

__all__ = ["BackgroundJobs"]

Work = Callable[[Callable[[], bool]], Any]

#: threads that did not end within a shutdown's timeout, kept until they do


@dataclass(frozen=True)
class _Job:
    key: str
    ticket: int
    work: Work


class _Tickets:
    """The newest ticket per key, shared by both threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._latest: dict[str, int] = {}
        self._count = 0

    def issue(self, key: str) -> int:
        with self._lock:
            self._count += 1
            self._latest[key] = self._count
            return self._count

    def current(self, key: str, ticket: int) -> bool:
        with self._lock:
            return self._latest.get(key) == ticket

    def revoke_all(self) -> None:
        with self._lock:
            self._latest.clear()


class _JobWorker(QObject):
    done = Signal(object, object, object)  # job, result, exception (or None)

    def __init__(self, tickets: _Tickets) -> None:
        super().__init__()
        self._tickets = tickets

    @Slot(object)
    def run(self, job: _Job) -> None:
        def cancelled() -> bool:
            return not self._tickets.current(job.key, job.ticket)

        if cancelled():
            return
        try:
            result = job.work(cancelled)
        except Cancelled:
            return
        except Exception as error:  # handed to the GUI thread, which raises it there
            self.done.emit(job, None, error)
            return
        self.done.emit(job, result, None)


class BackgroundJobs(QObject):
    """One worker thread for one view's computations (see the module docstring)."""

    _run = Signal(object)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._tickets = _Tickets()
        self._pending: dict[str, tuple[int, Callable[[Any], None]]] = {}  # key -> newest job
        self._thread: QThread | None = None
        self._worker: _JobWorker | None = None
        app = QCoreApplication.instance()
        if app is not None:  # a safety net, should the owner not call shutdown() itself
            app.aboutToQuit.connect(self.shutdown)

    @property
    def running(self) -> bool:
        return self._thread is not None

    @property
    def busy(self) -> bool:
        """Some submitted job has not delivered its result yet."""
        return bool(self._pending)

    def submit(self, key: str, work: Work, on_done: Callable[[Any], None]) -> None:
        """Run `work(cancelled)` in the worker thread, then `on_done(result)` here."""
        if self._thread is None:
            self._start()
        ticket = self._tickets.issue(key)
        self._pending[key] = (ticket, on_done)
        self._run.emit(_Job(key, ticket, work))

    def cancel_all(self) -> None:
        self._tickets.revoke_all()
        self._pending.clear()

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Cancel every job and join the thread; True if it ended in time. Idempotent."""
        self.cancel_all()
        thread, worker = self._thread, self._worker
        self._thread = self._worker = None
        if thread is None:
            return True
        return join_worker(thread, worker, timeout_ms)

    def _start(self) -> None:
        worker = _JobWorker(self._tickets)
        self._run.connect(worker.run, Qt.ConnectionType.QueuedConnection)
        worker.done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        self._thread, self._worker = start_worker(worker, f"gdstudio-{self._name}"), worker

    @Slot(object, object, object)
    def _on_done(self, job: _Job, result: Any, error: Exception | None) -> None:
        pending = self._pending.get(job.key)
        if pending is None or pending[0] != job.ticket:
            return  # superseded or cancelled
        del self._pending[job.key]
        callback = pending[1]
        if error is not None:
            raise error
        callback(result)
