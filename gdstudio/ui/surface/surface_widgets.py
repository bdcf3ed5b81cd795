"""What the loss-surface view's plots share (colours, `PathStyle`, the legend) and its small plots:
a curve with its tangent, the loss per step, where alpha stands. They draw what they are given
and compute nothing; paths use a pool of items that grows to the largest number shown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

#: colours readable on dark and light backgrounds (matplotlib's "tab10")
PALETTE = (
    (255, 127, 14),
    (31, 119, 180),
    (44, 160, 44),
    (214, 39, 40),
    (148, 103, 189),
    (140, 86, 75),
    (227, 119, 194),
    (188, 189, 34),
)
#: the step α·f′ on a curve
STEP_COLOUR = (255, 80, 80)
#: line widths and marker sizes grow by this in presentation mode
PRESENTATION_SCALE = 1.8


@dataclass(frozen=True)
class PathStyle:
    """A path to draw: its points (k, 2) or (k,) for a curve, its losses, a name, a colour."""

    name: str
    points: np.ndarray
    losses: np.ndarray
    colour: tuple[int, int, int]


def legend_below(plot: pg.PlotItem, columns: int = 3) -> pg.LegendItem:
    """A legend in a row of its own under the plot's bottom axis, so it never covers data."""
    legend = pg.LegendItem(colCount=columns)
    plot.layout.addItem(legend, 5, 1)
    return legend


class CurvePlot(pg.PlotWidget):  # type: ignore[misc]  # pyqtgraph is untyped: Any
    """A function of one parameter, the tangent at the current point, and the steps on it."""

    clicked = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.getPlotItem().showGrid(x=True, y=True, alpha=0.2)
        self.curve = self.plot(pen=pg.mkPen((200, 200, 200), width=2))
        self.tangent = self.plot(
            pen=pg.mkPen((230, 230, 90), width=1.5, style=Qt.PenStyle.DashLine)
        )
        self.legend = legend_below(self.getPlotItem())
        self._paths: list[pg.PlotDataItem] = []
        step_pen = pg.mkPen(STEP_COLOUR, width=2.5)
        self.step_line = self.plot(pen=step_pen)
        self.step_line.setZValue(12)
        self.step_arrow = pg.ArrowItem(headLen=14, tipAngle=35, pen=None, brush=STEP_COLOUR)
        self.step_arrow.setZValue(13)
        self.step_label = pg.TextItem(color=STEP_COLOUR, anchor=(0.5, 1.2))
        for item in (self.step_arrow, self.step_label):
            self.addItem(item)
        self.scale = 1.0
        self.scene().sigMouseClicked.connect(self._on_clicked)

    def set_curve(self, ws: np.ndarray, values: np.ndarray) -> None:
        self.curve.setData(ws, values)
        low, high = float(values.min()), float(values.max())
        pad = 0.08 * (high - low)
        self.setRange(xRange=(ws[0], ws[-1]), yRange=(low - pad, high + pad), padding=0)

    def set_tangent(self, ws: np.ndarray, values: np.ndarray) -> None:
        self.tangent.setData(ws, values)

    def set_paths(self, paths: list[PathStyle]) -> None:
        """Each path's points w on the curve at height f(w), joined by its steps."""
        self.legend.clear()
        self.legend.addItem(self.tangent, "tangent")
        while len(self._paths) < len(paths):
            item = self.plot(symbol="o")
            item.setZValue(10)
            self._paths.append(item)
        for k, item in enumerate(self._paths):
            if k >= len(paths):
                item.setData([], [])
                continue
            path = paths[k]
            item.setData(
                np.ravel(path.points),
                path.losses,
                pen=pg.mkPen(path.colour, width=1.5 * self.scale),
                symbolBrush=path.colour,
                symbolPen=None,
                symbolSize=7 * self.scale,
            )
            self.legend.addItem(item, path.name)

    def set_step(self, start: float, height: float, end: float, label: str) -> None:
        """The next step as an arrow along the w axis at height f(w): from w to w − α·f′(w)."""
        self.step_line.setData(
            [start, end], [height, height], pen=pg.mkPen(STEP_COLOUR, width=2.5 * self.scale)
        )
        self.step_arrow.setStyle(angle=0 if end < start else 180, headLen=14 * self.scale)
        self.step_arrow.setPos(end, height)
        self.step_label.setText(label)
        self.step_label.setPos((start + end) / 2, height)
        for item in (self.step_line, self.step_arrow, self.step_label):
            item.setVisible(start != end)

    def set_tangent_name(self, name: str) -> None:
        self.legend.removeItem(self.tangent)
        self.legend.addItem(self.tangent, name)

    def _on_clicked(self, event: object) -> None:
        if getattr(event, "button", lambda: None)() != Qt.MouseButton.LeftButton:
            return
        box = self.getPlotItem().getViewBox()
        scene_pos = event.scenePos()  # type: ignore[attr-defined]
        if box.sceneBoundingRect().contains(scene_pos):
            self.clicked.emit(box.mapSceneToView(scene_pos).x())


