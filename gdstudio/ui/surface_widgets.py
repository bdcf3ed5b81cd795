"""The plots the loss-surface view is built from: a heatmap with contours and paths, a curve with
its tangent, and the loss per step. They draw what they are given and compute nothing.

Every pyqtgraph item is created once and updated with setData / setImage; paths use a pool of
items that grows to the largest number of paths shown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gdstudio.core.descent import Grid, log_values
from gdstudio.ui.surface_3d import Surface3D, gl_available
from gdstudio.ui.vertical_scroll import VerticalScrollArea

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
CONTOURS = 12
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


#: below this width a page starts with its controls folded away, so the picture gets the room
FOLD_BELOW = 1000
#: the widest the controls get (wrapped words would otherwise ask for more)
PANEL_WIDTH = 390
#: the loss-per-step chart under the controls
LOSS_PLOT_HEIGHT = 190


class SidePanel(QWidget):
    """The controls and the loss per step, beside the picture; its edge button folds it away.

    Until the user folds or unfolds it, it follows the page's width: folded below FOLD_BELOW
    pixels (the default window with the training panel, a 1280×800 projector), open above.
    """

    def __init__(self, side: QLayout, loss_plot: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("surfaceControls")
        self.body = QWidget()
        controls = QWidget()
        controls.setLayout(side)
        scroll = VerticalScrollArea(controls)
        loss_plot.setMinimumHeight(120)
        loss_plot.setMaximumHeight(LOSS_PLOT_HEIGHT)
        body_layout = QVBoxLayout(self.body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(scroll, 1)
        body_layout.addWidget(loss_plot)
        self.body.setMaximumWidth(PANEL_WIDTH)
        self.toggle = QToolButton()
        self.toggle.setObjectName("surfaceControlsToggle")
        self.toggle.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.toggle.setFixedWidth(20)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.body)
        layout.addWidget(self.toggle)
        self.chosen = False  # the user folded or unfolded it: the width no longer decides
        self.toggle.clicked.connect(self._on_toggle)
        self._show_body(True)

    @property
    def folded(self) -> bool:
        return self.body.isHidden()

    def set_folded(self, folded: bool) -> None:
        self._show_body(not folded)

    def fit_width(self, width: int) -> None:
        """Fold or unfold for a page `width` pixels wide, unless the user chose."""
        if not self.chosen:
            self._show_body(width >= FOLD_BELOW)

    def _on_toggle(self) -> None:
        self.chosen = True
        self._show_body(self.folded)

    def _show_body(self, shown: bool) -> None:
        self.body.setVisible(shown)
        self.toggle.setArrowType(Qt.ArrowType.LeftArrow if shown else Qt.ArrowType.RightArrow)
        self.retranslate()

    def retranslate(self) -> None:
        tip = self.tr("Hide the controls") if not self.folded else self.tr("Show the controls")
        self.toggle.setToolTip(tip)
        self.toggle.setAccessibleName(tip)


class SurfacePage(QWidget):
    """A page of the loss-surface view: `panel` (controls, loss per step) and the picture."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panel: SidePanel | None = None

    def lay_out(self, side: QLayout, plot: QWidget, loss_plot: QWidget) -> None:
        self.panel = SidePanel(side, loss_plot)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panel)
        layout.addWidget(plot, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if self.panel is not None:
            self.panel.fit_width(event.size().width())


def legend_below(plot: pg.PlotItem, columns: int = 3) -> pg.LegendItem:
    """A legend in a row of its own under the plot's bottom axis, so it never covers data."""
    legend = pg.LegendItem(colCount=columns)
    plot.layout.addItem(legend, 5, 1)
    return legend


def _arrow_angle(dx: float, dy: float) -> float:
    """ArrowItem's angle (0 points left, counter-clockwise on screen) for a step (dx, dy) drawn
    in a view with equal scales and y up."""
    return 180.0 - math.degrees(math.atan2(dy, dx))


class SurfacePlot(QWidget):
    """Heatmap of a `Grid` in parameter coordinates, with colour bar, contours and paths.

    `clicked(x, y)` reports clicks in parameter coordinates; hovering shows the nearest grid
    point's coordinates and loss.
    """

    clicked = Signal(float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid: Grid | None = None
        self._shown: np.ndarray | None = None
        self._log = False
        self._names = ("x", "y")
        self.scale = 1.0  # PRESENTATION_SCALE in presentation mode
        self.layout_widget = pg.GraphicsLayoutWidget()
        self.plot: pg.PlotItem = self.layout_widget.addPlot()
        self.plot.setAspectLocked(True)
        self._equal_aspect = True
        self.plot.getViewBox().setMouseEnabled(x=True, y=True)
        for name in ("left", "bottom"):
            self.plot.getAxis(name).enableAutoSIPrefix(False)
        self.image = pg.ImageItem()
        self.plot.addItem(self.image)
        self.colour_bar = pg.ColorBarItem(
            colorMap=pg.colormap.get("viridis"), interactive=False, width=14
        )
        self.colour_bar.setImageItem(self.image, insert_in=self.plot)
        self._contours = []
        for _ in range(CONTOURS):
            contour = pg.IsocurveItem(pen=pg.mkPen(255, 255, 255, 110), axisOrder="row-major")
            contour.setParentItem(self.image)
            contour.setPos(0.5, 0.5)  # isocurves run through pixel corners, the data at centres
            self._contours.append(contour)
        self._lines: list[pg.PlotDataItem] = []
        self._arrows: list[pg.ArrowItem] = []
        self.message = pg.TextItem(anchor=(0.5, 0.5), color=(230, 230, 230))
        self.message.setParentItem(self.plot.getViewBox())
        self.plot.getViewBox().sigResized.connect(self._place_message)
        self._ends = pg.ScatterPlotItem(size=13, pxMode=True)
        self.plot.addItem(self._ends)
        self._ends.setZValue(20)
        self.legend = legend_below(self.plot, 4)
        self.readout = QLabel()
        self.readout.setObjectName("surfaceReadout")
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.three_d: Surface3D | None = None
        self.no_3d = QLabel()
        self.no_3d.setObjectName("no3d")
        self.no_3d.setWordWrap(True)
        self.no_3d.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.layout_widget)
        self.stack.addWidget(self.no_3d)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.readout)
        self._paths: list[PathStyle] = []
        self.retranslate()
        scene = self.layout_widget.scene()
        scene.sigMouseMoved.connect(self._on_moved)
        scene.sigMouseClicked.connect(self._on_clicked)

    @property
    def grid(self) -> Grid | None:
        return self._grid

    def set_labels(self, x: str, y: str) -> None:
        self._names = (x, y)
        self.plot.setLabel("bottom", x)
        self.plot.setLabel("left", y)

    def set_message(self, text: str) -> None:
        """Words in the middle of the picture while it has nothing to show (what to do first):
        the page's own status may be folded away with its controls."""
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self._place_message()

    def _place_message(self) -> None:
        box = self.plot.getViewBox().boundingRect()
        self.message.setTextWidth(max(100.0, box.width() * 0.8))
        self.message.setPos(box.center())

    def data_aspect(self) -> float | None:
        """Width / height of the data rectangle on screen, None before it has a size."""
        rect = self.plot.getViewBox().boundingRect()
        return rect.width() / rect.height() if rect.width() > 1 and rect.height() > 1 else None

    def set_equal_aspect(self, equal: bool) -> None:
        """Equal scales on both axes: only where both have the same units. Otherwise the
        picture fills its box and the axes show exactly the grid."""
        self._equal_aspect = equal
        self.plot.setAspectLocked(equal)
        self._fit()

    @property
    def showing_3d(self) -> bool:
        return self.three_d is not None and self.stack.currentWidget() is self.three_d

    def set_3d(self, on: bool) -> bool:
        """Draw in 3D (or back in 2D); False, with a message in its place, where this machine
        has no OpenGL."""
        if not on:
            self.stack.setCurrentWidget(self.layout_widget)
            return True
        if not gl_available():
            self.stack.setCurrentWidget(self.no_3d)
            return False
        if self.three_d is None:
            self.three_d = Surface3D()
            self.three_d.scale = self.scale
            self.stack.addWidget(self.three_d)
            self._draw_3d()
        self.stack.setCurrentWidget(self.three_d)
        return True

    def retranslate(self) -> None:
        self.no_3d.setText(
            self.tr(
                "This computer offers no OpenGL, which the 3D view needs (a remote or headless "
                "session, or a graphics driver without it), so the surface stays in 2D. Untick "
                "3D to see it."
            )
        )

    def _draw_3d(self) -> None:
        if self.three_d is not None:
            self.three_d.set_grid(self._grid, self._log)
            self.three_d.set_paths([(p.points, p.colour) for p in self._paths])

    def _fit(self) -> None:
        grid = self._grid
        if grid is not None:  # the grid's first to last points: the same for coarse and fine
            x_range = (float(grid.xs[0]), float(grid.xs[-1]))
            y_range = (float(grid.ys[0]), float(grid.ys[-1]))
            self.plot.getViewBox().setRange(xRange=x_range, yRange=y_range, padding=0)

    def set_grid(self, grid: Grid | None, log: bool = False, fit: bool = True) -> None:
        """Show `grid` (or nothing); with `log`, colours and contours on a log scale."""
        self._grid, self._log = grid, log
        if self.three_d is not None:
            self.three_d.set_grid(grid, log)
        if grid is None or not np.isfinite(grid.values).any():
            self.image.clear()
            self._shown = None
            for contour in self._contours:
                contour.setData(None)
            return
        shown = log_values(grid.values) if log else grid.values
        finite = shown[np.isfinite(shown)]
        low, high = float(finite.min()), float(finite.max())
        if high <= low:
            high = low + 1e-12
        self._shown = shown
        self.image.setImage(shown, autoLevels=False)
        self.image.setRect(*grid.rect)
        self.colour_bar.setLevels((low, high))
        for k, contour in enumerate(self._contours):
            contour.setData(shown, low + (high - low) * (k + 0.5) / CONTOURS)
        if fit:
            self._fit()

    def set_paths(self, paths: list[PathStyle], arrows: bool = True) -> None:
        """Polylines with markers, start (circle) and end (star) marked, the last step an arrow."""
        self._paths = list(paths)
        if self.three_d is not None:
            self.three_d.set_paths([(p.points, p.colour) for p in paths])
        self.legend.clear()
        while len(self._lines) < len(paths):
            line = pg.PlotDataItem(symbol="o")
            line.setZValue(10)
            self.plot.addItem(line)
            arrow = pg.ArrowItem(headLen=16, tipAngle=35, pen=None)
            arrow.setZValue(15)
            self.plot.addItem(arrow)
            self._lines.append(line)
            self._arrows.append(arrow)
        spots = []
        for k, (line, arrow) in enumerate(zip(self._lines, self._arrows, strict=True)):
            if k >= len(paths):
                line.setData([], [])
                arrow.setVisible(False)
                continue
            path = paths[k]
            pen = pg.mkPen(path.colour, width=2 * self.scale)
            points = np.asarray(path.points, dtype=float).reshape(len(path.points), -1)
            line.setData(
                points[:, 0],
                points[:, 1],
                pen=pen,
                symbolBrush=path.colour,
                symbolPen=None,
                symbolSize=5 * self.scale,
            )
            self.legend.addItem(line, path.name)
            if len(points):
                spots.append({"pos": points[0], "symbol": "o", "brush": "w", "pen": pen})
                spots.append({"pos": points[-1], "symbol": "star", "brush": path.colour})
            if arrows and len(points) >= 2:
                dx, dy = points[-1] - points[-2]
                arrow.setStyle(
                    angle=_arrow_angle(dx, dy), brush=path.colour, headLen=16 * self.scale
                )
                arrow.setPos(*points[-1])
                arrow.setVisible(True)
            else:
                arrow.setVisible(False)
        self._ends.setData(spots, size=13 * self.scale)

    def readout_text(self, x: float, y: float) -> str:
        grid = self._grid
        if grid is None:
            return ""
        found = grid.nearest(x, y)
        if found is None:
            return ""
        iy, ix = found
        return (
            f"{self._names[0]} = {grid.xs[ix]:.6g}   {self._names[1]} = {grid.ys[iy]:.6g}   "
            f"loss = {grid.values[iy, ix]:.6g}"
        )

    def _on_moved(self, pos: QPointF) -> None:
        point = self.plot.getViewBox().mapSceneToView(pos)
        self.readout.setText(self.readout_text(point.x(), point.y()))

    def _on_clicked(self, event: object) -> None:
        if getattr(event, "button", lambda: None)() != Qt.MouseButton.LeftButton:
            return
        scene_pos = event.scenePos()  # type: ignore[attr-defined]
        if not self.plot.getViewBox().sceneBoundingRect().contains(scene_pos):
            return
        point = self.plot.getViewBox().mapSceneToView(scene_pos)
        self.clicked.emit(point.x(), point.y())


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
