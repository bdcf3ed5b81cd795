"""Starting, stepping and resetting a run with the keys and fields a teacher uses."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QSpinBox
from workflow_user import User

from gdstudio.ui.window.main_window import MainWindow
from gdstudio.workers.training import IDLE, PAUSED, RUNNING


def field(window: MainWindow, kind: type, name: str):
    found = window.findChild(kind, name)
    assert found is not None, name
    return found


def test_epochs_typed_after_a_reset_are_the_epochs_the_run_trains(
    user: User, window: MainWindow
) -> None:
    user.press(Qt.Key.Key_N)  # one step, so there is a run to reset
    user.qtbot.waitUntil(lambda: len(window.history) == 1)
    user.answer_message("Discard and continue")
    user.press(Qt.Key.Key_R)
    user.qtbot.waitUntil(lambda: len(window.history) == 0)
    user.type_into(field(window, QSpinBox, "epochsField"), "2")
    window.tabs.setFocus()
    user.press(Qt.Key.Key_Space)
    user.wait_until_finished()
    assert len(window.history.epochs) == 2
    assert window.history.epochs[-1].epoch == 2
    assert "Epoch 2.00 / 2" in [label.text() for label in window.status_labels()]


def test_typing_alpha_then_space_starts_with_that_alpha(user: User, window: MainWindow) -> None:
    lr = field(window, QDoubleSpinBox, "lrField")
    user.type_into(lr, "0.5")
    user.press(Qt.Key.Key_Space)
    user.qtbot.waitUntil(lambda: window.controller.state == RUNNING)
    user.qtbot.waitUntil(lambda: len(window.history) > 0)
    assert lr.value() == 0.5
    assert window.history.scheduled_lr[0] == 0.5
    user.press(Qt.Key.Key_Space)  # the focus is still in the field: Space pauses
    user.qtbot.waitUntil(lambda: window.controller.state == PAUSED)


def test_letters_typed_into_fields_never_reset_or_step(user: User, window: MainWindow) -> None:
    user.press(Qt.Key.Key_N)
    user.qtbot.waitUntil(lambda: len(window.history) == 1)
    for name, kind in (
        ("lrField", QDoubleSpinBox),
        ("batchField", QSpinBox),
        ("datasetField", QComboBox),
    ):
        widget = field(window, kind, name)
        widget.setFocus()
        user.qtbot.waitUntil(widget.hasFocus)
        for key in (Qt.Key.Key_R, Qt.Key.Key_N):
            user.press(key)
    assert user.dialogs_seen == []  # no "discard the run?" question: R never reached Reset
    assert len(window.history) == 1  # N never stepped
    assert window.controller.state == PAUSED
    window.tabs.setFocus()
    user.press(Qt.Key.Key_N)  # outside a field, the keys work
    user.qtbot.waitUntil(lambda: len(window.history) == 2)


def test_reset_asks_before_discarding_and_cancel_keeps_the_run(
    user: User, window: MainWindow
) -> None:
    user.press(Qt.Key.Key_N)
    user.qtbot.waitUntil(lambda: len(window.history) == 1)
    user.answer_message("Cancel")
    user.press(Qt.Key.Key_R)
    user.qtbot.waitUntil(lambda: user.dialogs_seen == ["Discard the current run?"])
    assert len(window.history) == 1
    assert window.controller.state == PAUSED


def test_reset_clears_the_old_runs_numbers_from_the_status_bar(
    user: User, window: MainWindow
) -> None:
    user.train(epochs=1)
    status = " ".join(label.text() for label in window.status_labels())
    assert "Batch loss" in status and "Validation accuracy" in status
    user.answer_message("Discard and continue")
    user.press(Qt.Key.Key_R)
    user.qtbot.waitUntil(lambda: window.controller.state == IDLE and len(window.history) == 0)
    status = " ".join(label.text() for label in window.status_labels())
    assert "loss" not in status.lower() and "accuracy" not in status.lower()
    assert "press Space" in status


def test_changing_network_or_data_asks_first_and_cancel_keeps_everything(
    user: User, window: MainWindow
) -> None:
    user.press(Qt.Key.Key_N)
    user.qtbot.waitUntil(lambda: len(window.history) == 1)
    network = window.controller.model.config
    user.answer_message("Cancel")
    window.controls.network.preset_chosen.emit("mlp")  # as choosing "mlp" in Preset does
    assert user.dialogs_seen == ["Discard the current run?"]
    assert window.controller.model.config == network
    assert window.controls.model_config() == network  # the panel did not keep the new choice
    assert field(window, QDoubleSpinBox, "lrField").value() == 1.0
    assert len(window.history) == 1

    datasets = field(window, QComboBox, "datasetField")
    user.answer_message("Cancel")
    window.controls.dataset_chosen.emit("folder")  # as choosing "Open folder…" does
    assert user.dialogs_seen[-1] == "Discard the current run?"
    assert datasets.currentData() == "embedded"
    assert len(window.history) == 1
