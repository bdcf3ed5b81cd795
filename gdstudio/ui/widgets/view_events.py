"""The Qt event handlers that views and their widgets share.

- `Retranslating`: call `retranslate()` on QEvent.LanguageChange.
- `ThrottledRefresh`: a view that redraws through a `Throttle` and computes in `BackgroundJobs`
  redraws only while shown, catches up when shown, and when hidden drops the pending redraw and
  stops its jobs (a hidden view holds no thread).
- `DeferredRefresh`: a view whose frames merge into one `refresh()` a moment after the first,
  and only while shown; hidden, it is marked stale and refreshes when shown again.

They are mixins: list them before the Qt class (`class DataView(ThrottledRefresh, QWidget)`),
so that their handlers override Qt's and reach it through super(). They call no tr(): a string's
translation context is the class whose code calls tr().
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from gdstudio.ui.widgets.throttle import Throttle
    from gdstudio.workers.jobs import BackgroundJobs

    _Widget = QWidget  # what the mixins are mixed into, for the type checker
else:
    _Widget = object

__all__ = ["DeferredRefresh", "Retranslating", "ThrottledRefresh"]


class Retranslating(_Widget):
    """Calls `retranslate()` (the subclass's) when the application's language changes."""

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()


class ThrottledRefresh(Retranslating):
    """For a view that redraws through `self._throttle` and computes in `self._jobs`."""

    _throttle: Throttle
    _jobs: BackgroundJobs

    def _request_refresh(self) -> None:
        """A new frame: redraw through the throttle if shown (else when next shown)."""
        if self.isVisible():
            self._throttle.request()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._throttle.request()  # catch up with the frames that came while hidden

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt's name)
        self._throttle.cancel()
        self._jobs.shutdown()
        super().hideEvent(event)


class DeferredRefresh(Retranslating):
    """For a view that recomputes everything in `_redraw()`: call `_init_refresh(interval_ms)`
    in `__init__`, `_request_refresh()` for each new frame, `refresh()` for a redraw now."""

    def _init_refresh(self, interval_ms: int) -> None:
        self._stale = True
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(interval_ms)
        self._refresh_timer.timeout.connect(self.refresh)

    def _redraw(self) -> None:
        raise NotImplementedError

    def _request_refresh(self) -> None:
        """A new frame: refresh `interval_ms` from now if shown (the frames until then merge
        into that refresh), else when next shown."""
        self._stale = True
        if self.isVisible() and not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def refresh(self) -> None:
        """Recompute and redraw now (if visible; otherwise when next shown)."""
        self._refresh_timer.stop()
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self._redraw()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._stale:
            self.refresh()
