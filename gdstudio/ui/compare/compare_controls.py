"""The controls of a comparison: the setting to vary and its values, the rest, the buttons
(among them three one-click comparisons: the α race, squared error against cross-entropy, and
plain gradient descent against Adam) and the pace of the race.

Its Start is "Run comparison", told apart from the window's Start (the main run, Space).

Only input: `configs()` turns what is typed into `TrainConfig`s through the core
(`gdstudio.core.training.experiments`), which says what is wrong with bad input.
"""

from __future__ import annotations

import math
from typing import Any, TypeGuard

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QToolButton,
    QWidget,
)

from gdstudio.core.training.experiments import (
    ADAM_LR,
    ALPHA_RACE,
    SETTINGS,
    comparison_configs,
    parse_values,
)
from gdstudio.core.training.trainer import TrainConfig
from gdstudio.ui.training.controls import LR_MAX, LR_MIN
from gdstudio.ui.training.pace_box import PaceBox
from gdstudio.ui.widgets.view_events import Retranslating
from gdstudio.workers.training import PAUSED, RUNNING

__all__ = ["EXPORTS", "ComparisonControls"]

#: what the Export menu offers, by file suffix
EXPORTS = ("png", "svg", "csv", "npz")
DEFAULT_EPOCHS = 3


class ComparisonControls(Retranslating, QWidget):
    start_clicked = Signal()
    pause_clicked = Signal()  # pause, or resume when paused
    stop_clicked = Signal()
    race_clicked = Signal()
    loss_clicked = Signal()  # "Squared vs cross-entropy"
    optimizer_clicked = Signal()  # "SGD vs Adam"
    export_requested = Signal(str)  # one of EXPORTS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._setting_label, self._setting = QLabel(), QComboBox()
        for name in SETTINGS:
            self._setting.addItem("", name)
        self._values_label = QLabel()
        self._values = QLineEdit()
        self._race = QPushButton()
        self._losses = QPushButton()
        self._optimizers = QPushButton()
        self._lr_label, self._lr = QLabel(), QDoubleSpinBox()
        self._lr.setDecimals(4)
        self._lr.setRange(LR_MIN, LR_MAX)
        self._lr.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
        self._batch_label, self._batch = QLabel(), QSpinBox()
        self._batch.setRange(1, 10_000)
        self._seed_label, self._seed = QLabel(), QSpinBox()
        self._seed.setRange(0, 2**31 - 1)
        self._epochs_label, self._epochs = QLabel(), QSpinBox()
        self._epochs.setRange(1, 10_000)
        self._boxes: dict[str, QDoubleSpinBox | QSpinBox] = {
            "lr": self._lr,
            "batch_size": self._batch,
            "seed": self._seed,
            "epochs": self._epochs,
        }
        self.start_button = QPushButton()  # "Run comparison": not the window's Start
        self.pause_button = QPushButton()
        self.stop_button = QPushButton()
        self._pace_label = QLabel()
        self.pace = PaceBox()  # of the comparisons' rounds (one step of every run)
        self._pace_label.setBuddy(self.pace)
        self._export = QToolButton()
        self._export.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self._export)
        self._export_actions = {kind: menu.addAction("") for kind in EXPORTS}
        self._export.setMenu(menu)
        self._message = QLabel()
        self._message.setStyleSheet("color: #b00020;")
        self._message.setWordWrap(True)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        first = QHBoxLayout()
        first.addWidget(self._setting_label)
        first.addWidget(self._setting)
        first.addWidget(self._values_label)
        first.addWidget(self._values, 1)
        first.addSpacing(12)
        for button in (self.start_button, self.pause_button, self.stop_button):
            first.addWidget(button)
        # the presets on a row of their own, so that the toolbar fits a 1280-pixel-wide window
        presets = QHBoxLayout()
        for button in (self._race, self._losses, self._optimizers):
            presets.addWidget(button)
        presets.addStretch(1)
        presets.addWidget(self._pace_label)
        presets.addWidget(self.pace)
        second = QHBoxLayout()
        for label, box in (
            (self._lr_label, self._lr),
            (self._batch_label, self._batch),
            (self._seed_label, self._seed),
            (self._epochs_label, self._epochs),
        ):
            label.setBuddy(box)
            second.addWidget(label)
            second.addWidget(box)
        second.addWidget(self._message, 1)
        second.addWidget(self._export)
        self._setting_label.setBuddy(self._setting)
        self._values_label.setBuddy(self._values)
        grid.addLayout(first, 0, 0)
        grid.addLayout(presets, 1, 0)
        grid.addLayout(second, 2, 0)

        self._paused = False
        self._epochs.setValue(DEFAULT_EPOCHS)
        self.set_alpha_race()
        self._setting.currentIndexChanged.connect(self._on_setting_changed)
        self._race.clicked.connect(self.race_clicked)
        self._losses.clicked.connect(self.loss_clicked)
        self._optimizers.clicked.connect(self.optimizer_clicked)
        self.start_button.clicked.connect(self.start_clicked)
        self.pause_button.clicked.connect(self.pause_clicked)
        self.stop_button.clicked.connect(self.stop_clicked)
        for kind, action in self._export_actions.items():
            action.triggered.connect(lambda _=False, kind=kind: self.export_requested.emit(kind))
        self._on_setting_changed()
        self.set_state("idle", False)
        self.retranslate()

    def setting(self) -> str:
        """The varied setting, as a `TrainConfig` field name."""
        return str(self._setting.currentData())

    def base_config(self) -> TrainConfig:
        """The settings typed below the values: α, batch size, epochs and seed."""
        return TrainConfig(
            lr=self._lr.value(),
            batch_size=self._batch.value(),
            epochs=self._epochs.value(),
            seed=self._seed.value(),
        )

    def configs(self) -> list[TrainConfig]:
        """One configuration per value typed; ValueError saying what is wrong."""
        values = parse_values(self.setting(), self._values.text())
        return comparison_configs(self.base_config(), self.setting(), values)

    def set_alpha_race(self) -> None:
        """α = 0.1, 1, 10 and 30, with the other settings at their defaults."""
        self._setting.setCurrentIndex(SETTINGS.index("lr"))
        self._values.setText(", ".join(f"{v:g}" for v in ALPHA_RACE))
        defaults = TrainConfig()
        self._lr.setValue(defaults.lr)
        self._batch.setValue(defaults.batch_size)
        self._seed.setValue(defaults.seed)

    def set_state(self, state: str, one_run_selected: bool) -> None:
        running, paused = state == RUNNING, state == PAUSED
        self.start_button.setEnabled(not running)
        for button in (self._race, self._losses, self._optimizers):
            button.setEnabled(not running and not paused)
        self.pause_button.setEnabled(running or paused)
        self.stop_button.setEnabled(running or paused)
        self._paused = paused
        self.pause_button.setText(self.tr("Resume") if paused else self.tr("Pause"))
        self._export_actions["npz"].setEnabled(one_run_selected)

    def show_message(self, text: str) -> None:
        self._message.setText(text)

    def message(self) -> str:
        return self._message.text()

    def settings(self) -> dict[str, Any]:
        """What is typed, as JSON values."""
        values: dict[str, Any] = {"setting": self.setting(), "values": self._values.text()}
        values.update({name: box.value() for name, box in self._boxes.items()})
        values["pace"] = self.pace.pace()
        return values

    def apply_settings(self, settings: dict[str, Any]) -> None:
        """Fill in `settings()` output; entries that are unknown or do not fit are ignored."""
        if settings.get("setting") in SETTINGS:
            self._setting.setCurrentIndex(SETTINGS.index(settings["setting"]))
        if isinstance(settings.get("values"), str):
            self._values.setText(settings["values"])
        for name, box in self._boxes.items():
            value = settings.get(name)
            if not _is_number(value):
                continue
            if isinstance(box, QSpinBox):
                box.setValue(int(value))  # as Qt itself does: a fraction is cut off
            else:
                box.setValue(value)
        pace = settings.get("pace")
        if _is_number(pace) and pace >= 0:
            self.pace.set_pace(pace)

    def _on_setting_changed(self) -> None:
        """The varied setting's own box would be ignored: disable it."""
        for name in SETTINGS:
            self._boxes[name].setEnabled(name != self.setting())

    def retranslate(self) -> None:
        self._setting_label.setText(self.tr("Var&y"))
        names = (self.tr("learning rate α"), self.tr("batch size"), self.tr("seed"))
        for i, text in enumerate(names):
            self._setting.setItemText(i, text)
        self._values_label.setText(self.tr("Va&lues"))
        self._values.setToolTip(self.tr("2 to 6 different values, separated by commas"))
        self._race.setText(self.tr("α r&ace"))
        self._race.setToolTip(
            self.tr("Race α = 0.1, 1, 10 and 30: slow, good, unstable and saturated")
        )
        self._losses.setText(self.tr("Squared vs cross-entropy"))
        self._losses.setToolTip(
            self.tr(
                "Two runs of the chosen network, one with the squared error and one with "
                "cross-entropy; everything else (α, batch, seed, epochs below) the same"
            )
        )
        self._optimizers.setText(self.tr("SGD vs Adam"))
        self._optimizers.setToolTip(
            self.tr(
                "Two runs of the chosen network: plain gradient descent with the α below, and "
                "Adam with α = {0}; everything else the same"
            ).format(f"{ADAM_LR:g}")
        )
        self._lr_label.setText(self.tr("α"))
        self._batch_label.setText(self.tr("Batch"))
        self._seed_label.setText(self.tr("Seed"))
        self._epochs_label.setText(self.tr("Epochs"))
        self.start_button.setText(self.tr("Run comparison"))
        self.start_button.setToolTip(
            self.tr(
                "Train the runs set above together, one step each in turn. The main run is "
                "another: the training panel's Start and Space drive it"
            )
        )
        self.pause_button.setText(self.tr("Resume") if self._paused else self.tr("Pause"))
        self.pause_button.setToolTip(self.tr("Pause or resume the comparison (not the main run)"))
        self.stop_button.setText(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("End the comparison (not the main run)"))
        self._pace_label.setText(self.tr("Pace"))
        self._export.setText(self.tr("&Export"))
        texts = {
            "png": self.tr("Plots as PNG…"),
            "svg": self.tr("Plots as SVG…"),
            "csv": self.tr("Metrics as CSV…"),
            "npz": self.tr("Selected run's parameters (.npz)…"),
        }
        for kind, action in self._export_actions.items():
            action.setText(texts[kind])


def _is_number(value: object) -> TypeGuard[float]:
    """A finite int or float (not a bool), as JSON settings hold numbers."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
