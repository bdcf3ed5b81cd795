import pytest
from pytestqt.qtbot import QtBot

from gdstudio.core.trainer import TrainConfig
from gdstudio.ui.controls import LR_MAX, LR_MIN, ControlsPanel, lr_to_slider, slider_to_lr


@pytest.mark.parametrize("lr", [LR_MIN, 0.001, 0.1, 1.0, 10.0, LR_MAX])
def test_log_slider_round_trips_decades(lr: float) -> None:
    assert slider_to_lr(lr_to_slider(lr)) == pytest.approx(lr)


def test_slider_is_logarithmic() -> None:
    assert lr_to_slider(1.0) - lr_to_slider(0.1) == lr_to_slider(100.0) - lr_to_slider(10.0)
    assert lr_to_slider(1e-9) == 0 and lr_to_slider(1e9) == lr_to_slider(LR_MAX)


def test_spin_box_and_slider_stay_in_step(qtbot: QtBot) -> None:
    panel = ControlsPanel([])
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.lr_changed) as blocker:
        panel._lr_slider.setValue(lr_to_slider(10.0))
    assert blocker.args == [10.0] and panel.lr == 10.0
    with qtbot.waitSignal(panel.lr_changed) as blocker:
        panel._lr_spin.setValue(0.25)
    assert blocker.args == [0.25]
    assert panel._lr_slider.value() == lr_to_slider(0.25)


def test_config_round_trip(qtbot: QtBot) -> None:
    panel = ControlsPanel([])
    qtbot.addWidget(panel)
    config = TrainConfig(lr=0.5, batch_size=32, epochs=9, seed=4, target_valid_accuracy=0.95)
    panel.set_config(config)
    assert panel.config() == config
    assert panel._target_accuracy.isEnabled() and not panel._target_loss.isEnabled()


def test_dataset_choice_is_announced(qtbot: QtBot) -> None:
    panel = ControlsPanel([])
    qtbot.addWidget(panel)
    panel.set_datasets({"embedded": True, "mnist": False, "fashion": False})
    panel.show_dataset("embedded", (8000, 1000, 1000))
    assert "8,000" in panel._dataset_note.text()
    fashion = panel._dataset.findData("fashion")
    assert not panel._dataset.model().item(fashion).isEnabled()
    with qtbot.waitSignal(panel.dataset_chosen) as blocker:
        panel._dataset.activated.emit(panel._dataset.findData("folder"))
    assert blocker.args == ["folder"]
