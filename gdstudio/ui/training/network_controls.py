"""The "Network" group of the controls: a preset, or the network and optimizer one by one.

Choosing a preset fills every field from `gdstudio.core.training.presets`; editing a field
afterwards shows "Custom" unless the fields happen to match a preset again. The tutorial's network
is the default. The group edits a `ModelConfig` and the optimizer part of a `TrainConfig`
(optimizer, weight decay, schedule); the controls panel combines it with the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QWidget,
)

from gdstudio.core.nn.functions import ACTIVATIONS, LOSSES
from gdstudio.core.nn.model import ARCHITECTURES, HIDDEN_RANGE, ModelConfig, build_model
from gdstudio.core.nn.optimizers import OPTIMIZERS, SCHEDULES
from gdstudio.core.training.presets import DEFAULT_PRESET, PRESETS
from gdstudio.core.training.trainer import TrainConfig
from gdstudio.ui.training.optimizer_names import optimizer_names
from gdstudio.ui.widgets.view_events import Retranslating

#: the preset box's entry when the fields match no preset
CUSTOM = "custom"
#: the optimizer settings a preset fixes (the rest of TrainConfig stays the user's)
_OPTIMIZER_FIELDS = ("optimizer", "weight_decay", "schedule", "step_epochs")
#: ... and the ones it fills in as a starting point
_PRESET_FIELDS = (*_OPTIMIZER_FIELDS, "lr", "batch_size", "epochs")


def matching_preset(model: ModelConfig, train: TrainConfig) -> str:
    """The name of the preset with this network and optimizer settings, else CUSTOM."""
    for name, p in PRESETS.items():
        same_train = all(getattr(train, f) == getattr(p.train, f) for f in _OPTIMIZER_FIELDS)
        if same_train and model.canonical() == p.model.canonical():
            return name
    return CUSTOM


def with_preset(name: str, config: TrainConfig) -> TrainConfig:
    """`config` with the preset's optimizer, schedule, learning rate, batch size and epochs."""
    preset_train = PRESETS[name].train_config()
    return replace(config, **{f: getattr(preset_train, f) for f in _PRESET_FIELDS})


