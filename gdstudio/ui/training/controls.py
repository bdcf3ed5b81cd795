"""The training controls: dataset, network, learning rate, batch size, epochs, seed, targets,
the run's pace, buttons."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gdstudio.core.nn.model import ModelConfig
from gdstudio.core.training.trainer import TrainConfig
from gdstudio.ui.training.network_controls import NetworkGroup, with_preset
from gdstudio.ui.training.pace_box import PaceBox
from gdstudio.ui.widgets.view_events import Retranslating

LR_MIN, LR_MAX = 1e-4, 100.0
_SLIDER_STEPS = 600  # 100 positions per decade


def lr_to_slider(lr: float) -> int:
    fraction = (math.log10(lr) - math.log10(LR_MIN)) / (math.log10(LR_MAX) - math.log10(LR_MIN))
    return round(min(max(fraction, 0.0), 1.0) * _SLIDER_STEPS)


def slider_to_lr(position: int) -> float:
    exponent = math.log10(LR_MIN) + position / _SLIDER_STEPS * math.log10(LR_MAX / LR_MIN)
    return float(f"{10**exponent:.3g}")  # round numbers a student can read back


class ControlsPanel(Retranslating, QWidget):
    """Edits a `TrainConfig`; its buttons show the window's Run actions."""

    lr_changed = Signal(float)
    batch_size_changed = Signal(int)
    dataset_chosen = Signal(str)  # a source name, or "folder" to ask for one
    #: a preset or another network was chosen: (ModelConfig, TrainConfig); reset to use them
    network_changed = Signal(object, object)

    def __init__(self, run_actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        defaults = TrainConfig()
        self._sizes = (0, 0, 0)

        self._data_box = QGroupBox()
        self._dataset = QComboBox()
        self._dataset_note = QLabel()
        self._dataset_note.setWordWrap(True)
        data_layout = QVBoxLayout(self._data_box)
        data_layout.addWidget(self._dataset)
        data_layout.addWidget(self._dataset_note)

        self.network = NetworkGroup()

        self._settings_box = QGroupBox()
        self._lr_slider = QSlider(Qt.Orientation.Horizontal)
        self._lr_slider.setRange(0, _SLIDER_STEPS)
        self._lr_slider.setMinimumWidth(110)
        self._lr_spin = QDoubleSpinBox()
        self._lr_spin.setDecimals(4)
        self._lr_spin.setRange(LR_MIN, LR_MAX)
        self._lr_spin.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
        self._batch = QSpinBox()
        self._batch.setRange(1, 10_000)
        self._epochs = QSpinBox()
        self._epochs.setRange(1, 10_000)
        self._seed = QSpinBox()
        self._seed.setRange(0, 2**31 - 1)
        self._target_accuracy_on = QCheckBox()
        self._target_accuracy = QDoubleSpinBox()
        self._target_accuracy.setRange(0.1, 1.0)
        self._target_accuracy.setDecimals(3)
        self._target_accuracy.setSingleStep(0.01)
        self._target_accuracy.setValue(0.9)
        self._target_loss_on = QCheckBox()
        self._target_loss = QDoubleSpinBox()
        self._target_loss.setRange(0.0001, 10.0)
        self._target_loss.setDecimals(4)
        self._target_loss.setSingleStep(0.01)
        self._target_loss.setValue(0.15)

        # names that tests and accessibility tools find the fields by
        for field, name in (
            (self._lr_spin, "lrField"),
            (self._batch, "batchField"),
            (self._epochs, "epochsField"),
            (self._seed, "seedField"),
            (self._dataset, "datasetField"),
        ):
            field.setObjectName(name)

        lr_row = QHBoxLayout()
        lr_row.addWidget(self._lr_slider, 1)
        lr_row.addWidget(self._lr_spin)
        self._row_labels = [QLabel() for _ in range(4)]
        self._form = QFormLayout(self._settings_box)
        self._form.addRow(self._row_labels[0], lr_row)
        self._form.addRow(self._row_labels[1], self._batch)
        self._form.addRow(self._row_labels[2], self._epochs)
        self._form.addRow(self._row_labels[3], self._seed)
        self._form.addRow(self._target_accuracy_on, self._target_accuracy)
        self._form.addRow(self._target_loss_on, self._target_loss)

        # the pace of the run, beside the buttons that run it (`pace.pace_changed` announces it)
        self.pace = PaceBox()
        self._pace_label = QLabel()
        self._pace_label.setBuddy(self.pace)
        pace_row = QHBoxLayout()
        pace_row.addWidget(self._pace_label)
        pace_row.addWidget(self.pace, 1)

        buttons = QGridLayout()
        for i, action in enumerate(run_actions):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            buttons.addWidget(button, i // 3, i % 3)

        layout = QVBoxLayout(self)
        layout.addWidget(self._data_box)
        layout.addWidget(self.network)
        layout.addWidget(self._settings_box)
        layout.addStretch(1)
        # The buttons and the pace sit apart from the settings, in `run_bar`, so the window can
        # keep them in sight when the settings scroll (a class watches the Start button).
        self.run_bar = QWidget()
        self.run_bar.setObjectName("runBar")
        run_layout = QVBoxLayout(self.run_bar)
        run_layout.setContentsMargins(9, 6, 9, 6)
        run_layout.addLayout(buttons)
        run_layout.addLayout(pace_row)

        self._lr_slider.valueChanged.connect(self._on_slider_moved)
        self._lr_spin.valueChanged.connect(self._on_lr_typed)
        self.set_config(defaults)
        self._batch.valueChanged.connect(self.batch_size_changed)
        self._dataset.activated.connect(self._on_dataset_activated)
        self._target_accuracy_on.toggled.connect(self._target_accuracy.setEnabled)
        self._target_loss_on.toggled.connect(self._target_loss.setEnabled)
        self._target_accuracy.setEnabled(False)
        self._target_loss.setEnabled(False)
        self._run_in_progress = False
        self._new_run_only = [
            self._epochs,
            self._seed,
            self._target_accuracy_on,
            self._target_loss_on,
        ]
        self.network.preset_chosen.connect(self._on_preset_chosen)
        self.network.model_changed.connect(self._announce_network)
        self.retranslate()

    # --- the configuration ------------------------------------------------------------------

    def config(self) -> TrainConfig:
        return self.network.apply_to(self._gd_config())

    def _gd_config(self) -> TrainConfig:
        """The settings of the "Gradient descent" group (the optimizer's at their defaults)."""
        return TrainConfig(
            lr=self.lr,
            batch_size=self._batch.value(),
            epochs=self._epochs.value(),
            seed=self._seed.value(),
            target_valid_accuracy=(
                self._target_accuracy.value() if self._target_accuracy_on.isChecked() else None
            ),
            target_valid_loss=(
                self._target_loss.value() if self._target_loss_on.isChecked() else None
            ),
        )

    def set_config(self, config: TrainConfig) -> None:
        self.network.set_train_config(config)
        self.set_lr(config.lr)
        self._batch.setValue(config.batch_size)
        self._epochs.setValue(config.epochs)
        self._seed.setValue(config.seed)
        self._target_accuracy_on.setChecked(config.target_valid_accuracy is not None)
        if config.target_valid_accuracy is not None:
            self._target_accuracy.setValue(config.target_valid_accuracy)
        self._target_loss_on.setChecked(config.target_valid_loss is not None)
        if config.target_valid_loss is not None:
            self._target_loss.setValue(config.target_valid_loss)

    def model_config(self) -> ModelConfig:
        """The network the Network group shows."""
        return self.network.model_config()

    def set_model_config(self, config: ModelConfig) -> None:
        """Show `config` (e.g. a loaded checkpoint's network); no signal."""
        self.network.set_model_config(config)

    @property
    def lr(self) -> float:
        return self._lr_spin.value()

    def set_lr(self, lr: float) -> None:
        """Show `lr` (clamped to the slider's range) and announce it."""
        self._lr_spin.setValue(lr)  # the spin box's signal moves the slider and announces

    def set_run_in_progress(self, on: bool) -> None:
        """While a run is open (running or paused), the settings that only a new run can use
        (epochs, seed, stopping targets) are locked, so the panel never shows a value the run
        is not using; α and the batch size stay live. Reset or the run's end unlocks them."""
        self._run_in_progress = on
        for widget in self._new_run_only:
            widget.setEnabled(not on)
        self._target_accuracy.setEnabled(not on and self._target_accuracy_on.isChecked())
        self._target_loss.setEnabled(not on and self._target_loss_on.isChecked())
        self.retranslate()

    def set_presentation(self, on: bool) -> None:
        """In presentation mode's larger font, a field too wide beside its label goes below it,
        so that the panel leaves the views room on a projector."""
        wrap = QFormLayout.RowWrapPolicy
        policy = wrap.WrapLongRows if on else wrap.DontWrapRows
        self._form.setRowWrapPolicy(policy)
        self.network.form.setRowWrapPolicy(policy)

    # --- datasets ---------------------------------------------------------------------------

    def set_datasets(self, available: dict[str, bool]) -> None:
        """The named sources, each enabled when it can be used; then "Open folder…"."""
        current = self._dataset.currentData()
        self._dataset.clear()
        model = self._dataset.model()
        assert isinstance(model, QStandardItemModel)  # a combo box's own model
        for name, ok in available.items():
            self._dataset.addItem("", name)
            item = model.item(self._dataset.count() - 1)
            item.setEnabled(ok or name == "mnist")  # MNIST is downloaded on request
        self._dataset.addItem("", "folder")
        self._name_datasets()
        if current is not None:
            self.show_dataset(current)

    def show_dataset(self, name: str, sizes: tuple[int, int, int] | None = None) -> None:
        """Select `name` (a folder path gets its own entry) and show its split sizes."""
        index = self._dataset.findData(name)
        if index < 0:
            self._dataset.insertItem(self._dataset.count() - 1, name, name)
            index = self._dataset.findData(name)
        self._dataset.setCurrentIndex(index)
        if sizes is not None:
            self._sizes = sizes
        self._show_sizes()

    def _show_sizes(self) -> None:
        train, valid, test = self._sizes
        self._dataset_note.setText(
            self.tr("{0} training / {1} validation / {2} test").format(
                f"{train:,}", f"{valid:,}", f"{test:,}"
            )
        )

    def _name_datasets(self) -> None:
        labels = {
            "embedded": self.tr("MNIST, 10,000 digits (built in)"),
            "mnist": self.tr("Full MNIST, 70,000 digits"),
            "fashion": self.tr("Fashion-MNIST, 70,000 images"),
            "folder": self.tr("Open folder…"),
        }
        for index in range(self._dataset.count()):
            name = self._dataset.itemData(index)
            self._dataset.setItemText(index, labels.get(name, name))

    # --- handlers ---------------------------------------------------------------------------

    def _on_slider_moved(self, position: int) -> None:
        self._lr_spin.setValue(slider_to_lr(position))

    def _on_lr_typed(self, lr: float) -> None:
        self._lr_slider.blockSignals(True)
        self._lr_slider.setValue(lr_to_slider(lr))
        self._lr_slider.blockSignals(False)
        self.lr_changed.emit(lr)

    def _on_preset_chosen(self, name: str) -> None:
        """The preset fills the learning rate, batch size and epochs too, then is announced."""
        self.set_config(with_preset(name, self.config()))
        self._announce_network()

    def _announce_network(self, *_: object) -> None:
        self.network_changed.emit(self.model_config(), self.config())

    def _on_dataset_activated(self, index: int) -> None:
        self.dataset_chosen.emit(self._dataset.itemData(index))

    def retranslate(self) -> None:
        self._data_box.setTitle(self.tr("Data"))
        self._settings_box.setTitle(self.tr("Gradient descent"))
        labels = [
            self.tr("Learning rate α"),
            self.tr("Batch size"),
            self.tr("Epochs"),
            self.tr("Random seed"),
        ]
        for label, text in zip(self._row_labels, labels, strict=True):
            label.setText(text)
        self._lr_slider.setToolTip(
            self.tr("Learning rate on a log scale, 0.0001 to 100; used from the next step on")
        )
        self._batch.setToolTip(self.tr("Samples averaged per step; used from the next step on"))
        locked = self.tr("Used by the next run: Reset (R) or let this run finish to change it")
        for widget in self._new_run_only:
            widget.setToolTip(locked if self._run_in_progress else "")
        if not self._run_in_progress:
            self._seed.setToolTip(
                self.tr("Same seed, same initial weights and batch order: Reset repeats a run")
            )
        self._pace_label.setText(self.tr("Pace"))
        self._target_accuracy_on.setText(self.tr("Stop at validation accuracy"))
        self._target_loss_on.setText(self.tr("Stop at validation loss"))
        self._name_datasets()
        self._show_sizes()
