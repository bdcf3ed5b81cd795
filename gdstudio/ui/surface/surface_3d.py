"""The loss surface in 3D, in place of the heat map: "with two parameters, the two-dimensional
plane becomes three-dimensional space". Drag to rotate, wheel to zoom.

It draws with pyqtgraph.opengl (PyOpenGL, a dependency) and needs an OpenGL context, which
every desktop has; Qt's offscreen platform and some remote sessions do not. `gl_available()`
tells, and `SurfacePlot` shows a message instead of this widget where it is False.

The grid's square is drawn 20 units wide whatever the parameters' ranges (each axis scaled on
its own, as the 2D heat map does for two parameters of different kinds), heights 0 to 10.
"""

from __future__ import annotations

import functools

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QOpenGLContext
from PySide6.QtWidgets import QVBoxLayout, QWidget

from gdstudio.core.surfaces.descent import Grid, log_values
from gdstudio.core.surfaces.surface import heights_on

#: half the drawn width of the square, and the drawn height of the surface
HALF_WIDTH, HEIGHT = 10.0, 10.0
#: paths float this far above the surface so that it does not hide them
LIFT = 0.08


@functools.cache
def gl_available() -> bool:
    """Whether a 3D view can draw here: PyOpenGL imports and an OpenGL context can be made."""
    try:
        import pyqtgraph.opengl  # noqa: F401
    except ImportError:
        return False
    return QOpenGLContext().create()


class Surface3D(QWidget):
    """The grid as a coloured surface, the paths drawn on it, each path's last point marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pyqtgraph.opengl as gl

        self.setObjectName("surface3d")
        self.view = gl.GLViewWidget()
        self.view.setBackgroundColor("k")
        self.view.setCameraPosition(distance=38, elevation=28, azimuth=-60)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.surface = gl.GLSurfacePlotItem(shader=None, smooth=False)
        self.view.addItem(self.surface)
        self.box = gl.GLGridItem(size=pg.Vector(2 * HALF_WIDTH, 2 * HALF_WIDTH, 1))
        self.box.setSpacing(2, 2, 1)
        self.view.addItem(self.box)
        self._lines: list[gl.GLLinePlotItem] = []
        self.dots = gl.GLScatterPlotItem(
            pxMode=True
        )  # each step's point, seen where lines are thin
        self.dots.setGLOptions("translucent")
        self.view.addItem(self.dots)
        self.ends = gl.GLScatterPlotItem(pxMode=True)
        self.ends.setGLOptions("translucent")
        self.view.addItem(self.ends)
        self._grid: Grid | None = None
        self._heights: np.ndarray | None = None
        self._paths: list[tuple[np.ndarray, tuple[int, int, int]]] = []
        self.scale = 1.0

    def set_grid(self, grid: Grid | None, log: bool = False) -> None:
        self._grid = grid
        if grid is None or not np.isfinite(grid.values).any():
            self._heights = None
            self.surface.setVisible(False)
            self._draw_paths()
            return
        shown = log_values(grid.values) if log else grid.values
        finite = shown[np.isfinite(shown)]
        low, high = float(finite.min()), float(finite.max())
        heights = (np.nan_to_num(shown, nan=high) - low) / max(high - low, 1e-12) * HEIGHT
        self._heights = heights
        colours = pg.colormap.get("viridis").map(heights / HEIGHT, mode="float")
        # GLSurfacePlotItem takes z[ix, iy]; the grid is values[iy, ix]
        colours = colours.reshape(*heights.shape, 4).transpose(1, 0, 2)
        xs, ys = self._scaled(grid.xs, grid.xs), self._scaled(grid.ys, grid.ys)
        self.surface.setData(x=xs, y=ys, z=heights.T, colors=colours.reshape(-1, 4))
        self.surface.setVisible(True)
        self._draw_paths()

    def set_paths(self, paths: list[tuple[np.ndarray, tuple[int, int, int]]]) -> None:
        """(points (k, 2), colour) per path."""
        self._paths = paths
        self._draw_paths()

    def _scaled(self, values: np.ndarray, axis: np.ndarray) -> np.ndarray:
        low, high = float(axis[0]), float(axis[-1])
        return (np.asarray(values, dtype=float) - low) / max(high - low, 1e-300) * (
            2 * HALF_WIDTH
        ) - HALF_WIDTH

    def _draw_paths(self) -> None:
        import pyqtgraph.opengl as gl

        grid, heights = self._grid, self._heights
        while len(self._lines) < len(self._paths):
            line = gl.GLLinePlotItem(antialias=True, mode="line_strip")
            line.setGLOptions("translucent")
            self.view.addItem(line)
            self._lines.append(line)
        ends, end_colours, dots, dot_colours = [], [], [], []
        for k, line in enumerate(self._lines):
            if k >= len(self._paths) or grid is None or heights is None:
                line.setVisible(False)
                continue
            points, colour = self._paths[k]
            points = np.asarray(points, dtype=float).reshape(-1, 2)
            z = heights_on(grid, heights, points) + LIFT
            xyz = np.column_stack(
                [self._scaled(points[:, 0], grid.xs), self._scaled(points[:, 1], grid.ys), z]
            )
            keep = np.isfinite(xyz).all(axis=1)
            xyz = xyz[keep]
            rgba = (*(c / 255 for c in colour), 1.0)
            line.setData(pos=xyz, color=rgba, width=3 * self.scale)
            line.setVisible(len(xyz) > 1)
            dots.append(xyz)
            dot_colours.append(np.tile(rgba, (len(xyz), 1)))
            if len(xyz):
                ends.append(xyz[-1])
                end_colours.append(rgba)
        if ends:
            self.ends.setData(pos=np.array(ends), color=np.array(end_colours), size=14 * self.scale)
        self.ends.setVisible(bool(ends))
        if dots and sum(map(len, dots)):
            self.dots.setData(
                pos=np.vstack(dots), color=np.vstack(dot_colours), size=6 * self.scale
            )
        self.dots.setVisible(bool(dots) and bool(sum(map(len, dots))))

    def current_points(self) -> np.ndarray:
        """Where the marked last points are drawn (k, 3), for tests and screenshots."""
        pos = self.ends.pos
        return np.zeros((0, 3)) if pos is None or not self.ends.visible() else np.array(pos)
