"""`User`: one person at the keyboard of a GD Studio window, for the workflow tests.

It presses keys where the focus is (so the window's shortcuts and the fields' own typing
compete exactly as they do at a desk), clicks buttons and answers the dialogs that the window
opens (message boxes and Qt's own file dialogs) when they appear, never by patching them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDeadlineTimer, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QFileDialog,
    QMessageBox,
    QSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from gdstudio.ui.window.main_window import MainWindow
from gdstudio.workers.training import FINISHED


class User:
    """One person at the keyboard of `window`."""

    def __init__(self, qtbot: QtBot, window: MainWindow) -> None:
        self.qtbot = qtbot
        self.window = window
        self.dialogs_seen: list[str] = []

    # --- keys and mouse -------------------------------------------------------------------

    def _at_window(self) -> None:
        """Back at the window (after a dialog closed, the offscreen platform activates none)."""
        if QApplication.activeModalWidget() is None and not self.window.isActiveWindow():
            self.window.activateWindow()
            self.qtbot.waitUntil(self.window.isActiveWindow)

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):
        """A key pressed wherever the focus is (the window itself if nothing has it)."""
        self._at_window()
        target = QApplication.focusWidget() or self.window
        QTest.keyClick(target, key, modifier)

    def click(self, widget: QWidget) -> None:
        self._at_window()
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton)

    def type_into(self, field: QWidget, text: str) -> None:
        """Click into `field`, select what it holds and type `text` over it."""
        self._at_window()
        self.qtbot.waitUntil(field.isEnabled)
        field.setFocus(Qt.FocusReason.MouseFocusReason)
        self.qtbot.waitUntil(field.hasFocus)
        if isinstance(field, QAbstractSpinBox):
            field.selectAll()
        QTest.keyClicks(QApplication.focusWidget(), text)

    def train(self, epochs: int) -> None:
        """Type `epochs` into the Epochs field, press Space and wait for the run's end."""
        self.type_into(self.window.findChild(QSpinBox, "epochsField"), str(epochs))
        self.window.tabs.setFocus()  # out of the field, as a click on the window does
        self.press(Qt.Key.Key_Space)
        self.wait_until_finished()

    # --- dialogs --------------------------------------------------------------------------

    def when_dialog(self, answer: Callable[[QWidget], None]) -> None:
        """Answer the next modal dialog with `answer(dialog)` as soon as it appears."""

        deadline = QDeadlineTimer(10_000)  # a dialog that never comes is the test's failure

        def poll() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is None:
                if not deadline.hasExpired():
                    QTimer.singleShot(10, poll)
                return
            self.dialogs_seen.append(dialog.windowTitle())
            answer(dialog)

        QTimer.singleShot(0, poll)

    def answer_message(self, button_text: str) -> None:
        """Click the button labelled `button_text` in the next message box."""

        def click(dialog: QWidget) -> None:
            assert isinstance(dialog, QMessageBox), f"expected a message box, got {dialog}"
            for button in dialog.findChildren(QAbstractButton):
                if button.text().replace("&", "") == button_text:
                    button.click()
                    return
            texts = [b.text() for b in dialog.findChildren(QAbstractButton)]
            dialog.reject()
            raise AssertionError(f"no button {button_text!r} in {dialog.text()!r}: {texts}")

        self.when_dialog(click)

    def choose_file(self, path: Path) -> None:
        """Type `path` into the next file dialog and accept it."""

        def choose(dialog: QWidget) -> None:
            assert isinstance(dialog, QFileDialog), f"expected a file dialog, got {dialog}"
            dialog.selectFile(str(path))
            dialog.accept()

        self.when_dialog(choose)

    # --- waiting --------------------------------------------------------------------------

    def wait_until_finished(self, timeout: int = 60_000) -> None:
        self.qtbot.waitUntil(lambda: self.window.controller.state == FINISHED, timeout=timeout)
        self.qtbot.waitUntil(
            lambda: (
                self.window.controller.last_frame is not None
                and self.window.controller.last_frame.state == FINISHED
            ),
            timeout=timeout,
        )
