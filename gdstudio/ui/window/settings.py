"""What the main window remembers between sessions: its settings store and the values read
from it (training settings, network, data), each falling back to the default when the stored
value is nonsense or from another version."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from gdstudio.core.data.datasets import Dataset, load_dataset
from gdstudio.core.data.idx import DataError
from gdstudio.core.nn.model import ConfigError, ModelConfig
from gdstudio.core.training.trainer import TrainConfig

if TYPE_CHECKING:
    from gdstudio.ui.window.main_window import MainWindow

__all__ = [
    "load_model_config",
    "load_saved_dataset",
    "load_train_config",
    "restore_window",
    "save_window",
    "setting",
    "settings",
]


def settings() -> QSettings:
    """The user's settings (window layout, last hyperparameters, language)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "gdstudio", "gdstudio")


_Value = TypeVar("_Value", bool, int, float)


def setting(store: QSettings, key: str, default: _Value) -> _Value:
    """`store`'s value at `key` in `default`'s type (QSettings converts any text, nonsense to
    zero); PySide6's stubs type every value as `object`."""
    value = store.value(key, default, type=type(default))
    assert isinstance(value, type(default))
    return value


def load_train_config(s: QSettings) -> TrainConfig:
    d = TrainConfig()
    config = TrainConfig(
        lr=setting(s, "train/lr", d.lr),
        batch_size=setting(s, "train/batch_size", d.batch_size),
        epochs=setting(s, "train/epochs", d.epochs),
        seed=setting(s, "train/seed", d.seed),
    )
    try:
        config.validate()
    except ValueError:
        return d
    return config


def load_model_config(s: QSettings) -> ModelConfig:
    config = ModelConfig(
        architecture=str(s.value("network/architecture", "tutorial")),
        activation=str(s.value("network/activation", "tanh")),
        loss=str(s.value("network/loss", "squared")),
        hidden=setting(s, "network/hidden", 100),
    ).canonical()
    try:
        config.validate()
    except ConfigError:
        return ModelConfig()  # settings from another version: the tutorial's network
    return config


def load_saved_dataset(s: QSettings) -> Dataset:
    name = str(s.value("data/source", "embedded"))
    try:
        return load_dataset(name)
    except DataError:
        return load_dataset("embedded")


def restore_window(window: MainWindow, s: QSettings) -> None:
    """The window's geometry and docks as last saved, the paces of the main run and of the
    comparisons (nonsense in the settings: full speed)."""
    geometry = s.value("window/geometry")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    else:
        window.resize(1200, 760)
    state = s.value("window/state")
    if isinstance(state, QByteArray):
        window.restoreState(state)
    for key, box in (
        ("run/pace", window.controls.pace),
        ("compare/pace", window.compare.controls.pace),
    ):
        try:
            box.set_pace(setting(s, key, 0.0))
        except ValueError:
            box.set_pace(0.0)


def save_window(window: MainWindow, s: QSettings) -> None:
    """Remember the window, the training settings, network, data, language and paces."""
    config = window.controls.config()
    presenting = window.presentation.on
    if presenting:
        window.set_presentation(False)  # remember the window, not the projector's screen
    s.setValue("window/geometry", window.saveGeometry())
    s.setValue("window/state", window.saveState())
    s.setValue("train/lr", config.lr)
    s.setValue("train/batch_size", config.batch_size)
    s.setValue("train/epochs", config.epochs)
    s.setValue("train/seed", config.seed)
    s.setValue("data/source", window.dataset.name)
    network = window.controller.model.config
    s.setValue("network/architecture", network.architecture)
    s.setValue("network/activation", network.activation)
    s.setValue("network/loss", network.loss)
    s.setValue("network/hidden", network.hidden)
    s.setValue("language", window.language)
    s.setValue("presentation", presenting)
    s.setValue("run/pace", window.controls.pace.pace())
    s.setValue("compare/pace", window.compare.controls.pace.pace())
    s.sync()
