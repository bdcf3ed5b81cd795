"""Workflow tests: the window driven as a person drives it, through keys, clicks and dialogs
(see `workflow_user.User`); a test may quit and start the application again on the same
settings (`open_window`, in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot
from workflow_user import User

from gdstudio.ui.window.main_window import MainWindow


@pytest.fixture
def window(open_window: Callable[..., MainWindow]) -> MainWindow:
    return open_window()


@pytest.fixture
def user(qtbot: QtBot, window: MainWindow) -> User:
    return User(qtbot, window)
