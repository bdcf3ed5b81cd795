"""Mode 2 of the loss-surface view: the loss over two scalars of the network, all others frozen.

Pick them by typing their names or by clicking in the weights view; "Descend on these two" runs
gradient descent on just them, drawn exactly on the surface (a click on the surface starts it
at the clicked values instead); "Follow training" draws the path
the real run takes through the two values, on a surface recomputed around the trainer's current
parameters over the trainer's own last batch, each time the worker is free (the other parameters
move too, so the path is projected onto the current surface, and the page says so).

Any network, through the one `ParameterSlice` interface
(`gdstudio.core.surfaces.surface.pair_results`), whichever implementation serves it. `set_model`
starts over on the new network's default pair.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from gdstudio.core.nn.model import LayeredNet, Params
from gdstudio.core.nn.param_refs import ParamError, ParamRef, make_ref, parse_param
from gdstudio.core.surfaces.descent import DescentPath, Grid
from gdstudio.core.surfaces.surface import PairCentre, pair_results
from gdstudio.core.surfaces.surface_general import default_pair
from gdstudio.ui.surface.surface_network_page import TRAINING_COLOUR, NetworkPage, Submit, odd_spin
from gdstudio.ui.surface.surface_panel import number_box
from gdstudio.ui.surface.surface_widgets import PALETTE, PathStyle

#: "Descend on these two": one scalar's gradient is small, so ten times the tutorial's alpha
#: reaches the valley of the default pair (w1[407, 3], b1[3]) after one epoch in 100 steps
DESCENT_LR, DESCENT_STEPS = 10.0, 100
DESCENT_COLOUR = PALETTE[0]


class PairPage(NetworkPage):
    """Mode 2: the loss over two scalars of the network, all others frozen."""

    def __init__(self, model: LayeredNet, submit: Submit, parent: QWidget | None = None) -> None:
        super().__init__(model, submit, parent)
        self.pair = default_pair(model)
        self.first = QLineEdit(str(self.pair[0]))
        self.second = QLineEdit(str(self.pair[1]))
        self.click_first = QRadioButton()
        self.click_second = QRadioButton()
        self.click_first.setChecked(True)
        clicks = QButtonGroup(self)
        clicks.addButton(self.click_first)
        clicks.addButton(self.click_second)
        self.data_box.setCurrentIndex(self.data_box.findData("train"))
        self.span = number_box(0.0, 50.0, 0.0, decimals=3, step=0.1)
        self.grid_size = odd_spin(11, 201, 101)
        self.lr = number_box(0.001, 1000.0, DESCENT_LR, decimals=3)
        self.steps = QSpinBox()
        self.steps.setRange(1, 10_000)
        self.steps.setValue(DESCENT_STEPS)
        self.descend_button = QPushButton()
        self.follow_box = QCheckBox()
        self.drift_note = QLabel()
        self.drift_note.setWordWrap(True)
        self.drift_note.setObjectName("driftNote")
        self.drift_note.setStyleSheet("color: #ff7f0e;")
        self.drift_note.setVisible(False)
        self.follow_note = QLabel()
        self.follow_note.setWordWrap(True)
        self.follow_note.setObjectName("followNote")
        self.follow_note.setVisible(False)
        self.surface.set_equal_aspect(False)  # two different parameters

        self.row("first", self.first)
        self.row("second", self.second)
        clicks_row = QHBoxLayout()
        clicks_row.addWidget(self.click_first)
        clicks_row.addWidget(self.click_second)
        self.row("clicks", clicks_row)
        self.row("data", self.data_box)
        self.row("span", self.span)
        self.row("grid", self.grid_size)
        self.row("lr", self.lr)
        self.row("steps", self.steps)
        self.side.addWidget(self.descend_button)
        self.side.addWidget(self.follow_box)
        self.side.addWidget(self.recompute_button)
        self.side.addWidget(self.log_box)
        self.side.addWidget(self.drift_note)
        self.side.addWidget(self.follow_note)
        self.side.addWidget(self.status, 1)

        self.centre: PairCentre | None = None
        self.descent_path: DescentPath | None = None
        self.followed: list[tuple[float, float]] = []
        self.batch: np.ndarray | None = None  # the trainer's last batch (training indices)
        self.surface_batch = 0  # samples in the batch the followed surface was computed on
        for edit in (self.first, self.second):
            edit.editingFinished.connect(self._on_names)
        self.data_box.currentIndexChanged.connect(lambda: self.compute())
        self.span.editingFinished.connect(lambda: self.compute())
        self.grid_size.editingFinished.connect(lambda: self.compute())
        self.descend_button.clicked.connect(self.descend)
        self.follow_box.toggled.connect(self._on_follow)
        self.surface.clicked.connect(self.descend_from)
        self.retranslate()

    # -- commands ----------------------------------------------------------------------------

    def set_pair(self, first: ParamRef, second: ParamRef) -> None:
        self.first.setText(str(first))
        self.second.setText(str(second))
        self._on_names()

    def select_parameter(self, group: str, index: tuple[int, ...]) -> None:
        """A click in another view: fill the slot the radio buttons point at, then the other."""
        try:
            ref = make_ref(group, tuple(index), self.model.param_shapes())
        except ParamError:
            return  # not a scalar of this network (e.g. a click made before it changed)
        target = self.first if self.click_first.isChecked() else self.second
        target.setText(str(ref))
        (self.click_second if self.click_first.isChecked() else self.click_first).setChecked(True)
        self._on_names()

    def compute(
        self, descent_steps: int = 0, grids: bool = True, start: np.ndarray | None = None
    ) -> None:
        """Recompute around the current parameters (and with `descent_steps`, descend from
        the current values or `start`)."""
        if not self.ready():
            return
        assert self.dataset is not None and self.params is not None
        model, params, pair, dataset = self.model, self.params, self.pair, self.dataset
        data, n, lr = self.data_box.currentData(), self.grid_size.value() | 1, self.lr.value()
        span = self.span.value() or None
        following = self.follow_box.isChecked()
        if following and self.batch is not None:
            data = self.batch
        if grids:
            self.surface_step = self.step
            self.descent_path = None
            if not following:
                self.followed = []
            elif not self.followed:
                self.followed = self._followed_now()
            self.surface_batch = len(self.batch) if following and self.batch is not None else 0
        cover = np.array(self.followed) if following and self.followed else None
        self.status.setText(self.tr("Computing…"))
        self._update_follow_note()

        def job(cancelled: Callable[[], bool]) -> Iterable[object]:
            return pair_results(
                model,
                params,
                pair,
                dataset,
                data,
                span,
                n,
                lr,
                descent_steps,
                grids,
                cancelled,
                cover,
                start,
            )

        self._submit(self, job)
        self._update_drift()

    def descend(self) -> None:
        """Gradient descent with alpha on just these two, drawn exactly on the surface."""
        self.compute(descent_steps=self.steps.value(), grids=self._grid is None)

    def descend_from(self, x: float, y: float) -> None:
        """A click on the surface: the same descent, started at the clicked values."""
        if self._grid is not None:
            self.compute(self.steps.value(), grids=False, start=np.array([x, y]))

    def set_model(self, model: LayeredNet) -> None:
        """Start over on `model`, with its default pair (see `default_pair`)."""
        super().set_model(model)
        self.pair = default_pair(model)
        self.first.setText(str(self.pair[0]))
        self.second.setText(str(self.pair[1]))
        self.centre = self.descent_path = None
        self.followed = []
        self.surface.set_labels(str(self.pair[0]), str(self.pair[1]))
        self.retranslate()

    def show_frame(self, params: Params, step: int, batch: np.ndarray | None = None) -> None:
        first_params = self.params is None
        self.take_params(params, step)
        if batch is not None:
            self.batch = batch
        if self.follow_box.isChecked():
            point = (self.pair[0].get(params), self.pair[1].get(params))
            if not self.followed or self.followed[-1] != point:
                self.followed.append(point)
            self._draw_paths()
        self._update_drift()
        if first_params and self.isVisible():
            self.compute()

    def follow_up(self) -> None:
        """While following training: recompute around the trainer's latest parameters and
        batch if they are newer than the surface shown (the view calls this when idle)."""
        if self.follow_box.isChecked() and self.surface_step != self.step and self.isVisible():
            self.compute()

    # -- results -----------------------------------------------------------------------------

    def on_result(self, item: object) -> None:
        if isinstance(item, PairCentre):
            self.centre = item
            self.surface.set_labels(str(item.pair[0]), str(item.pair[1]))
            self.status.setText(self._status_text())
        elif isinstance(item, Grid):
            fit = self._grid is None or not item.final or self._grid.final
            self._grid = item
            self._show_grid(fit=fit)
        elif isinstance(item, DescentPath):
            self.descent_path = item
            self.status.setText(self._status_text())
            self._draw_paths()

    def _status_text(self) -> str:
        c = self.centre
        if c is None:
            return ""
        lines = [
            self.tr("Loss at the current values: {0} over {1} samples.").format(
                f"{c.loss:.6f}", f"{c.samples:,}"
            ),
            self.tr("Gradient: ∂L/∂{0} = {1}, ∂L/∂{2} = {3}.").format(
                c.pair[0], f"{c.gradient[0]:.3g}", c.pair[1], f"{c.gradient[1]:.3g}"
            ),
            self.tr("Half-span {0}; the surface was computed at step {1}.").format(
                f"{c.half_span:.3g}", self.surface_step
            ),
            self.tr("Click the surface to descend on these two from there."),
        ]
        path = self.descent_path
        if path is not None:
            if path.diverged:
                lines.append(
                    self.tr(
                        "The descent diverged after {0} steps: α is too large for these two."
                    ).format(path.steps)
                )
            else:
                lines.append(
                    self.tr("After {0} steps of α = {1}: loss {2}.").format(
                        path.steps, f"{path.lr:g}", f"{float(path.losses[-1]):.6f}"
                    )
                )
        return "\n".join(lines)

    def _draw_paths(self) -> None:
        paths = []
        if self.descent_path is not None:
            p = self.descent_path
            paths.append(
                PathStyle(self.tr("descent on these two"), p.points, p.losses, DESCENT_COLOUR)
            )
        if self.followed:
            points = np.array(self.followed)
            nan = np.full(len(points), np.nan)
            paths.append(PathStyle(self.tr("training"), points, nan, TRAINING_COLOUR))
        self.surface.set_paths(paths)
        self.loss_plot.set_paths([p for p in paths if np.isfinite(p.losses).any()])

    # -- helpers -----------------------------------------------------------------------------

    def _followed_now(self) -> list[tuple[float, float]]:
        if not self.follow_box.isChecked() or self.params is None:
            return []
        return [(self.pair[0].get(self.params), self.pair[1].get(self.params))]

    def _on_names(self) -> None:
        try:
            shapes = self.model.param_shapes()
            pair = (parse_param(self.first.text(), shapes), parse_param(self.second.text(), shapes))
            if pair[0] == pair[1]:
                raise ParamError(self.tr("the two parameters must differ"))
        except ParamError as e:
            self.status.setText(self.tr("Cannot use these parameters: {0}").format(e))
            return
        if pair != self.pair:
            self.pair = pair
            self.followed = self._followed_now()
            self.compute()

    def _on_follow(self, on: bool) -> None:
        self.followed = self._followed_now() if on else []
        self._draw_paths()
        self._update_drift()
        self._update_follow_note()
        if on or self.surface_batch:
            self.compute()  # onto the trainer's batch, or back to the chosen data

    def _update_drift(self) -> None:
        drifting = (
            self.follow_box.isChecked()
            and self.surface_step is not None
            and self.step != self.surface_step
        )
        self.drift_note.setVisible(drifting)

    def _update_follow_note(self) -> None:
        following = self.follow_box.isChecked()
        self.data_box.setEnabled(not following or self.batch is None)
        self.follow_note.setVisible(following)
        if not following:
            return
        if self.surface_batch:
            data = self.tr("the trainer's own batch of {0} samples at step {1}").format(
                self.surface_batch, self.surface_step
            )
        else:
            data = self.tr("the data chosen above (training has not taken a step yet)")
        self.follow_note.setText(
            self.tr(
                "Following training: the surface is recomputed around the current parameters "
                "over {0}, whenever the last one is done. All the other parameters move too, "
                "so each earlier point of the path lay on a slightly different surface: the "
                "path is the run's values of these two, projected onto the current surface."
            ).format(data)
        )

    def retranslate(self) -> None:
        self.label("first", self.tr("First parameter"))
        self.label("second", self.tr("Second parameter"))
        self.label("clicks", self.tr("Weight clicks set"))
        self.label("lr", self.tr("Learning rate α"))
        self.label("steps", self.tr("Steps"))
        self.click_first.setText(self.tr("the first"))
        self.click_second.setText(self.tr("the second"))
        example = self.tr("e.g. {0} or {1}").format(*default_pair(self.model))
        for edit in (self.first, self.second):
            edit.setPlaceholderText(example)
        self.span.setSpecialValueText(self.tr("auto (from the gradient)"))
        self.retranslate_shared()
        self.descend_button.setText(self.tr("Descend on these two"))
        self.follow_box.setText(self.tr("Follow training"))
        self.drift_note.setText(
            self.tr(
                "While the whole network trains, every other parameter moves too, so the surface "
                "under the training path drifts: the picture is the loss at the step it was "
                "computed at. Recompute to redraw it around the current values."
            )
        )
        self.status.setText(self._status_text())
        self._update_follow_note()
        self._draw_paths()
