"""Run an update at most once per interval, however often it is asked for."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QObject, QTimer

__all__ = ["Throttle"]


class Throttle(QObject):
    """`request()` runs `action` at once if it last ran at least `interval_ms` ago, else once
    when the interval is over; requests in between merge into that one run."""

    def __init__(
        self, action: Callable[[], None], interval_ms: int, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._action = action
        self.interval_ms = interval_ms
        self._since = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._run)

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def request(self) -> None:
        if self._timer.isActive():
            return
        elapsed = self._since.elapsed() if self._since.isValid() else self.interval_ms
        if elapsed >= self.interval_ms:
            self._run()
        else:
            self._timer.start(self.interval_ms - elapsed)

    def cancel(self) -> None:
        self._timer.stop()

    def _run(self) -> None:
        self._timer.stop()
        self._since.start()
        self._action()
