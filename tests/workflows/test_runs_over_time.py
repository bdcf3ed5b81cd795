"""What a run leaves behind as the user goes on: a reset gives the weights view the new run's
initial weights, and a session keeps the main run's events through saving and opening again."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox
from workflow_user import User

from gdstudio.core.files.session import load_session
from gdstudio.core.nn.inspection import Mode
from gdstudio.core.training.trainer import TrainConfig, Trainer
from gdstudio.ui.inspect.weights_view import WeightsView
from gdstudio.ui.window.main_window import MainWindow
from gdstudio.workers.training import PAUSED

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_after_a_reset_the_change_is_measured_from_the_new_run_s_start(
    qtbot, window: MainWindow, user: User
) -> None:
    weights = window.findChild(WeightsView, "weights")
    window.tabs.setCurrentWidget(weights)
    weights.set_mode(Mode.CHANGE)

    def shown_at(step: int) -> bool:
        frame = window.controller.last_frame
        return frame is not None and frame.snapshot.step == step and weights.is_up_to_date()

    window.tabs.setFocus()
    for _ in range(3):
        user.press(Qt.Key.Key_N)
    qtbot.waitUntil(lambda: shown_at(3))
    assert np.abs(weights.arrays["w1"]).max() > 0  # three steps moved the weights

    user.answer_message("Discard and continue")
    user.press(Qt.Key.Key_R)
    user.type_into(window.findChild(QSpinBox, "seedField"), "7")  # other initial weights
    window.tabs.setFocus()
    user.press(Qt.Key.Key_R)
    seed_7 = Trainer(window.controller.dataset, TrainConfig(seed=7), window.controller.model).params
    qtbot.waitUntil(
        lambda: (
            shown_at(0)
            and np.array_equal(window.controller.last_frame.snapshot.params["w1"], seed_7["w1"])
        )
    )
    for name, change in weights.arrays.items():
        assert not change.any(), f"{name} has moved before the first step"


def test_a_session_keeps_the_main_run_s_events(
    qtbot, window: MainWindow, user: User, tmp_path: Path
) -> None:
    user.type_into(window.findChild(QSpinBox, "epochsField"), "1")
    user.type_into(window.findChild(QDoubleSpinBox, "lrField"), "30")  # the softmax saturates
    window.tabs.setFocus()
    user.press(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.controller.state == PAUSED)  # the alarm paused the run

    first = tmp_path / "diverged.gdsession"
    user.choose_file(first)
    user.press(Qt.Key.Key_S, CTRL_SHIFT)
    qtbot.waitUntil(first.exists)
    events = load_session(first).runs[0].events
    assert events and events[0].diverged

    user.choose_file(first)
    user.press(Qt.Key.Key_O, CTRL_SHIFT)  # the dialog's answer restores the session
    assert user.dialogs_seen[-1] == "Open session"
    again = tmp_path / "opened-and-saved.gdsession"
    user.choose_file(again)
    user.press(Qt.Key.Key_S, CTRL_SHIFT)
    qtbot.waitUntil(again.exists)
    assert load_session(again).runs[0].events == events


def test_opening_a_session_replaces_the_run_on_screen(
    qtbot, window: MainWindow, user: User, tmp_path: Path
) -> None:
    """Session A opened, then session B: the curves, the replay bar, the weights view and the
    status bar show B's run alone, and saving writes B."""
    weights = window.findChild(WeightsView, "weights")
    window.tabs.setCurrentWidget(weights)
    weights.set_mode(Mode.VALUE)
    saved = {}
    for name, seed, steps in (("a", 1, 3), ("b", 2, 5)):
        window.tabs.setFocus()
        user.press(Qt.Key.Key_R)  # the run before is saved: no question
        user.type_into(window.findChild(QSpinBox, "seedField"), str(seed))
        window.tabs.setFocus()
        for _ in range(steps):  # the first step starts afresh from this seed
            user.press(Qt.Key.Key_N)
        qtbot.waitUntil(lambda steps=steps: len(window.history) == steps)
        path = tmp_path / f"{name}.gdsession"
        user.choose_file(path)
        user.press(Qt.Key.Key_S, CTRL_SHIFT)
        qtbot.waitUntil(path.exists)
        saved[name] = load_session(path).runs[0]

    for name in ("a", "b"):
        user.choose_file(tmp_path / f"{name}.gdsession")
        user.press(Qt.Key.Key_O, CTRL_SHIFT)
        qtbot.waitUntil(
            lambda name=name: window.history.step.tolist() == saved[name].steps["step"].tolist()
        )
    b = saved["b"]
    assert window.history.batch_loss.tolist() == b.steps["batch_loss"].tolist()

    curves = tmp_path / "curves.csv"
    window.curves.export_csv(curves)  # what the curves plot
    rows = [line.split(",") for line in curves.read_text().splitlines()[1:]]
    assert [int(row[2]) for row in rows if row[1] == "step"] == b.steps["step"].tolist()
    assert window.replay.slider.maximum() == b.steps["step"][-1]
    qtbot.waitUntil(weights.is_up_to_date)
    for group, values in b.params.items():
        np.testing.assert_array_equal(weights.arrays[group], values)
    assert window.status_labels()[1].text() == "Step 5"

    again = tmp_path / "b-again.gdsession"
    user.choose_file(again)
    user.press(Qt.Key.Key_S, CTRL_SHIFT)
    qtbot.waitUntil(again.exists)
    written = load_session(again).runs[0]
    assert written.steps["step"].tolist() == b.steps["step"].tolist()
    assert written.steps["batch_loss"].tolist() == b.steps["batch_loss"].tolist()
    for group, values in b.params.items():
        np.testing.assert_array_equal(written.params[group], values)
