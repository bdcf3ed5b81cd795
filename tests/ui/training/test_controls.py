from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from gdstudio.core.nn.model import ModelConfig, build_model
from gdstudio.core.training.presets import PRESETS
from gdstudio.core.training.trainer import TrainConfig
from gdstudio.ui.training.controls import LR_MAX, LR_MIN, ControlsPanel, lr_to_slider, slider_to_lr
from gdstudio.ui.training.network_controls import CUSTOM


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


def test_the_tutorial_is_the_default_network(qtbot: QtBot) -> None:
    panel = ControlsPanel([])
    qtbot.addWidget(panel)
    assert panel.model_config() == ModelConfig()
    assert panel.network.preset_name() == "tutorial"
    assert panel.config() == TrainConfig()


@pytest.mark.parametrize("name", list(PRESETS))
def test_choosing_a_preset_emits_its_configs(qtbot: QtBot, name: str) -> None:
    panel = ControlsPanel([])
    qtbot.addWidget(panel)
    panel.set_config(TrainConfig(seed=7, lr=3.0, optimizer="adam"))
    panel.set_model_config(ModelConfig(architecture="mlp", activation="relu", hidden=32))
    assert panel.network.preset_name() == CUSTOM
    box = panel.network._preset
    with qtbot.waitSignal(panel.network_changed) as blocker:
        box.setCurrentIndex(box.findData(name))
        box.activated.emit(box.currentIndex())
    model, config = blocker.args
    expected = replace(PRESETS[name].train_config(), seed=7)  # the seed stays the user's
    assert model == PRESETS[name].model and config == expected
    assert panel.network.preset_name() == name and panel.lr == expected.lr


def test_editing_the_network_emits_it_and_states_the_initialisation(qtbot: QtBot) -> None:
    panel = ControlsPanel([])
    qtbot.addWidget(panel)
    network = panel.network
    with qtbot.waitSignal(panel.network_changed) as blocker:
        network._architecture.setCurrentIndex(network._architecture.findData("mlp"))
        network._architecture.activated.emit(network._architecture.currentIndex())
    model, _ = blocker.args
    assert model.architecture == "mlp" and network._hidden.isEnabled()
    assert "Xavier/Glorot" in network._init.text() and "He" not in network._init.text()
    with qtbot.waitSignal(panel.network_changed) as blocker:
        network._activation.setCurrentIndex(network._activation.findData("relu"))
        network._activation.activated.emit(network._activation.currentIndex())
    assert blocker.args[0].activation == "relu"
    assert "He uniform" in network._init.text()
    assert network._init.toolTip() == build_model(blocker.args[0]).init_description
    with qtbot.waitSignal(panel.network_changed) as blocker:
        network._hidden.setValue(256)
    assert blocker.args[0].hidden == 256 and network.preset_name() == CUSTOM


def test_optimizer_settings_are_part_of_the_config(qtbot: QtBot) -> None:
    panel = ControlsPanel([])
    qtbot.addWidget(panel)
    config = TrainConfig(optimizer="rmsprop", weight_decay=0.001, schedule="step", step_epochs=2)
    panel.set_config(config)
    assert panel.config() == config
    assert panel.network._step_epochs.isEnabled()
    panel.set_config(TrainConfig(schedule="cosine"))
    assert not panel.network._step_epochs.isEnabled()
