"""Presentation mode: full screen with larger fonts, for a projector; leaving it gives back the
window exactly as it was."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QMainWindow

__all__ = ["PRESENTATION_SCALE", "Presentation"]

PRESENTATION_SCALE = 1.6


class Presentation:
    """Switches `window` (and the application's font) in and out of presentation mode; the
    window's views follow through their own `set_presentation`."""

    def __init__(self, window: QMainWindow) -> None:
        self._window = window
        self._base_font = QApplication.font()
        self.on = False
        # the window's state and geometry before presentation mode, to give them back after
        self._before: tuple[Qt.WindowState, QRect] | None = None

    def set(self, on: bool) -> None:
        window, full = self._window, Qt.WindowState.WindowFullScreen
        if on and not window.windowState() & full:
            self._before = (window.windowState(), window.geometry())
        self.on = on
        font = QApplication.font()
        font.setPointSizeF(self._base_font.pointSizeF() * (PRESENTATION_SCALE if on else 1.0))
        QApplication.setFont(font)
        if on:
            window.setWindowState(window.windowState() | full)
        elif window.windowState() & full and self._before is not None:
            state, geometry = self._before
            window.setWindowState(state)
            if not state & Qt.WindowState.WindowMaximized:
                window.setGeometry(geometry)

    def close(self) -> None:
        """The window goes: give the application its font back."""
        if self.on:
            QApplication.setFont(self._base_font)
