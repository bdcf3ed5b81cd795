"""The overlaid curves of a comparison: loss and accuracy of every run, on fixed axes.

The axes do not follow the data: x spans the epochs the runs were set to train and y the whole
range of the loss and of the accuracy, so the runs can be compared at a glance and nothing
jumps while they grow. Each run has one colour; its items are created once and then only
updated with `setData`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QVBoxLayout, QWidget

from gdstudio.core.training.experiments import MAX_RUNS
from gdstudio.core.training.history import RunHistory, debiased_ema
from gdstudio.ui.training.curve_plots import set_axis_label
from gdstudio.ui.training.curves import DEFAULT_SMOOTHING
from gdstudio.ui.widgets.images import presentation_font
from gdstudio.ui.widgets.plot_export import export_scene_png, export_scene_svg

__all__ = ["LOSS_RANGE", "ComparisonPlots", "run_colour"]

#: the tutorial's squared error of a softmax output lies in [0, 2]
LOSS_RANGE = (0.0, 2.0)

# matplotlib's "tab10", readable on dark and light backgrounds
_PALETTE = (
    (31, 119, 180),
    (255, 127, 14),
    (44, 160, 44),
    (214, 39, 40),
    (148, 103, 189),
    (140, 86, 75),
    (227, 119, 194),
    (127, 127, 127),
    (188, 189, 34),
    (23, 190, 207),
)


def run_colour(index: int) -> QColor:
    """The colour of the `index`-th run of a session (ten colours, then again)."""
    return QColor(*_PALETTE[index % len(_PALETTE)])


@dataclass
class _Curves:
    colour: QColor
    loss: pg.PlotDataItem  # smoothed batch loss
    accuracy: pg.PlotDataItem  # smoothed batch accuracy
    valid: pg.PlotDataItem  # validation accuracy after each epoch
    name: str  # in the legend
    drawn: int = -1  # history revision on screen


class ComparisonPlots(QWidget):
    """Loss above, accuracy below, one colour per run, keyed by the caller's run keys."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._curves: dict[int, _Curves] = {}
        self._presentation = False
        # presentation mode scales this, not the font of the moment (which it enlarges itself)
        self._labels = ("", "", "")  # the axis titles, kept to resize them
        self._base_font = QFont(self.font())
        self._plots = pg.GraphicsLayoutWidget()
        # the legend in a row of its own above the plots, one line of runs: inside the plot it
        # would cover a run wherever it went (the runs of a race fill the fixed axes)
        self._legend = pg.LegendItem(frame=False, colCount=MAX_RUNS)
        self._plots.addItem(self._legend, row=0, col=0)
        self._loss_plot: pg.PlotItem = self._plots.addPlot(row=1, col=0)
        self._accuracy_plot: pg.PlotItem = self._plots.addPlot(row=2, col=0)
        self._accuracy_plot.setXLink(self._loss_plot)
        self._plots.ci.layout.setRowStretchFactor(1, 3)
        self._plots.ci.layout.setRowStretchFactor(2, 2)
        for plot in (self._loss_plot, self._accuracy_plot):
            plot.setMouseEnabled(x=False, y=False)  # fixed axes: no pan, no zoom
            plot.hideButtons()
            plot.setMenuEnabled(False)
            for name in ("left", "bottom"):
                plot.getAxis(name).enableAutoSIPrefix(False)
        self._loss_plot.setYRange(*LOSS_RANGE, padding=0.02)
        self._accuracy_plot.setYRange(0.0, 1.0, padding=0.02)
        self.set_epochs(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._plots)

    def set_epochs(self, epochs: float) -> None:
        """Fix the x axis to 0 .. `epochs`."""
        self._loss_plot.setXRange(0.0, max(epochs, 1e-3), padding=0.01)

    def x_range(self) -> tuple[float, float]:
        low, high = self._loss_plot.getViewBox().viewRange()[0]
        return float(low), float(high)

    # --- runs ------------------------------------------------------------------------------

    def add_run(self, key: int, name: str, colour: QColor) -> None:
        loss = self._loss_plot.plot()
        self._legend.addItem(loss, name)
        accuracy = self._accuracy_plot.plot()
        valid = self._accuracy_plot.plot(symbol="o")
        for item in (loss, accuracy):
            item.setClipToView(True)
            item.setDownsampling(auto=True, method="peak")
        self._curves[key] = _Curves(colour, loss, accuracy, valid, name)
        self._style(self._curves[key])

    def remove_run(self, key: int) -> None:
        curves = self._curves.pop(key)
        self._legend.removeItem(curves.loss)
        for plot, item in (
            (self._loss_plot, curves.loss),
            (self._accuracy_plot, curves.accuracy),
            (self._accuracy_plot, curves.valid),
        ):
            plot.removeItem(item)

    def rename_run(self, key: int, name: str) -> None:
        curves = self._curves[key]
        curves.name = name
        label = self._legend.getLabel(curves.loss)
        if label is not None:
            label.setText(name)
            self._legend.updateSize()

    def set_run_visible(self, key: int, visible: bool) -> None:
        """Hide or show a run's curves and legend entry."""
        curves = self._curves[key]
        for item in (curves.loss, curves.accuracy, curves.valid):
            item.setVisible(visible)
        in_legend = self._legend.getLabel(curves.loss) is not None
        if visible and not in_legend:
            self._legend.addItem(curves.loss, curves.name)
        elif not visible and in_legend:
            self._legend.removeItem(curves.loss)

    def update_run(self, key: int, history: RunHistory) -> None:
        """Draw what `history` holds (nothing to do when it has not changed)."""
        curves = self._curves[key]
        if curves.drawn == history.revision:
            return
        curves.drawn = history.revision
        finite = history.losses_finite
        curves.loss.setData(
            history.epoch, history.smoothed_loss(DEFAULT_SMOOTHING), skipFiniteCheck=finite
        )
        accuracy = debiased_ema(history.batch_accuracy, DEFAULT_SMOOTHING)
        curves.accuracy.setData(history.epoch, accuracy, skipFiniteCheck=True)
        epochs = history.epoch_arrays()
        curves.valid.setData(epochs["epoch"], epochs["valid_accuracy"])

    def loss_points(self, key: int) -> int:
        """How many points of the run's loss curve are on screen (what the last draw gave)."""
        x, _ = self._curves[key].loss.getOriginalDataset()
        return 0 if x is None else len(x)

    def legend_names(self) -> list[str]:
        return [label.text for _, label in self._legend.items]

    # --- looks -----------------------------------------------------------------------------

    def set_presentation(self, on: bool) -> None:
        self._presentation = on
        for curves in self._curves.values():
            self._style(curves)
        font = self._font()
        for plot in (self._loss_plot, self._accuracy_plot):
            for name in ("left", "bottom"):
                plot.getAxis(name).setTickFont(font)
        self._legend.setLabelTextSize(f"{font.pointSizeF():.0f}pt")
        self.set_labels(*self._labels)

    def set_labels(self, epoch: str, loss: str, accuracy: str) -> None:
        """Axis titles (translated by the caller)."""
        self._labels = (epoch, loss, accuracy)
        for plot, side, text in (
            (self._loss_plot, "bottom", epoch),
            (self._loss_plot, "left", loss),
            (self._accuracy_plot, "bottom", epoch),
            (self._accuracy_plot, "left", accuracy),
        ):
            set_axis_label(plot.getAxis(side), text, self._font())

    def _font(self) -> QFont:
        return presentation_font(self._base_font, self._presentation)

    def _style(self, curves: _Curves) -> None:
        scale = 2 if self._presentation else 1
        colour = curves.colour
        curves.loss.setPen(pg.mkPen(colour, width=2 * scale))
        faint = QColor(colour)
        faint.setAlpha(150)
        curves.accuracy.setPen(pg.mkPen(faint, width=scale))
        curves.valid.setPen(pg.mkPen(colour, width=2 * scale))
        curves.valid.setSymbolPen(pg.mkPen(colour))
        curves.valid.setSymbolBrush(pg.mkBrush(colour))
        curves.valid.setSymbolSize(10 if self._presentation else 7)

    # --- export ----------------------------------------------------------------------------

    def export_png(self, path: str | os.PathLike[str]) -> None:
        export_scene_png(self._plots.scene(), path)

    def export_svg(self, path: str | os.PathLike[str]) -> None:
        export_scene_svg(self._plots.scene(), path)
