"""The lessons as a teacher runs them: F1, choose the lesson, Set this up, Space, and what the
class then sees."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QLabel, QPushButton
from workflow_user import User

from gdstudio.ui.training.pace_box import PaceBox
from gdstudio.ui.window.lessons_view import LessonsView
from gdstudio.ui.window.main_window import MainWindow
from gdstudio.workers.training import FINISHED, PAUSED


def open_lesson(user: User, window: MainWindow, number: int) -> LessonsView:
    """F1, then the lesson chosen in the list and Set this up clicked."""
    user.press(Qt.Key.Key_F1)
    lessons = window.findChild(LessonsView)
    assert lessons is not None and lessons.isVisible()
    chooser = lessons.findChild(QComboBox)
    chooser.setCurrentIndex(number - 1)  # as picking it from the list does
    assert lessons.current_lesson().title.startswith(f"{number}.")
    user.click(lessons.setup_button)
    return lessons


def test_lesson_1_alpha_50_freezes_in_sight_and_restoring_continues(
    user: User, window: MainWindow
) -> None:
    open_lesson(user, window, 1)
    lr = window.findChild(QDoubleSpinBox, "lrField")
    assert lr.value() == 50
    assert window.controls.pace.pace() == 20  # slow enough to watch each step
    assert window.tabs.currentWidget() is window.curves
    window.tabs.setFocus()
    user.press(Qt.Key.Key_Space)
    banner = window.banner
    user.qtbot.waitUntil(banner.isVisible, timeout=20_000)
    assert window.controller.state == PAUSED
    said = " ".join(label.text() for label in banner.findChildren(QLabel))
    assert "froze" in said and "1.0" in said  # the saturation notice, not "overshooting"
    assert window.history.batch_loss[2] > window.history.batch_loss[0]  # it never fell
    restore = next(
        b for b in banner.findChildren(QPushButton) if b.text().startswith("Restore best")
    )
    user.click(restore)
    user.qtbot.waitUntil(lambda: lr.value() < 50, timeout=30_000)
    assert lr.value() == 0.5  # measured stable, as the notice promises
    user.wait_until_finished(timeout=60_000)
    assert window.history.epochs[-1].valid_accuracy > 0.5  # it learns again


def test_lesson_3_trains_three_epochs_on_the_weights_tab(user: User, window: MainWindow) -> None:
    open_lesson(user, window, 3)
    assert window.tabs.currentWidget().objectName() == "weights"
    window.findChild(PaceBox).set_pace(0)  # the class has seen enough steps: full speed
    window.tabs.setFocus()
    user.press(Qt.Key.Key_Space)
    user.wait_until_finished()
    assert window.controller.state == FINISHED
    assert [m.epoch for m in window.history.epochs] == [1, 2, 3]
    assert window.history.epochs[-1].valid_accuracy > 0.88


def test_the_lessons_fit_beside_the_views_on_a_1280_projector(
    user: User, window: MainWindow
) -> None:
    user.press(Qt.Key.Key_F1)
    lessons = window.findChild(LessonsView)
    user.qtbot.waitUntil(lessons.isVisible)
    assert window.minimumSizeHint().width() <= 1280
    user.qtbot.waitUntil(lambda: window.width() <= 1280)
