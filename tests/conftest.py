"""Shared test configuration: headless Qt, a cached dataset, and no thread left running."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any

import pytest

# Offscreen, on one screen the size of a classroom projector (Qt's default is 800×800), so that
# full screen means what it means in front of a class.
_PROJECTOR = Path(__file__).with_name("offscreen_projector.json")
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={_PROJECTOR}")

from PySide6.QtCore import QSettings, QThreadPool  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

from gdstudio.core.data.datasets import Dataset, load_dataset  # noqa: E402
from gdstudio.ui.view import Selection  # noqa: E402
from gdstudio.ui.window.application import configure_pyqtgraph  # noqa: E402
from gdstudio.ui.window.main_window import MainWindow  # noqa: E402

OpenWindow = Callable[..., MainWindow]
ShowView = Callable[..., Any]


@pytest.fixture(scope="session")
def embedded() -> Dataset:
    """The embedded MNIST-10k dataset, loaded once per session."""
    return load_dataset("embedded")


def leftover_threads(before: Collection[threading.Thread], timeout_s: float = 5.0) -> list[str]:
    """The names of the threads a test left running, stopping what can be stopped.

    Every kind counts: the workers' QThreads (`gdstudio.workers.threads`), jobs of Qt's global
    thread pool, and Python threads (the autosave writer, the download's watchdog, ...) that
    were not running `before` the test. Each gets `timeout_s` to end on its own first. The
    QThreads are stopped before this returns: a running QThread destroyed later would abort
    the whole test session.
    """
    deadline = time.monotonic() + timeout_s
    names = []
    workers = sys.modules.get("gdstudio.workers.threads")
    for thread in workers.running_threads() if workers is not None else []:
        thread.requestInterruption()
        thread.quit()
        thread.wait(5000)
        names.append(f"QThread {thread.objectName() or repr(thread)}")
    pool = QThreadPool.globalInstance()
    if not pool.waitForDone(max(0, round((deadline - time.monotonic()) * 1000))):
        names.append(f"{pool.activeThreadCount()} job(s) of QThreadPool.globalInstance()")
    for thread in threading.enumerate():
        # a _DummyThread is a thread Python did not start (a QThread's): checked above
        if thread in before or isinstance(thread, threading._DummyThread):
            continue
        thread.join(max(0.0, deadline - time.monotonic()))
        if thread.is_alive():
            names.append(f"thread {thread.name}")
    return names


@pytest.fixture(autouse=True)
def _dangling_threads() -> Iterator[None]:
    """Fail a test that leaves a thread running (the way napari checks its own)."""
    before = set(threading.enumerate())
    yield
    names = leftover_threads(before)
    if names:
        pytest.fail(f"the test left {len(names)} thread(s) running: {', '.join(names)}")


@pytest.fixture(autouse=True)
def _private_data_folder(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test autosaves into its own folder, never the user's, and finds no old autosave."""
    monkeypatch.setenv("GDSTUDIO_DATA", str(tmp_path_factory.mktemp("data")))


@pytest.fixture
def selection() -> Selection:
    """The selection the window's views share (a view's own, in a test of one view)."""
    return Selection()


@pytest.fixture
def show_view(qtbot: QtBot, embedded: Dataset) -> ShowView:
    """Show a view as the window holds it: `show(ViewClass, size, selection)` builds it on
    `selection` (a new one by default), gives it the embedded dataset, sizes and shows it and
    waits until it is exposed. qtbot closes it after the test; a view with a worker still needs
    its `shutdown()`."""

    def show(
        view_class: type[Any], size: tuple[int, int] = (1000, 700), selection: Any = None
    ) -> Any:
        configure_pyqtgraph()  # as the app does before any view
        view = view_class(selection if selection is not None else Selection())
        qtbot.addWidget(view)
        view.set_dataset(embedded)
        view.resize(*size)
        view.show()
        qtbot.waitExposed(view)
        return view

    return show


@pytest.fixture
def save_fails_on_full_disk(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """`check(path, save, writer)`: `save()` writes `path`; then, with numpy's `writer` (e.g.
    "savez") failing as on a full disk, `save()` again raises that OSError and leaves the file
    written first as it was."""

    def check(path: Path, save: Callable[[], None], writer: str) -> None:
        save()
        before = path.read_bytes()

        def full_disk(*args: object, **kwargs: object) -> None:
            raise OSError("disk full")

        # by name: numpy imported here, before gdstudio, would start its BLAS with several
        # threads (gdstudio/__init__.py asks for one) and change the trainer tests' rounding
        monkeypatch.setattr(f"numpy.{writer}", full_disk)
        with pytest.raises(OSError, match="disk full"):
            save()
        assert path.read_bytes() == before

    return check


@pytest.fixture
def store(tmp_path: Path) -> QSettings:
    """The user's settings file, kept across the windows of one test (quit and start again)."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def open_window(qtbot: QtBot, store: QSettings, embedded: Dataset) -> Iterator[OpenWindow]:
    """Start GD Studio (again): a window on the user's settings, shown, active and ready;
    every window is closed (in English, the application's translator) after the test."""
    windows: list[MainWindow] = []

    def start(offer_restore: bool = False, size: tuple[int, int] = (1280, 800)) -> MainWindow:
        window = MainWindow(settings_store=store, dataset=embedded, offer_restore=offer_restore)
        windows.append(window)
        window.resize(*size)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(lambda: window.controller.last_frame is not None)
        qtbot.waitUntil(window.isActiveWindow)
        return window

    yield start
    for window in windows:
        window.set_language("en")
        window.close()
