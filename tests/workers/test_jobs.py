"""Background jobs: results come back in the GUI thread, the newest request per key wins."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from gdstudio.core.cancel import Cancelled, CancelToken
from gdstudio.workers.jobs import BackgroundJobs
from gdstudio.workers.threads import running_threads


@pytest.fixture
def jobs() -> Iterator[BackgroundJobs]:
    j = BackgroundJobs("test")
    yield j
    j.shutdown()


def test_a_result_comes_back_in_the_gui_thread(qtbot: QtBot, jobs: BackgroundJobs) -> None:
    worked_in: list[QThread] = []
    results: list[tuple[int, QThread]] = []

    def work(cancelled: Callable[[], bool]) -> int:
        worked_in.append(QThread.currentThread())
        return 42

    jobs.submit("a", work, lambda r: results.append((r, QThread.currentThread())))
    assert jobs.running and jobs.busy
    qtbot.waitUntil(lambda: bool(results))
    assert results == [(42, QThread.currentThread())]
    assert worked_in[0] is not QThread.currentThread()
    assert not jobs.busy


def test_the_newest_job_per_key_wins(qtbot: QtBot, jobs: BackgroundJobs) -> None:
    started = threading.Event()
    saw_cancel = threading.Event()
    results: list[str] = []

    def slow(cancelled: Callable[[], bool]) -> str:
        started.set()
        while not cancelled():  # a core function checks between chunks
            QThread.msleep(1)
        saw_cancel.set()
        raise Cancelled

    jobs.submit("k", slow, results.append)
    assert started.wait(5)
    jobs.submit("k", lambda cancelled: "new", results.append)
    jobs.submit("other", lambda cancelled: "other", results.append)
    qtbot.waitUntil(lambda: len(results) == 2)
    assert saw_cancel.is_set()
    assert sorted(results) == ["new", "other"]


def test_a_superseded_result_is_dropped(qtbot: QtBot, jobs: BackgroundJobs) -> None:
    release = threading.Event()
    results: list[str] = []

    def stubborn(cancelled: Callable[[], bool]) -> str:
        release.wait(5)  # ignores cancellation and finishes anyway
        return "old"

    jobs.submit("k", stubborn, results.append)
    jobs.submit("k", lambda cancelled: "new", results.append)
    release.set()
    qtbot.waitUntil(lambda: not jobs.busy)
    assert results == ["new"]


def test_errors_are_raised_in_the_gui_thread(qtbot: QtBot, jobs: BackgroundJobs) -> None:
    def broken(cancelled: Callable[[], bool]) -> None:
        raise RuntimeError("core bug")

    with qtbot.captureExceptions() as errors:
        jobs.submit("k", broken, lambda r: None)
        qtbot.waitUntil(lambda: bool(errors))
    assert "core bug" in str(errors[0][1])


def test_shutdown_joins_and_a_new_job_starts_again(qtbot: QtBot, jobs: BackgroundJobs) -> None:
    results: list[int] = []
    jobs.submit("k", lambda cancelled: 1, results.append)
    qtbot.waitUntil(lambda: bool(results))
    assert jobs.shutdown()
    assert not jobs.running and not running_threads()
    jobs.submit("k", lambda cancelled: 2, results.append)
    qtbot.waitUntil(lambda: len(results) == 2)
    assert results == [1, 2]


def test_progress_reports_come_in_order_and_end_with_the_result(
    qtbot: QtBot, jobs: BackgroundJobs
) -> None:
    seen: list[object] = []

    def reporting(token: CancelToken) -> str:
        for i in range(3):
            token.report(i)
        return "done"

    jobs.submit("k", reporting, seen.append, on_progress=seen.append)
    qtbot.waitUntil(lambda: "done" in seen)
    assert seen == [0, 1, 2, "done"]


def test_a_generator_job_yields_progress_and_returns_its_result(
    qtbot: QtBot, jobs: BackgroundJobs
) -> None:
    seen: list[object] = []

    def steps(token: CancelToken) -> Iterator[str]:
        yield "coarse"
        yield "fine"
        return "end"

    jobs.submit("k", steps, seen.append, on_progress=seen.append)
    qtbot.waitUntil(lambda: "end" in seen)
    assert seen == ["coarse", "fine", "end"]


def test_every_job_ends_once_done_failed_or_cancelled(qtbot: QtBot, jobs: BackgroundJobs) -> None:
    release = threading.Event()
    ends: list[str] = []

    def waiting(token: CancelToken) -> str:
        release.wait(5)
        return "late"

    def end(name: str) -> dict[str, Callable[..., None]]:
        return {
            "on_done": lambda r: ends.append(f"{name} done {r}"),
            "on_error": lambda e: ends.append(f"{name} failed {e}"),
            "on_cancelled": lambda: ends.append(f"{name} cancelled"),
        }

    jobs.submit("a", waiting, **end("a"))
    jobs.submit("b", lambda token: 1 / 0, **end("b"))
    jobs.cancel("a")  # running: what it returns is dropped, and it counts as cancelled
    release.set()
    jobs.submit("c", lambda token: "ok", **end("c"))
    qtbot.waitUntil(lambda: len(ends) == 3)
    assert ends == ["a cancelled", "b failed division by zero", "c done ok"]
    assert not jobs.busy
