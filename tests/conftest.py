"""Shared test configuration: headless Qt, a cached dataset, and no QThread left running."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Offscreen, on one screen the size of a classroom projector (Qt's default is 800×800), so that
# full screen means what it means in front of a class.
_PROJECTOR = Path(__file__).with_name("offscreen_projector.json")
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={_PROJECTOR}")

from PySide6.QtCore import QSettings  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

from gdstudio.core.datasets import Dataset, load_dataset  # noqa: E402
from gdstudio.ui.app import configure_pyqtgraph  # noqa: E402
from gdstudio.ui.main_window import MainWindow  # noqa: E402
from gdstudio.ui.view import Selection  # noqa: E402

OpenWindow = Callable[..., MainWindow]
ShowView = Callable[..., Any]


@pytest.fixture(scope="session")
def embedded() -> Dataset:
    """The embedded MNIST-10k dataset, loaded once per session."""
    return load_dataset("embedded")


@pytest.fixture(autouse=True)
def _dangling_qthreads() -> Iterator[None]:
    """Fail a test that leaves a training QThread running (the way napari checks its own).

    The threads are stopped before failing: a running QThread destroyed later would abort the
    whole test session.
    """
    yield
    threads = sys.modules.get("gdstudio.workers.threads")
    if threads is None:  # never imported: no thread can have been started
        return
    dangling = threads.running_threads()
    if not dangling:
        return
    for thread in dangling:
        thread.requestInterruption()
        thread.quit()
        thread.wait(5000)
    names = ", ".join(t.objectName() or repr(t) for t in dangling)
    pytest.fail(f"the test left {len(dangling)} QThread(s) running: {names}")


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
