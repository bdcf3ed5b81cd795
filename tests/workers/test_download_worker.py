"""The MNIST download in the background: progress in the GUI thread, cancel, and its messages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import OpenWindow
from PySide6.QtCore import Qt, QThread
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot

from gdstudio.core.cancel import CancelCheck, check
from gdstudio.core.data.download import DownloadError
from gdstudio.workers import download
from gdstudio.workers.download import MnistDownload
from gdstudio.workers.threads import running_threads

Progress = Callable[[int, int], None]


def _endless(dest: Path | None, progress: Progress, cancelled: CancelCheck) -> Path:
    """A download that never ends on its own: 1 kB at a time (of an unknown size) until
    cancelled."""
    done = 0
    while True:
        check(cancelled)
        done += 1000
        progress(done, 0)
        QThread.msleep(1)


def _slow(dest: Path | None, progress: Progress, cancelled: CancelCheck) -> Path:
    """A download of 11 MB that stops at a tenth of it until cancelled."""
    progress(1_100_000, 11_000_000)
    while True:
        check(cancelled)
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


def test_the_window_shows_the_download_and_its_cancel_button_stops_it(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, open_window: OpenWindow
) -> None:
    monkeypatch.setattr(download, "download_mnist", _slow)
    window = open_window()
    window.commands.download_action.trigger()
    dialog = window.findChild(QProgressDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.value() == 1_100_000 and dialog.maximum() == 11_000_000)
    assert "Downloading full MNIST" in dialog.labelText()
    cancel = dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    downloading = [t for t in running_threads() if t.objectName() == "gdstudio-download"]
    assert downloading
    QTest.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: downloading[0].isFinished())  # stopped, not left running
    qtbot.waitUntil(lambda: window.findChild(QProgressDialog) is None)  # closed and gone
    assert window.findChild(QMessageBox) is None  # a cancel is no failure to report
