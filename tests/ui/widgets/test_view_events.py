"""The event handlers the views share (`gdstudio.ui.widgets.view_events`), on small stand-in
widgets."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from gdstudio.ui.widgets.view_events import DeferredRefresh, Retranslating, ThrottledRefresh


class _Translated(Retranslating, QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.retranslated = 0

    def retranslate(self) -> None:
        self.retranslated += 1


class _FakeThrottle:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def request(self) -> None:
        self.calls.append("request")

    def cancel(self) -> None:
        self.calls.append("cancel")


class _FakeJobs:
    def __init__(self) -> None:
        self.shut_down = 0

    def shutdown(self) -> None:
        self.shut_down += 1


class _Throttled(ThrottledRefresh, QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.throttle = self._throttle = _FakeThrottle()
        self.jobs = self._jobs = _FakeJobs()

    def retranslate(self) -> None:
        pass


class _Deferred(DeferredRefresh, QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.redraws = 0
        self._init_refresh(20)

    def _redraw(self) -> None:
        self.redraws += 1

    def retranslate(self) -> None:
        pass


def test_language_change_retranslates_and_other_changes_do_not(qtbot: QtBot) -> None:
    widget = _Translated()
    qtbot.addWidget(widget)
    QCoreApplication.sendEvent(widget, QEvent(QEvent.Type.LanguageChange))
    assert widget.retranslated == 1
    QCoreApplication.sendEvent(widget, QEvent(QEvent.Type.FontChange))
    assert widget.retranslated == 1


def test_throttled_view_catches_up_when_shown_and_stops_when_hidden(qtbot: QtBot) -> None:
    view = _Throttled()
    qtbot.addWidget(view)
    view._request_refresh()
    assert view.throttle.calls == []  # hidden: nothing
    view.show()
    assert view.throttle.calls == ["request"]  # catching up
    view._request_refresh()
    assert view.throttle.calls == ["request", "request"]
    assert view.jobs.shut_down == 0
    view.hide()
    assert view.throttle.calls == ["request", "request", "cancel"]
    assert view.jobs.shut_down == 1


def test_deferred_view_merges_frames_and_waits_while_hidden(qtbot: QtBot) -> None:
    view = _Deferred()
    qtbot.addWidget(view)
    view.show()
    assert view.redraws == 1  # stale from the start: drawn when first shown
    view._request_refresh()
    view._request_refresh()
    assert view.redraws == 1  # not at once: one refresh a little later for both
    qtbot.waitUntil(lambda: view.redraws == 2)
    view.hide()
    view.show()  # hidden and shown again without news: nothing to catch up
    assert view.redraws == 2
    view.hide()
    view.refresh()
    assert view.redraws == 2  # hidden: no work...
    view.show()
    assert view.redraws == 3  # ...until shown
    view.hide()
    view._request_refresh()
    view.show()
    assert view.redraws == 4  # a frame that came while hidden, caught up
