"""What the two network pages of the loss-surface view share (modes 2 and 3).

Both compute in the surface worker through `submit(page, job)`, where a job is a core generator
(coarse grid first); the view routes each result back to the page that asked for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.model import LayeredNet, Params
from gdstudio.core.surfaces.descent import Grid
from gdstudio.core.surfaces.surface import DATA_CHOICES
from gdstudio.ui.surface.surface_panel import SurfacePage
from gdstudio.ui.surface.surface_plot import SurfacePlot
from gdstudio.ui.surface.surface_widgets import PALETTE, LossPlot

Job = Callable[[Callable[[], bool]], Iterable[object]]
Submit = Callable[[QWidget, Job], None]

TRAINING_COLOUR = PALETTE[1]


def odd_spin(low: int, high: int, value: int) -> QSpinBox:
    """Grid sizes are odd, so that the current values sit exactly on the middle point."""
    box = QSpinBox()
    box.setRange(low, high)
    box.setSingleStep(10)
    box.setValue(value)
    box.editingFinished.connect(lambda: box.setValue(box.value() | 1))
    return box


class NetworkPage(SurfacePage):
    """What both network pages share: the current parameters, the data choice, the plots."""

    def __init__(self, model: LayeredNet, submit: Submit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._submit = submit
        self.dataset: Dataset | None = None
        self.params: Params | None = None
        self.step = 0
        self.surface_step: int | None = None  # the step the shown surface was computed at
        self.busy = False
        self.data_box = QComboBox()
        for key in DATA_CHOICES:
            self.data_box.addItem("", key)
        self.log_box = QCheckBox()
        self.recompute_button = QPushButton()
        self.recompute_button.clicked.connect(lambda: self.compute())
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.surface = SurfacePlot()
        self.loss_plot = LossPlot()
        self.form = QFormLayout()
        self._labels: dict[str, QLabel] = {}
        self.side = QVBoxLayout()
        self.side.addLayout(self.form)
        self.lay_out(self.side, self.surface, self.loss_plot)
        self._grid: Grid | None = None
        self.log_box.toggled.connect(lambda: self._show_grid(fit=False))

    def row(self, key: str, widget: QWidget | Any) -> None:
        self._labels[key] = QLabel()
        self.form.addRow(self._labels[key], widget)

    def label(self, key: str, text: str) -> None:
        self._labels[key].setText(text)

    def compute(self) -> None:
        """Recompute the surface around the current parameters (in the surface worker)."""
        raise NotImplementedError

    def retranslate_shared(self) -> None:
        """The words both pages share: the data choices, and the rows, buttons and axes both
        have (a page sets its own after)."""
        self.label("data", self.tr("Data"))
        self.label("grid", self.tr("Grid"))
        self.label("span", self.tr("Half-span"))
        self.recompute_button.setText(self.tr("Recompute around the current values"))
        self.log_box.setText(self.tr("Log scale"))
        self.loss_plot.set_labels(self.tr("step"), self.tr("loss"))
        names = {
            "batch": self.tr("A batch (100 training samples)"),
            "valid": self.tr("Validation (1,000 samples)"),
            "train": self.tr("The whole training split"),
        }
        for index in range(self.data_box.count()):
            self.data_box.setItemText(index, names[self.data_box.itemData(index)])

    def set_dataset(self, dataset: Dataset) -> None:
        self.dataset = dataset

    def set_model(self, model: LayeredNet) -> None:
        """Forget the old network's parameters and surface; the next frame brings the new's."""
        self.model = model
        self.params = None
        self.step = 0
        self.surface_step = None
        self._grid = None
        self.surface.set_grid(None, log=False, fit=True)
        self.surface.set_paths([])
        self.loss_plot.set_paths([])

    def take_params(self, params: Params, step: int) -> None:
        self.params = params
        self.step = step

    def ready(self) -> bool:
        return self.dataset is not None and self.params is not None

    def set_busy(self, busy: bool) -> None:
        self.busy = busy

    def on_failed(self, message: str) -> None:
        self.status.setText(self.tr("Could not compute the surface: {0}").format(message))

    def _show_grid(self, fit: bool) -> None:
        self.surface.set_grid(self._grid, log=self.log_box.isChecked(), fit=fit)