class NetworkGroup(Retranslating, QGroupBox):
    """Edits the network (`model_config`) and the optimizer settings (`apply_to`)."""

    #: the user changed the network: the new ModelConfig (a reset is needed to use it)
    model_changed = Signal(object)
    #: the user chose a preset: its name (its training settings are in `apply_to`)
    preset_chosen = Signal(str)

    #: the form's rows, each shown by the widget `self._<row>`
    _ROWS = (
        "preset",
        "architecture",
        "hidden",
        "activation",
        "loss",
        "optimizer",
        "weight_decay",
        "schedule",
        "step_epochs",
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._preset = QComboBox()
        for name in (*PRESETS, CUSTOM):
            self._preset.addItem("", name)
        self._architecture = QComboBox()
        for name in ARCHITECTURES:
            self._architecture.addItem("", name)
        self._hidden = QSpinBox()
        self._hidden.setRange(*HIDDEN_RANGE)
        self._hidden.setKeyboardTracking(False)  # typing "256" is one change, not three
        self._activation = QComboBox()
        for name in ACTIVATIONS:
            self._activation.addItem("", name)
        self._loss = QComboBox()
        for name in LOSSES:
            self._loss.addItem("", name)
        self._init = QLabel()
        self._init.setWordWrap(True)
        self._optimizer = QComboBox()
        for name in OPTIMIZERS:
            self._optimizer.addItem("", name)
        self._weight_decay = QDoubleSpinBox()
        self._weight_decay.setDecimals(5)
        self._weight_decay.setRange(0.0, 1.0)
        self._weight_decay.setSingleStep(0.0001)
        self._schedule = QComboBox()
        for name in SCHEDULES:
            self._schedule.addItem("", name)
        self._step_epochs = QSpinBox()
        self._step_epochs.setRange(1, 1000)

        self._labels = {key: QLabel() for key in self._ROWS}
        self.form = QFormLayout(self)
        for key in self._ROWS:
            self.form.addRow(self._labels[key], getattr(self, f"_{key}"))
        self.form.addRow(self._init)

        self._filling = False
        self.set_model_config(PRESETS[DEFAULT_PRESET].model)
        self.set_train_config(PRESETS[DEFAULT_PRESET].train_config())
        self._preset.activated.connect(self._on_preset_activated)
        for box in (self._architecture, self._activation, self._loss):
            box.activated.connect(self._on_model_edited)
        self._hidden.valueChanged.connect(self._on_model_edited)
        for box in (self._optimizer, self._schedule):
            box.activated.connect(self._on_optimizer_edited)
        self._weight_decay.valueChanged.connect(self._on_optimizer_edited)
        self._step_epochs.valueChanged.connect(self._on_optimizer_edited)
        self.retranslate()

    # --- the configuration ------------------------------------------------------------------

    def model_config(self) -> ModelConfig:
        return ModelConfig(
            architecture=self._architecture.currentData(),
            activation=self._activation.currentData(),
            loss=self._loss.currentData(),
            hidden=self._hidden.value(),
        )

    def set_model_config(self, config: ModelConfig) -> None:
        """Show `config` (no signal)."""
        self._fill(lambda: self._show_model(config))

    def apply_to(self, config: TrainConfig) -> TrainConfig:
        """`config` with this group's optimizer, weight decay and schedule."""
        return replace(
            config,
            optimizer=self._optimizer.currentData(),
            weight_decay=self._weight_decay.value(),
            schedule=self._schedule.currentData(),
            step_epochs=self._step_epochs.value(),
        )

    def set_train_config(self, config: TrainConfig) -> None:
        """Show the optimizer settings of `config` (no signal)."""

        def show() -> None:
            self._optimizer.setCurrentIndex(self._optimizer.findData(config.optimizer))
            self._weight_decay.setValue(config.weight_decay)
            self._schedule.setCurrentIndex(self._schedule.findData(config.schedule))
            self._step_epochs.setValue(config.step_epochs)

        self._fill(show)

    def preset_name(self) -> str:
        """The preset the fields match, or CUSTOM."""
        return str(self._preset.currentData())

    # --- internals --------------------------------------------------------------------------

    def _fill(self, show: Callable[[], None]) -> None:
        """Run `show` (which sets fields) without announcing edits, then update the rest."""
        self._filling = True
        try:
            show()
        finally:
            self._filling = False
        self._update()

    def _show_model(self, config: ModelConfig) -> None:
        self._architecture.setCurrentIndex(self._architecture.findData(config.architecture))
        self._activation.setCurrentIndex(self._activation.findData(config.activation))
        self._loss.setCurrentIndex(self._loss.findData(config.loss))
        self._hidden.setValue(config.hidden)

    def _update(self) -> None:
        """Enable what the architecture uses, name the matching preset, state the init."""
        model = self.model_config()
        self._hidden.setEnabled(model.architecture == "mlp")
        self._activation.setEnabled(model.architecture != "linear")
        self._step_epochs.setEnabled(self._schedule.currentData() == "step")
        preset = matching_preset(model, self.apply_to(TrainConfig()))
        self._preset.setCurrentIndex(self._preset.findData(preset))
        self._init.setText(self._init_text(model))
        self._init.setToolTip(build_model(model).init_description)

    def _on_preset_activated(self, index: int) -> None:
        name = self._preset.itemData(index)
        if name == CUSTOM:
            return
        preset = PRESETS[name]
        self.set_model_config(preset.model)
        self.set_train_config(preset.train_config())
        self.preset_chosen.emit(name)

    def _on_model_edited(self, *_: object) -> None:
        if self._filling:
            return
        self._update()
        self.model_changed.emit(self.model_config())

    def _on_optimizer_edited(self, *_: object) -> None:
        if not self._filling:
            self._update()

    def _init_text(self, model: ModelConfig) -> str:
        if model.architecture == "mlp" and model.activation == "relu":
            scheme = self.tr("He uniform for the ReLU layer, Xavier/Glorot for the output layer")
        elif model.architecture == "mlp":
            scheme = self.tr("Xavier/Glorot uniform, which suits {0}").format(
                self._activation.currentText()
            )
        else:
            scheme = self.tr("Xavier/Glorot uniform")
        return self.tr("Initialisation: {0}; biases start at 0").format(scheme)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Network"))
        rows = {
            "preset": self.tr("Preset"),
            "architecture": self.tr("Architecture"),
            "hidden": self.tr("Hidden units"),
            "activation": self.tr("Activation"),
            "loss": self.tr("Loss"),
            "optimizer": self.tr("Optimizer"),
            "weight_decay": self.tr("L2 weight decay"),
            "schedule": self.tr("α schedule"),
            "step_epochs": self.tr("Step every (epochs)"),
        }
        for key, text in rows.items():
            self._labels[key].setText(text)
        names = {
            self._preset: {
                "tutorial": self.tr("The tutorial's network"),
                "softmax-regression": self.tr("Softmax regression"),
                "mlp": self.tr("MLP 784-100-10"),
                CUSTOM: self.tr("Custom"),
            },
            self._architecture: {
                "tutorial": self.tr("tanh(x + b0), then softmax (tutorial)"),
                "linear": self.tr("softmax(x·w1 + b1) (no hidden layer)"),
                "mlp": self.tr("One hidden layer 784-H-10"),
            },
            self._activation: {
                "tanh": self.tr("tanh"),
                "sigmoid": self.tr("sigmoid"),
                "relu": self.tr("ReLU"),
            },
            self._loss: {
                "squared": self.tr("Squared error (tutorial)"),
                "cross_entropy": self.tr("Cross-entropy"),
            },
            self._optimizer: optimizer_names(),
            self._schedule: {
                "constant": self.tr("constant"),
                "step": self.tr("step (×0.1)"),
                "cosine": self.tr("cosine"),
            },
        }
        for box, texts in names.items():
            for index in range(box.count()):
                data = box.itemData(index)
                box.setItemText(index, texts.get(data, data))
        self._preset.setToolTip(
            self.tr("Choosing a preset fills the network and optimizer settings and resets the run")
        )
        self._hidden.setToolTip(self.tr("Units in the hidden layer (16 to 512)"))
        self._weight_decay.setToolTip(
            self.tr("Adds decay × w to every parameter's gradient (L2 regularisation)")
        )
        self._optimizer.setToolTip(self.tr("Used from the next reset"))
        self._init.setText(self._init_text(self.model_config()))
