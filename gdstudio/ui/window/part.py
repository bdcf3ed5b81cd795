"""The base of the main window's parts (`WindowFiles`, `WindowHelp`, `WindowSessions`): work
of the window kept in a module of its own, reaching the window through its public methods."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from gdstudio.ui.window.main_window import MainWindow

__all__ = ["WindowPart"]


class WindowPart(QObject):
    """A QObject child of `window` (its strings translate in the part's own context)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
