"""Worker threads, started and joined one way, and visible to the test suite.

Both kinds of worker start here: the jobs of `gdstudio.workers.jobs.BackgroundJobs` and the
paced runs of `gdstudio.workers.ticking`.

A QThread destroyed while it runs aborts the whole program, so a thread that does not end
within its join's timeout is kept referenced here until it does.
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import QObject, QThread
from shiboken6 import isValid

#: every worker thread started (weakly held), so tests can check none is left running
_THREADS: weakref.WeakSet[QThread] = weakref.WeakSet()
#: threads that did not end within their join's timeout, with their workers
_ORPHANS: list[tuple[QThread, QObject | None]] = []


def running_threads() -> list[QThread]:
    """The worker threads started by `start_worker` that are still running."""
    return [t for t in list(_THREADS) if isValid(t) and t.isRunning()]


def start_worker(worker: QObject, name: str) -> QThread:
    """Move `worker` to a new thread called `name` and start it; the worker is deleted when
    the thread ends. The thread has no parent: only `join_worker` ends it."""
    thread = QThread()
    thread.setObjectName(name)
    worker.moveToThread(thread)
    thread.finished.connect(worker.deleteLater)
    _THREADS.add(thread)
    thread.start()
    return thread


def join_worker(thread: QThread, worker: QObject | None, timeout_ms: int) -> bool:
    """Ask `thread` to end after the work under way and wait for it; True if it ended in time."""
    _ORPHANS[:] = [(t, w) for t, w in _ORPHANS if not t.wait(0)]  # forget the ended ones
    if not isValid(thread):
        return True
    thread.requestInterruption()
    thread.quit()
    if thread.wait(timeout_ms):
        return True
    _ORPHANS.append((thread, worker))
    return False
