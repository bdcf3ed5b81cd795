"""The loss-surface view's picture: a heatmap of a `Grid` with contours, colour bar and paths,
or the same in 3D. It draws what it is given and computes nothing.

Every pyqtgraph item is created once and updated with setData / setImage; paths use a pool of
items that grows to the largest number of paths shown.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from gdstudio.core.surfaces.descent import Grid, log_values
from gdstudio.ui.surface.surface_3d import Surface3D, gl_available
from gdstudio.ui.surface.surface_widgets import PathStyle, legend_below

#: contour lines drawn over the heatmap
CONTOURS = 12


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
