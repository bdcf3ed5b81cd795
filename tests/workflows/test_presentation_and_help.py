"""F11 for the projector and back; Help's keyboard list; every menu action in a row."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableWidget
from workflow_user import User

from gdstudio.ui.window.main_window import MainWindow
from gdstudio.workers.training import FINISHED, PAUSED, RUNNING


def test_f11_is_full_screen_with_large_type_and_leaving_gives_the_window_back(
    user: User, window: MainWindow
) -> None:
    before_size, before_font = window.size(), QApplication.font().pointSizeF()
    user.press(Qt.Key.Key_F11)
    user.qtbot.waitUntil(lambda: bool(window.windowState() & Qt.WindowState.WindowFullScreen))
    assert QApplication.font().pointSizeF() > before_font * 1.5
    user.press(Qt.Key.Key_F11)
    user.qtbot.waitUntil(lambda: not window.windowState() & Qt.WindowState.WindowFullScreen)
    user.qtbot.waitUntil(lambda: window.size() == before_size)
    assert QApplication.font().pointSizeF() == before_font
    assert window.size().width() <= 1280 and window.size().height() <= 800


def test_keyboard_shortcuts_lists_the_run_keys(user: User, window: MainWindow) -> None:
    rows: dict[str, str] = {}

    def read(dialog) -> None:
        table = dialog.findChild(QTableWidget)
        for row in range(table.rowCount()):
            rows[table.item(row, 0).text()] = table.item(row, 1).text()
        dialog.reject()

    user.when_dialog(read)
    user.press(Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    user.qtbot.waitUntil(lambda: bool(rows))
    assert rows["Start / Pause"] == "Space"
    assert rows["Step"] == "N"
    assert rows["Reset"] == "R"
    assert rows["Presentation mode"] == "F11"
    assert rows["Save checkpoint"] == "Ctrl+S"
    assert rows["Lessons"] == "F1"
    assert rows["Keyboard shortcuts"] == "Ctrl+/"


def test_every_run_and_view_action_in_a_row_raises_nothing(user: User, window: MainWindow) -> None:
    """pytest-qt fails the test on any exception raised inside a slot."""
    wait = user.qtbot.waitUntil
    window.commands.step_action.trigger()
    wait(lambda: len(window.history) == 1)
    window.commands.toggle_action.trigger()
    wait(lambda: window.controller.state == RUNNING)
    window.commands.toggle_action.trigger()
    wait(lambda: window.controller.state == PAUSED)
    window.commands.stop_action.trigger()
    wait(lambda: window.controller.last_frame.state == FINISHED)
    user.answer_message("Discard and continue")
    window.commands.reset_action.trigger()
    wait(lambda: user.dialogs_seen == ["Discard the current run?"])
    window.commands.step_action.trigger()
    wait(lambda: len(window.history) == 1)
    for action in (window.commands.presentation_action, window.panel_action):
        action.trigger()
        action.trigger()
    assert window.controller.state == PAUSED
