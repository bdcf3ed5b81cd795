"""The suite's leak check (tests/conftest.py) sees every kind of thread a test can leave behind."""

from __future__ import annotations

import threading

from conftest import leftover_threads
from PySide6.QtCore import QObject, QThreadPool
from pytestqt.qtbot import QtBot

from gdstudio.workers.jobs import BackgroundJobs
from gdstudio.workers.threads import running_threads, start_worker


def test_a_python_thread_left_running_is_named() -> None:
    before = set(threading.enumerate())
    release = threading.Event()
    leaked = threading.Thread(target=release.wait, name="gdstudio-leaky")
    leaked.start()
    try:
        assert leftover_threads(before, timeout_s=0.05) == ["thread gdstudio-leaky"]
    finally:
        release.set()
        leaked.join()
    assert leftover_threads(before) == []


def test_a_worker_qthread_left_running_is_named_and_stopped() -> None:
    before = set(threading.enumerate())
    worker = QObject()
    thread = start_worker(worker, "gdstudio-leaky")  # held: a running QThread must not go
    assert leftover_threads(before) == ["QThread gdstudio-leaky"]
    assert running_threads() == [] and thread.isFinished()


def test_a_background_job_left_running_is_caught(qtbot: QtBot) -> None:
    before = set(threading.enumerate())
    jobs = BackgroundJobs("leaky")
    started = threading.Event()
    jobs.submit("k", lambda token: started.set(), lambda _: None)
    qtbot.waitUntil(started.is_set)
    assert leftover_threads(before) == ["QThread gdstudio-leaky"]  # never shut down


def test_a_thread_pool_job_left_running_is_counted() -> None:
    before = set(threading.enumerate())
    release = threading.Event()
    QThreadPool.globalInstance().start(lambda: release.wait(5))
    try:
        assert leftover_threads(before, timeout_s=0.05) == [
            "1 job(s) of QThreadPool.globalInstance()"
        ]
    finally:
        release.set()
    assert leftover_threads(before) == []


def test_a_thread_that_ends_in_time_is_not_a_leak() -> None:
    before = set(threading.enumerate())
    ending = threading.Thread(target=lambda: None, name="gdstudio-short")
    ending.start()
    assert leftover_threads(before) == []
