"""Mode 1 of the loss-surface view: gradient descent on textbook functions.

One parameter: the curve, its tangent at the current point, the steps on the curve. Two: a
heatmap with contours, the paths of several optimizers racing from the same start (click to
move it), the arrow of each last step, the loss per step beside. Everything here is cheap
(a 201 x 201 grid takes a few milliseconds), so it runs on the GUI thread.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gdstudio.core.surfaces.descent import NONFINITE, Descent
from gdstudio.core.surfaces.toy_surfaces import (
    FUNCTIONS_1D,
    FUNCTIONS_2D,
    QuadraticBowl,
    Saddle,
    ToyFunction,
    curve,
    step_arrow,
    surface_grid,
    tangent,
)
from gdstudio.ui.surface.surface_panel import SurfacePage, number_box
from gdstudio.ui.surface.surface_plot import SurfacePlot
from gdstudio.ui.surface.surface_widgets import PALETTE, CurvePlot, LossPlot, LrScale, PathStyle
from gdstudio.ui.training.optimizer_names import optimizer_names

LR_RANGE = (1e-4, 10.0)
SLIDER_STEPS = 1000
TICK_MS = 40
#: the grid follows the range shown this long after it last changed
REFIT_MS = 30
MAX_STEPS = 2000
GRID = 201
#: a good first alpha for each function
DEFAULT_LR = {
    "parabola": 0.1,
    "double_well": 0.05,
    "quadratic": 0.15,
    "rosenbrock": 0.001,
    "saddle": 0.05,
    "himmelblau": 0.01,
    "beale": 0.002,
}
OPTIMIZER_ORDER = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")


class ToyPage(SurfacePage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._function: ToyFunction = FUNCTIONS_2D["quadratic"]()
        self._start: tuple[float, ...] = self._function.start
        self._descents: dict[str, Descent] = {}

        self.function_box = QComboBox()
        for key in (*FUNCTIONS_1D, *FUNCTIONS_2D):
            self.function_box.addItem("", key)
        self.function_box.setCurrentIndex(self.function_box.findData("quadratic"))
        self.condition = number_box(1.0, 1000.0, 10.0, decimals=1)
        self.angle = number_box(0.0, 180.0, 30.0, decimals=0)
        self.angle.setSuffix("°")
        self.lr_slider = QSlider(Qt.Orientation.Horizontal)
        self.lr_slider.setRange(0, SLIDER_STEPS)
        self.lr_box = number_box(*LR_RANGE, LR_RANGE[0], decimals=4, step=0.001)
        self.lr_scale = LrScale(*LR_RANGE)
        self.optimizer_boxes: dict[str, QCheckBox] = {}
        optimizer_grid = QGridLayout()
        for k, name in enumerate(OPTIMIZER_ORDER):
            box = QCheckBox(name)
            box.setChecked(name in ("sgd", "momentum", "adam"))
            palette = box.palette()
            palette.setColor(QPalette.ColorRole.WindowText, QColor(*PALETTE[k]))
            box.setPalette(palette)
            self.optimizer_boxes[name] = box
            optimizer_grid.addWidget(box, k // 2, k % 2)
        self.run_button = QPushButton()
        self.run_button.setCheckable(True)
        self.step_button = QPushButton()
        self.reset_button = QPushButton()
        self.log_box = QCheckBox()
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        self.info.setAlignment(Qt.AlignmentFlag.AlignTop)

        self._labels = {name: QLabel() for name in ("function", "condition", "angle", "lr")}
        form = QFormLayout()
        form.addRow(self._labels["function"], self.function_box)
        form.addRow(self._labels["condition"], self.condition)
        form.addRow(self._labels["angle"], self.angle)
        lr_row = QHBoxLayout()
        lr_row.addWidget(self.lr_slider, 1)
        lr_row.addWidget(self.lr_box)
        form.addRow(self._labels["lr"], lr_row)
        buttons = QHBoxLayout()
        for button in (self.run_button, self.step_button, self.reset_button):
            buttons.addWidget(button)
        side = QVBoxLayout()
        side.addLayout(form)
        side.addWidget(self.lr_scale)
        side.addLayout(optimizer_grid)
        side.addLayout(buttons)
        side.addWidget(self.log_box)
        side.addWidget(self.info, 1)

        self.surface = SurfacePlot()
        self.curve = CurvePlot()
        self.plots = QStackedWidget()
        self.plots.addWidget(self.curve)
        self.plots.addWidget(self.surface)
        self.loss_plot = LossPlot()
        self.lay_out(side, self.plots, self.loss_plot)

        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(lambda: self.step())
        self.function_box.currentIndexChanged.connect(self._on_function)
        self.condition.valueChanged.connect(self._on_function)
        self.angle.valueChanged.connect(self._on_function)
        self.lr_slider.valueChanged.connect(self._on_slider)
        self.lr_box.valueChanged.connect(self._on_lr)
        for box in self.optimizer_boxes.values():
            box.toggled.connect(self.reset)
        self.run_button.toggled.connect(self._on_run)
        self.step_button.clicked.connect(lambda: self.step())  # not clicked's checked=False
        self.reset_button.clicked.connect(self.reset)
        self.log_box.toggled.connect(self._draw_function)
        # equal scales leave one axis longer than the function's bounds: the grid follows the
        # range shown, so the picture fills its axes (and panning or zooming shows more)
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(REFIT_MS)
        self._refit.timeout.connect(self._draw_shown_range)
        self.surface.plot.getViewBox().sigRangeChanged.connect(self._refit.start)
        self.surface.clicked.connect(lambda x, y: self.set_start((x, y)))
        self.curve.clicked.connect(lambda w: self.set_start((w,)))
        self._optimizer_labels: dict[str, str] = {}
        self.retranslate()
        self._on_function()

    # -- public ------------------------------------------------------------------------------

    @property
    def function(self) -> ToyFunction:
        return self._function

    @property
    def lr(self) -> float:
        return float(self.lr_box.value())

    @property
    def descents(self) -> dict[str, Descent]:
        return self._descents

    def set_function(self, key: str) -> None:
        self.function_box.setCurrentIndex(self.function_box.findData(key))

    def set_lr(self, lr: float) -> None:
        self.lr_box.setValue(lr)

    def set_optimizers(self, names: list[str]) -> None:
        for name, box in self.optimizer_boxes.items():
            box.blockSignals(True)
            box.setChecked(name in names)
            box.blockSignals(False)
        self.reset()

    def set_start(self, start: tuple[float, ...]) -> None:
        self._start = tuple(float(v) for v in start)
        self.reset()

    def step(self, steps: int = 1) -> None:
        """Every racing optimizer takes `steps` steps (those that ended stay put)."""
        for descent in self._descents.values():
            descent.run(steps)
        longest = max((len(d.path().points) for d in self._descents.values()), default=0)
        if self.run_button.isChecked() and (
            all(d.done for d in self._descents.values()) or longest > MAX_STEPS
        ):
            self.run_button.setChecked(False)
        self._draw_paths()

    def reset(self) -> None:
        """Back to the start point with fresh optimizers."""
        self._descents = {
            name: self._function.descent(name, self.lr, self._start)
            for name, box in self.optimizer_boxes.items()
            if box.isChecked()
        }
        self._draw_paths()

    def stop(self) -> None:
        self.run_button.setChecked(False)

    # -- drawing -----------------------------------------------------------------------------

    def _on_function(self) -> None:
        key = self.function_box.currentData()
        if key == "quadratic":
            self._function = QuadraticBowl(self.condition.value(), self.angle.value())
        else:
            self._function = {**FUNCTIONS_1D, **FUNCTIONS_2D}[key]()
        quadratic = key == "quadratic"
        for widget in (
            self.condition,
            self.angle,
            self._labels["condition"],
            self._labels["angle"],
        ):
            widget.setVisible(quadratic)
        self.lr_scale.setVisible(quadratic)
        self._start = self._function.start
        if self.sender() is self.function_box or self.sender() is None:
            self.log_box.setChecked(self._function.log_scale)
            self.lr_box.setValue(DEFAULT_LR[key])
        self.plots.setCurrentWidget(self.curve if self._function.dim == 1 else self.surface)
        self._draw_function()
        self.reset()

    def _draw_function(self) -> None:
        function = self._function
        if function.dim == 1:
            self.curve.set_curve(*curve(function))
        else:
            self.surface.set_labels("x", "y")
            self.surface.set_grid(surface_grid(function, GRID), log=self.log_box.isChecked())
        self._draw_paths()

    def _draw_shown_range(self) -> None:
        if self._function.dim != 2:
            return
        (x0, x1), (y0, y1) = self.surface.plot.getViewBox().viewRange()
        grid = surface_grid(self._function, GRID, ((x0, x1), (y0, y1)))
        self.surface.set_grid(grid, log=self.log_box.isChecked(), fit=False)

    def _paths(self) -> list[PathStyle]:
        out = []
        for name, descent in self._descents.items():
            path = descent.path()
            colour = PALETTE[OPTIMIZER_ORDER.index(name)]
            label = self._optimizer_labels.get(name, name)
            out.append(PathStyle(label, path.points, path.losses, colour))
        return out

    def _draw_paths(self) -> None:
        paths = self._paths()
        if self._function.dim == 1:
            self.curve.set_paths(paths)
            if paths:
                w = float(paths[0].points[-1, 0])
                ((low, high),) = self._function.bounds
                self.curve.set_tangent(*tangent(self._function, w, (high - low) / 8))
                start, height, end = step_arrow(self._function, w, self.lr)
                self.curve.set_step(
                    start, height, end, self.tr("α·f′(w) = {0}").format(f"{start - end:.3g}")
                )
        else:
            self.surface.set_paths(paths)
        self.loss_plot.set_paths(paths, log=self.log_box.isChecked())
        self._explain()

    def _on_slider(self, position: int) -> None:
        low, high = (math.log10(v) for v in LR_RANGE)
        lr = 10 ** (low + (high - low) * position / SLIDER_STEPS)
        self.lr_box.blockSignals(True)
        self.lr_box.setValue(float(f"{lr:.4g}"))
        self.lr_box.blockSignals(False)
        self._on_lr(self.lr_box.value(), move_slider=False)

    def _on_lr(self, lr: float, move_slider: bool = True) -> None:
        if move_slider:
            low, high = (math.log10(v) for v in LR_RANGE)
            self.lr_slider.blockSignals(True)
            self.lr_slider.setValue(round((math.log10(lr) - low) / (high - low) * SLIDER_STEPS))
            self.lr_slider.blockSignals(False)
        self.reset()

    def _on_run(self, running: bool) -> None:
        self.run_button.setText(self.tr("Pause") if running else self.tr("Run"))
        if running:
            if all(d.done for d in self._descents.values()):
                self.reset()
            self._timer.start()
        else:
            self._timer.stop()

    # -- words -------------------------------------------------------------------------------

    def retranslate(self) -> None:
        names = {
            "parabola": self.tr("Parabola f(w) = w²"),
            "double_well": self.tr("Double well f(w) = w⁴ − 2w² + w/2"),
            "quadratic": self.tr("Quadratic bowl"),
            "rosenbrock": self.tr("Rosenbrock (a curved valley)"),
            "saddle": self.tr("Saddle f = x² − y²"),
            "himmelblau": self.tr("Himmelblau (four minima)"),
            "beale": self.tr("Beale (flat middle, steep rim)"),
        }
        for index in range(self.function_box.count()):
            self.function_box.setItemText(index, names[self.function_box.itemData(index)])
        self._labels["function"].setText(self.tr("Function"))
        self._labels["condition"].setText(self.tr("Condition number κ"))
        self._labels["angle"].setText(self.tr("Rotation"))
        self._labels["lr"].setText(self.tr("Learning rate α"))
        labels = optimizer_names()
        for name, box in self.optimizer_boxes.items():
            box.setText(labels[name])
        self._optimizer_labels = labels
        self.run_button.setText(self.tr("Pause") if self.run_button.isChecked() else self.tr("Run"))
        self.step_button.setText(self.tr("Step"))
        self.reset_button.setText(self.tr("Reset"))
        self.log_box.setText(self.tr("Log scale"))
        self.loss_plot.set_labels(self.tr("step"), self.tr("loss"))
        self.surface.readout.setToolTip(self.tr("The grid point under the mouse and its loss"))
        self.curve.set_tangent_name(self.tr("tangent (slope f′(w))"))
        self._draw_paths()

    def _explain(self) -> None:
        """The words under the controls: what the function teaches, and what went wrong."""
        function, lr = self._function, self.lr
        lines = []
        if function.dim == 2:
            lines.append(self.tr("Click the surface to start somewhere else."))
        else:
            lines.append(
                self.tr(
                    "The dashed line is the tangent: its slope is f′(w). "
                    "Each step moves w by −α·f′(w): the red arrow is the next one. Click the "
                    "curve to start elsewhere."
                )
            )
        if isinstance(function, QuadraticBowl):
            low, high = function.eigenvalues
            critical = function.critical_lr
            self.lr_scale.show_values(lr, critical, "2/λ_max")
            lines.append(
                self.tr(
                    "λ_min = {0}, λ_max = {1}: plain gradient descent converges only for "
                    "α < 2/λ_max = {2}."
                ).format(f"{low:g}", f"{high:g}", f"{critical:.4g}")
            )
            factor = function.contraction(lr)
            verdict = (
                self.tr(
                    "α = {0} is below it: each step shrinks the error at least by the factor {1}."
                )
                if lr < critical
                else self.tr(
                    "α = {0} is above it: along the steepest direction each step "
                    "multiplies the error by {1} > 1, so the steps overshoot the minimum "
                    "further and further."
                )
            )
            lines.append(verdict.format(f"{lr:g}", f"{factor:.3g}"))
        if isinstance(function, Saddle):
            lines.append(self.tr("A saddle has no minimum: downhill along y goes on for ever."))
        for name, descent in self._descents.items():
            path = descent.path()
            label = self._optimizer_labels.get(name, name)
            if path.diverged:
                why = (
                    self.tr("the loss overflowed to infinity: α is far too large")
                    if path.reason == NONFINITE
                    else self.tr("the path left the region: the steps grew instead of shrinking")
                )
                lines.append(
                    self.tr("{0} diverged after {1} steps: {2}.").format(label, path.steps, why)
                )
            elif descent.done:
                lines.append(self.tr("{0} converged in {1} steps.").format(label, path.steps))
        best = [
            (float(d.path().losses[-1]), n)
            for n, d in self._descents.items()
            if not d.path().diverged
        ]
        if best:
            loss, name = min(best)
            lines.append(
                self.tr("Lowest loss now: {0} ({1}).").format(
                    f"{loss:.4g}", self._optimizer_labels.get(name, name)
                )
            )
        self.info.setText("\n".join(lines))
        self.lr_box.setStyleSheet(
            "color: #d62728;"
            if isinstance(function, QuadraticBowl) and lr >= function.critical_lr
            else ""
        )
