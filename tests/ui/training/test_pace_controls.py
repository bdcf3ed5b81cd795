"""A teaching pace, chosen in the window: the training panel's Pace box for the main run, the
Compare toolbar's for the race; and the Compare tab's own "Run comparison", told apart from the
window's Start.

Slow paces are tested with short runs (8 steps: one epoch in batches of 1,000) and waits on
what is shown, never on the clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.training.trainer import TrainConfig
from gdstudio.ui.window.main_window import MainWindow
from gdstudio.workers.training import FINISHED, IDLE, PAUSED, RUNNING, TrainingFrame

TIMEOUT = 30_000
PACE_TEXTS = ["As fast as possible", "100 steps/s", "20 steps/s", "5 steps/s", "1 step/s"]
SHORT = {"epochs": 1, "batch_size": 1000}  # 8 steps
HOURLY = 1 / 3600  # steps per second: "slow", where a test must not wait for a step


@pytest.fixture
def store(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def open_window(qtbot: QtBot, store: QSettings, dataset: Dataset) -> MainWindow:
    w = MainWindow(settings_store=store, dataset=dataset, offer_restore=False)
    w.show()
    qtbot.waitUntil(lambda: w.controller.last_frame is not None)
    return w


@pytest.fixture
def window(qtbot: QtBot, store: QSettings, embedded: Dataset) -> Iterator[MainWindow]:
    w = open_window(qtbot, store, embedded)
    w.controls.set_config(TrainConfig(**SHORT))
    w.reset()
    yield w
    w.set_language("en")
    w.close()


def choose_pace(window: MainWindow, text: str) -> None:
    """Pick `text` in the training panel's Pace box with the keyboard, as a user would."""
    box = window.controls.pace
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_Home)
    while box.currentText() != text:
        QTest.keyClick(box, Qt.Key.Key_Down)


def steps_shown(window: MainWindow) -> int:
    return len(window.history)


def finished_with(window: MainWindow, steps: int) -> bool:
    """The run is over and its `steps` are on screen (the state comes before the last frame)."""
    return window.controller.state == FINISHED and steps_shown(window) == steps


def test_the_pace_box_offers_full_speed_and_four_class_paces_in_both_languages(
    window: MainWindow,
) -> None:
    box = window.controls.pace
    assert [box.itemText(i) for i in range(box.count())] == PACE_TEXTS
    assert box.currentText() == "As fast as possible" and window.controller.pace == 0
    assert "every step" in box.toolTip()
    window.set_language("zh_CN")
    assert box.itemText(0) == "尽可能快" and box.itemText(4) == "每秒 1 步"
    assert window.compare.controls.pace.itemText(2) == "每秒 20 步"


def test_at_20_steps_a_second_every_step_is_drawn_and_the_numbers_do_not_change(
    qtbot: QtBot, window: MainWindow
) -> None:
    frames: list[TrainingFrame] = []
    window.controller.frame.connect(frames.append)
    choose_pace(window, "20 steps/s")
    qtbot.waitUntil(lambda: window.controller.pace == 20)
    window.commands.start_action.trigger()
    qtbot.waitUntil(lambda: finished_with(window, 8), timeout=TIMEOUT)
    assert [len(f.steps) for f in frames if f.steps] == [1] * 8  # a frame, a step
    slow_params = window.controller.last_frame.snapshot.params
    slow_losses = list(window.history.batch_loss)

    frames.clear()
    choose_pace(window, "As fast as possible")
    window.commands.start_action.trigger()  # a finished run starts again from its seed
    qtbot.waitUntil(lambda: finished_with(window, 8), timeout=TIMEOUT)
    assert len([f for f in frames if f.steps]) < 8  # full speed: steps share frames
    fast_params = window.controller.last_frame.snapshot.params
    for name in slow_params:
        assert slow_params[name].tobytes() == fast_params[name].tobytes()
    assert list(window.history.batch_loss) == slow_losses


