"""Mode 3 of the loss-surface view: the loss on a plane through all the network's parameters,
through the principal components of the recorded trajectory or two random directions, with the
trajectory projected onto it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QSpinBox, QWidget

from gdstudio.core.nn.model import LayeredNet, Params
from gdstudio.core.surfaces.descent import Grid
from gdstudio.core.surfaces.loss_plane import PlaneInfo, PlanePath, plane_results
from gdstudio.core.surfaces.surface import evaluation_data
from gdstudio.ui.surface.surface_network_page import TRAINING_COLOUR, NetworkPage, Submit, odd_spin
from gdstudio.ui.surface.surface_panel import number_box
from gdstudio.ui.surface.surface_widgets import PathStyle

#: snapshots kept of the training trajectory; when full, every other one is dropped
MAX_SNAPSHOTS = 400


class PlanePage(NetworkPage):
    """Mode 3: the loss on a plane through all parameters, with the projected trajectory."""

    def __init__(self, model: LayeredNet, submit: Submit, parent: QWidget | None = None) -> None:
        super().__init__(model, submit, parent)
        self.trajectory: list[Params] = []
        self._recorded_step = -1
        self.kind_box = QComboBox()
        self.kind_box.addItem("", "pca")
        self.kind_box.addItem("", "random")
        self.seed = QSpinBox()
        self.seed.setRange(0, 1_000_000)
        self.new_button = QPushButton()
        self.data_box.setCurrentIndex(self.data_box.findData("valid"))
        self.grid_size = odd_spin(11, 101, 51)
        self.span = number_box(0.01, 100.0, 1.0)
        self.row("kind", self.kind_box)
        seed_row = QHBoxLayout()
        seed_row.addWidget(self.seed, 1)
        seed_row.addWidget(self.new_button)
        self.row("seed", seed_row)
        self.row("data", self.data_box)
        self.row("grid", self.grid_size)
        self.row("span", self.span)
        self.side.addWidget(self.recompute_button)
        self.side.addWidget(self.log_box)
        self.side.addWidget(self.status, 1)
        self.info: PlaneInfo | None = None
        self.path: PlanePath | None = None
        self.kind_box.currentIndexChanged.connect(self._on_kind)
        self.new_button.clicked.connect(lambda: self.seed.setValue(self.seed.value() + 1))
        self.seed.valueChanged.connect(lambda: self.compute())
        self.retranslate()
        self._on_kind()

    def set_model(self, model: LayeredNet) -> None:
        """Start over on `model`: its trajectory is recorded afresh from its next frame."""
        super().set_model(model)
        self.trajectory.clear()
        self._recorded_step = -1
        self.info = self.path = None
        self.retranslate()

    def record(self, params: Params, step: int) -> None:
        """Keep a snapshot of the trajectory (a new run, with a smaller step, starts afresh)."""
        if step < self._recorded_step:
            self.trajectory.clear()
        if step != self._recorded_step:
            self.trajectory.append(params)
            self._recorded_step = step
        if len(self.trajectory) > MAX_SNAPSHOTS:
            self.trajectory[:] = self.trajectory[:-1:2] + self.trajectory[-1:]

    def show_frame(self, params: Params, step: int) -> None:
        first_params = self.params is None
        self.take_params(params, step)
        self.record(params, step)
        if self.info is None:
            self.status.setText(self._status_text())
        waiting = self.surface.message.isVisible()  # for a trajectory to take the PCA of
        if self.isVisible() and (first_params or (waiting and len(self.trajectory) >= 3)):
            self.compute()

    def compute(self) -> None:
        if not self.ready():
            return
        assert self.dataset is not None and self.params is not None
        kind = self.kind_box.currentData()
        if kind == "pca" and len(self.trajectory) < 3:
            self.status.setText(self._status_text())
            self.surface.set_message(self._status_text())
            return
        self.surface.set_message("")
        model, dataset, origin = self.model, self.dataset, self.params
        trajectory = list(self.trajectory)
        data, n = self.data_box.currentData(), self.grid_size.value() | 1
        span, seed = self.span.value(), self.seed.value()
        aspect = self.surface.data_aspect()
        self.surface_step = self.step
        self.status.setText(self.tr("Computing…"))

        def job(cancelled: Callable[[], bool]) -> Iterable[object]:
            x, labels = evaluation_data(dataset, data, np.float32)
            yield from plane_results(
                model, kind, trajectory, origin, x, labels, n, span, seed, cancelled, aspect
            )

        self._submit(self, job)

    def on_result(self, item: object) -> None:
        if isinstance(item, PlaneInfo):
            self.info, self.path = item, None
            self._grid = None
            self._draw_path()
            self._set_axis_labels()
            self.status.setText(self._status_text())
        elif isinstance(item, Grid):
            self._grid = item
            self._show_grid(fit=not item.final)
        elif isinstance(item, PlanePath):
            self.path = item
            self._draw_path()

    def _draw_path(self) -> None:
        paths = []
        if self.path is not None:
            paths.append(
                PathStyle(self.tr("training"), self.path.coords, self.path.losses, TRAINING_COLOUR)
            )
        elif self.info is not None and len(self.info.coords):
            nan = np.full(len(self.info.coords), np.nan)
            paths.append(PathStyle(self.tr("training"), self.info.coords, nan, TRAINING_COLOUR))
        self.surface.set_paths(paths, arrows=False)
        self.loss_plot.set_paths([p for p in paths if np.isfinite(p.losses).any()])

    def _set_axis_labels(self) -> None:
        info = self.info
        if info is not None and info.plane.explained is not None:
            first, second = info.plane.explained
            self.surface.set_labels(
                self.tr("PC 1 ({0} of the variance)").format(f"{100 * first:.1f} %"),
                self.tr("PC 2 ({0} of the variance)").format(f"{100 * second:.1f} %"),
            )
        else:
            self.surface.set_labels(self.tr("direction 1"), self.tr("direction 2"))

    def _status_text(self) -> str:
        lines = [self.tr("{0} snapshots of the trajectory recorded.").format(len(self.trajectory))]
        info = self.info
        if self.kind_box.currentData() == "pca" and len(self.trajectory) < 3:
            lines.append(
                self.tr(
                    "Train for a few steps first: the principal components need a recorded "
                    "trajectory."
                )
            )
        elif info is not None and info.plane.explained is not None:
            first, second = info.plane.explained
            lines.append(
                self.tr(
                    "The first two principal components explain {0} and {1} of the "
                    "trajectory's variance; the plane passes through the current parameters "
                    "(0, 0)."
                ).format(f"{100 * first:.1f} %", f"{100 * second:.1f} %")
            )
        elif info is not None:
            lines.append(
                self.tr(
                    "Two random directions, each group ({0}) scaled to the size of the same "
                    "group of the parameters (Li et al. 2018)."
                ).format(self._groups_text())
            )
        if info is not None:
            lines.append(self.tr("Computed at step {0}.").format(self.surface_step))
        return "\n".join(lines)

    def _groups_text(self) -> str:
        """The groups the random directions are scaled by, this network's (`random_plane`):
        each column of a weight matrix (the weights into one unit), each bias vector."""
        groups = [
            self.tr("each column of {0}").format(name) if len(shape) == 2 else name
            for name, shape in self.model.param_shapes().items()
        ]
        return self.tr(", ", "between the items of a list").join(groups)

    def _on_kind(self) -> None:
        random = self.kind_box.currentData() == "random"
        for widget in (
            self.seed,
            self.new_button,
            self.span,
            self._labels["seed"],
            self._labels["span"],
        ):
            widget.setVisible(random)
        self.compute()

    def retranslate(self) -> None:
        self.kind_box.setItemText(0, self.tr("Principal components of the trajectory"))
        self.kind_box.setItemText(1, self.tr("Two random directions"))
        self.label("kind", self.tr("Plane"))
        self.label("seed", self.tr("Seed"))
        self.new_button.setText(self.tr("New directions"))
        self.retranslate_shared()
        self.loss_plot.set_labels(self.tr("snapshot"), self.tr("loss on the plane"))
        self._set_axis_labels()
        self.status.setText(self._status_text())
        if self.surface.message.isVisible():
            self.surface.set_message(self._status_text())
        self._draw_path()
