"""Workflow tests: the window driven as a person drives it, through keys, clicks and dialogs
(see `workflow_user.User`); a test may quit and start the application again on the same
settings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot
from workflow_user import User

from gdstudio.core.datasets import Dataset
from gdstudio.ui.main_window import MainWindow

PROJECTOR = (1280, 800)


@pytest.fixture
def store(tmp_path: Path) -> QSettings:
    """The user's settings file, kept across the windows of one test (quit and start again)."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def open_window(
    qtbot: QtBot, store: QSettings, embedded: Dataset
) -> Iterator[Callable[..., MainWindow]]:
    """Start GD Studio (again): a window on the user's settings, shown and ready."""
    windows: list[MainWindow] = []

    def start(offer_restore: bool = False) -> MainWindow:
        window = MainWindow(settings_store=store, dataset=embedded, offer_restore=offer_restore)
        windows.append(window)
        window.resize(*PROJECTOR)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(lambda: window.controller.last_frame is not None)
        qtbot.waitUntil(window.isActiveWindow)
        return window

    yield start
    for window in windows:
        window.set_language("en")  # the translator is the application's
        window.close()


@pytest.fixture
def window(open_window: Callable[..., MainWindow]) -> MainWindow:
    return open_window()


@pytest.fixture
def user(qtbot: QtBot, window: MainWindow) -> User:
    return User(qtbot, window)