def test_at_1_step_a_second_pause_resume_and_reset_answer_at_once(
    qtbot: QtBot, window: MainWindow
) -> None:
    choose_pace(window, "1 step/s")
    window.commands.start_action.trigger()
    qtbot.waitUntil(lambda: steps_shown(window) == 1)  # the first step comes at once
    assert window.controller.state == RUNNING
    window.commands.pause_action.trigger()
    qtbot.waitUntil(lambda: window.controller.state == PAUSED)
    assert steps_shown(window) == 1 and window.commands.pause_action.text() == "Resume"
    window.commands.pause_action.trigger()  # Resume: the next step at once
    qtbot.waitUntil(lambda: steps_shown(window) == 2)
    window.reset()
    qtbot.waitUntil(lambda: window.controller.state == IDLE)
    assert steps_shown(window) == 0 and window.controller.last_frame.snapshot.step == 0


def test_a_new_pace_chosen_while_running_applies_from_the_next_step(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.set_pace(HOURLY)
    window.commands.start_action.trigger()
    qtbot.waitUntil(lambda: steps_shown(window) == 1)
    choose_pace(window, "As fast as possible")  # the hour's wait for step 2 is over
    qtbot.waitUntil(lambda: finished_with(window, 8), timeout=TIMEOUT)


def test_both_paces_are_remembered_between_sessions(
    qtbot: QtBot, store: QSettings, embedded: Dataset
) -> None:
    first = open_window(qtbot, store, embedded)
    first.set_pace(5)
    assert first.controls.pace.currentText() == "5 steps/s" and first.controller.pace == 5
    first.compare.controls.pace.setCurrentIndex(PACE_TEXTS.index("1 step/s"))
    first.close()
    second = open_window(qtbot, store, embedded)
    assert second.controls.pace.currentText() == "5 steps/s" and second.controller.pace == 5
    assert second.compare.controls.pace.currentText() == "1 step/s"
    second.set_pace(2.5)  # a pace not offered gets an entry of its own, in order
    box = second.controls.pace
    assert box.currentText() == "2.5 steps/s" and box.itemText(box.currentIndex() + 1) == "1 step/s"
    with pytest.raises(ValueError):
        second.set_pace(-1)
    second.close()
    store.setValue("run/pace", -3)  # nonsense in the settings file: full speed
    third = open_window(qtbot, store, embedded)
    assert third.controls.pace.pace() == 0 and third.controller.pace == 0
    assert third.controls.pace.currentText() == "As fast as possible"
    third.close()


def test_run_comparison_is_told_apart_from_start_and_has_its_own_pace(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.show_view("compare")
    compare = window.compare
    button = compare.controls.start_button
    assert button.text() == "Run comparison" != window.commands.start_action.text()
    assert "main run" in button.toolTip() and "Space" in button.toolTip()
    assert button.shortcut().isEmpty()
    compare.apply_view_settings({**SHORT, "setting": "lr", "values": "0.1, 1"})
    compare.controls.pace.set_pace(HOURLY)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: compare.plots.loss_points(1) == 1)  # the first round, drawn
    assert compare.state == RUNNING and window.controller.state == IDLE  # not the main run
    QTest.mouseClick(compare.controls.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: compare.state == PAUSED)
    assert compare.plots.loss_points(1) == compare.plots.loss_points(2) == 1

    # Space is the main run's, wherever the focus is in the Compare tab
    button.setFocus()
    QTest.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.controller.state in (RUNNING, FINISHED))
    assert compare.state == PAUSED and compare.runs == ["α = 0.1", "α = 1"]

    compare.controls.pace.setCurrentIndex(PACE_TEXTS.index("As fast as possible"))
    QTest.mouseClick(compare.controls.pause_button, Qt.MouseButton.LeftButton)  # Resume
    qtbot.waitUntil(lambda: compare.state == FINISHED, timeout=TIMEOUT)  # not in hours
    assert compare.plots.loss_points(1) == compare.plots.loss_points(2) == 8
