"""The MNIST download in the background: progress in the GUI thread, cancel, and its messages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from gdstudio.core.cancel import CancelCheck, check
from gdstudio.core.download import DownloadError
from gdstudio.workers import download
from gdstudio.workers.download import MnistDownload
from gdstudio.workers.threads import running_threads

Progress = Callable[[int, int], None]


def _endless(dest: Path | None, progress: Progress, cancelled: CancelCheck) -> Path:
    """A download that never ends on its own: 1 kB at a time until cancelled."""
    done = 0
    while True:
        check(cancelled)
        done += 1000
        progress(done, 0)
        QThread.msleep(1)


def test_progress_arrives_and_cancel_ends_with_cancelled(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(download, "download_mnist", _endless)
    job = MnistDownload()
    seen: list[tuple[int, int]] = []
    job.progress.connect(lambda done, total: seen.append((done, total)))
    job.start()
    qtbot.waitUntil(lambda: len(seen) >= 3)
    with qtbot.waitSignal(job.finished, timeout=5000) as ended:
        job.cancel()
    assert ended.args == ["cancelled"]
    assert seen[:3] == [(1000, 0), (2000, 0), (3000, 0)]
    assert not running_threads()


def test_a_failed_download_says_why_and_a_finished_one_says_nothing(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(dest: Path | None, progress: Progress, cancelled: CancelCheck) -> Path:
        raise DownloadError("could not reach example.org: no route")

    monkeypatch.setattr(download, "download_mnist", failing)
    job = MnistDownload()
    with qtbot.waitSignal(job.finished, timeout=5000) as ended:
        job.start()
    assert ended.args == ["could not reach example.org: no route"]

    monkeypatch.setattr(download, "download_mnist", lambda dest, progress, cancelled: dest)
    job = MnistDownload()
    with qtbot.waitSignal(job.finished, timeout=5000) as ended:
        job.start()
    assert ended.args == [""]
    assert not running_threads()


def test_closing_mid_download_joins_the_thread(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(download, "download_mnist", _endless)
    job = MnistDownload()
    with qtbot.waitSignal(job.progress, timeout=5000):
        job.start()
    assert job.wait(5000)
    assert not running_threads()