class LossPlot(pg.PlotWidget):  # type: ignore[misc]  # pyqtgraph is untyped: Any
    """The loss at each step of each path."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.getPlotItem().showGrid(x=True, y=True, alpha=0.2)
        for name in ("left", "bottom"):
            self.getPlotItem().getAxis(name).enableAutoSIPrefix(False)
        self.legend = legend_below(self.getPlotItem(), 2)
        self._curves: list[pg.PlotDataItem] = []
        self.scale = 1.0

    def set_labels(self, x: str, y: str) -> None:
        self.getPlotItem().setLabel("bottom", x)
        self.getPlotItem().setLabel("left", y)

    def set_paths(self, paths: list[PathStyle], log: bool = False) -> None:
        """The paths' losses; hidden while there are none, leaving the room to the controls."""
        self.setVisible(bool(paths))
        self.legend.clear()
        self.getPlotItem().setLogMode(y=log)
        while len(self._curves) < len(paths):
            self._curves.append(self.plot())
        for k, curve in enumerate(self._curves):
            if k >= len(paths):
                curve.setData([], [])
                continue
            losses = np.asarray(paths[k].losses, dtype=float)
            if log:  # a log axis cannot show zero or less
                losses = np.where(losses > 0, losses, np.nan)
            curve.setData(
                np.arange(len(losses)),
                losses,
                pen=pg.mkPen(paths[k].colour, width=2),
                connect="finite",
            )
            self.legend.addItem(curve, paths[k].name)
        self.getPlotItem().enableAutoRange()


class LrScale(pg.PlotWidget):  # type: ignore[misc]  # pyqtgraph is untyped: Any
    """Where alpha stands against the critical 2 / lambda_max, on a log axis."""

    def __init__(self, low: float, high: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        item = self.getPlotItem()
        item.hideAxis("left")
        item.setLogMode(x=True)
        item.setMouseEnabled(x=False, y=False)
        item.hideButtons()
        item.setXRange(math.log10(low), math.log10(high), padding=0)
        item.setYRange(0, 1, padding=0)
        self.setFixedHeight(62)
        self.critical = pg.InfiniteLine(
            angle=90, pen=pg.mkPen((214, 39, 40), width=2), label="", labelOpts={"position": 0.8}
        )
        self.current = pg.InfiniteLine(angle=90, pen=pg.mkPen((255, 255, 255), width=2))
        item.addItem(self.critical)
        item.addItem(self.current)
        self.stable = pg.LinearRegionItem(
            brush=pg.mkBrush(44, 160, 44, 60), movable=False, pen=pg.mkPen(None)
        )
        item.addItem(self.stable)

    def show_values(self, lr: float, critical: float, label: str) -> None:
        low = self.getPlotItem().viewRange()[0][0]
        self.critical.setPos(math.log10(critical))
        self.critical.label.setFormat(label)
        self.current.setPos(math.log10(lr))
        self.stable.setRegion((low, math.log10(critical)))
