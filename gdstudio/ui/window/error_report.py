"""Errors nobody caught reach the person at the window, not only stderr.

A Python exception raised inside a Qt slot does not stop the application: PySide prints it and
carries on, so without this the user would press Save and simply get no file. `ErrorReporter`
becomes `sys.excepthook` while the window runs: it still prints the traceback (for a bug report),
and shows one message box saying what failed. Several errors in a row (a slot failing on every
frame) give one box, not a flood.
"""

from __future__ import annotations

import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget


class ErrorReporter(QObject):
    """Install with `install()`, take back with `uninstall()` (before the window goes)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._previous = sys.excepthook
        self._pending: list[str] = []
        self.reported: list[str] = []  # every message shown, for the record (and tests)

    def install(self) -> None:
        self._previous = sys.excepthook
        sys.excepthook = self.report

    def uninstall(self) -> None:
        if sys.excepthook == self.report:
            sys.excepthook = self._previous

    def report(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        traceback.print_exception(kind, error, trace, file=sys.stderr)
        if issubclass(kind, KeyboardInterrupt):
            return
        self._pending.append(f"{kind.__name__}: {error}")
        if len(self._pending) == 1:
            QTimer.singleShot(0, self._show)  # outside the failing slot, once per burst

    def _show(self) -> None:
        first, more = self._pending[0], len(self._pending) - 1
        self._pending.clear()
        text = self.tr(
            "Something went wrong inside GD Studio, and the last action may not have been "
            "completed:\n\n{0}"
        ).format(first)
        if more:
            text += "\n\n" + self.tr("({0} more errors followed.)").format(more)
        text += "\n\n" + self.tr(
            "The full report was printed to the terminal; please include it if you report "
            "the problem."
        )
        self.reported.append(text)
        QMessageBox.critical(self._window, self.tr("Unexpected error"), text)
