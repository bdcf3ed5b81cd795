"""Help > Lessons: the lessons beside the window, set up in one click, answers on request."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.training.lessons import load_lessons
from gdstudio.ui.window.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, embedded: Dataset) -> Iterator[MainWindow]:
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings_store=store, dataset=embedded, offer_restore=False)
    w.show()
    qtbot.waitUntil(lambda: w.controller.last_frame is not None)
    yield w
    w.close()


def open_lessons(window: MainWindow) -> None:
    assert window.commands.lessons_action in window.commands.help_menu.actions()
    window.commands.lessons_action.trigger()
    assert window.lessons_dock is not None and window.lessons_dock.isVisible()


def test_help_lessons_opens_them_beside_the_window(window: MainWindow) -> None:
    open_lessons(window)
    view = window.help.lessons
    assert [lesson.title for lesson in view.lessons][0].startswith("1. The learning rate")
    assert len(view.lessons) == 5 and view.setup_button.text() == "Set this up"
    assert "float32" in view.text() and "reshuffled every epoch" in view.text()
    assert "claim" not in view.text().lower()  # the source's claim table stays in the source


def test_set_this_up_puts_the_app_in_the_lessons_state(qtbot: QtBot, window: MainWindow) -> None:
    open_lessons(window)
    view = window.help.lessons
    paces: list[float] = []
    window.set_pace = paces.append  # type: ignore[attr-defined]  (the lead wires the real one)
    view.show_lesson(2)  # lesson 3, the templates
    QTest.mouseClick(view.setup_button, Qt.MouseButton.LeftButton)
    config = window.controls.config()
    assert (config.lr, config.epochs, config.seed, config.batch_size) == (1.0, 3, 0, 100)
    assert window.tabs.currentWidget().objectName() == "weights"
    assert paces == [0.0]
    view.show_lesson(0)  # lesson 1: alpha = 50 on the curves
    QTest.mouseClick(view.setup_button, Qt.MouseButton.LeftButton)
    assert window.controls.config().lr == 50.0 and window.controls.config().epochs == 2
    assert window.tabs.currentWidget() is window.curves
    qtbot.waitUntil(lambda: window.controller.last_frame.snapshot.base_lr == 50.0)
    assert window.controller.last_frame.snapshot.step == 0  # a fresh run from the seed


def test_answers_stay_hidden_until_asked(window: MainWindow) -> None:
    open_lessons(window)
    view = window.help.lessons
    view.show_lesson(3)
    question, answer = view.lessons[3].questions[0]
    hidden = "8,634-dimensional landscape"
    assert hidden in answer and hidden not in view.text()
    assert view.text().count("Show answer") == len(view.lessons[3].questions)
    view.browser.anchorClicked.emit(QUrl("answer:0"))  # the reader clicks "Show answer"
    assert hidden in view.text() and "Hide answer" in view.text()
    view.browser.anchorClicked.emit(QUrl("answer:0"))
    assert hidden not in view.text()


def test_lessons_follow_the_interface_language(window: MainWindow) -> None:
    open_lessons(window)
    window.help.lessons.show_lesson(1)
    window.set_language("zh_CN")
    view = window.help.lessons
    _, chinese = load_lessons("zh_CN")
    assert view.current_lesson().title == chinese[1].title
    assert view.setup_button.text() == "按本课设置" and window.lessons_dock.windowTitle() == "课程"
    assert "显示答案" in view.text()
