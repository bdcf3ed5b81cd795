"""The loss surface in 3D, in a window of its own. Imported only when pyqtgraph.opengl loads
(it needs PyOpenGL, an optional extra, and an OpenGL context)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pyqtgraph.opengl as gl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from gdstudio.core.descent import Grid


class Surface3DWindow(QWidget):
    """The grid as a coloured surface; heights scaled to the width of the square shown."""

    def __init__(self, grid: Grid | None, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("surface3d")
        self.setWindowTitle(self.tr("Loss surface in 3D"))
        self.resize(700, 600)
        self.view = gl.GLViewWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.item: gl.GLSurfacePlotItem | None = None
        if grid is not None:
            self.set_grid(grid)

    def set_grid(self, grid: Grid) -> None:
        xs = (grid.xs - grid.xs.mean()) / np.ptp(grid.xs) * 20
        ys = (grid.ys - grid.ys.mean()) / np.ptp(grid.ys) * 20
        values = np.nan_to_num(grid.values, nan=float(np.nanmax(grid.values)))
        low, high = float(values.min()), float(values.max())
        heights = (values - low) / max(high - low, 1e-12) * 10
        colours = pg.colormap.get("viridis").map(heights / 10, mode="float")
        # GLSurfacePlotItem takes z[ix, iy]; the grid is values[iy, ix]
        z = heights.T
        colours = colours.reshape(*heights.shape, 4).transpose(1, 0, 2)
        if self.item is None:
            self.item = gl.GLSurfacePlotItem(x=xs, y=ys, z=z, colors=colours, shader=None)
            self.view.addItem(self.item)
        else:
            self.item.setData(x=xs, y=ys, z=z, colors=colours)
        self.view.setCameraPosition(distance=34, elevation=30, azimuth=-60)
