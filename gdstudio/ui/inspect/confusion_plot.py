"""The confusion matrix as a heatmap with its counts; clicking a cell picks (true, predicted)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QPointF, Signal
from PySide6.QtGui import QColor, QFont

from gdstudio.ui.widgets.images import ImageCell, image_box

__all__ = ["ConfusionPlot"]

_MAP = "viridis"  # dark for few, bright for many; counts drawn in a contrasting colour


class ConfusionPlot(QObject):
    """Rows are the true classes (top to bottom), columns the predictions (left to right)."""

    cell_clicked = Signal(int, int)  # true class, predicted class

    def __init__(self, widget: pg.GraphicsLayoutWidget, classes: int = 10) -> None:
        super().__init__(widget)
        self.widget = widget
        self.classes = classes
        self.counts = np.zeros((classes, classes), dtype=np.int64)
        self.plot: pg.PlotItem = widget.ci.addPlot(
            row=0, col=0, viewBox=image_box(classes, classes)
        )
        self.cell = ImageCell(self.plot.getViewBox(), pg.colormap.get(_MAP), classes, classes)
        self.cell.marker.setPen(pg.mkPen(255, 60, 60, width=3, cosmetic=True))
        ticks = [(i + 0.5, str(i)) for i in range(classes)]
        for name in ("left", "bottom"):
            self.plot.getAxis(name).setTicks([ticks])
        self.plot.hideButtons()
        self.texts = [
            [pg.TextItem(anchor=(0.5, 0.5)) for _ in range(classes)] for _ in range(classes)
        ]
        for i, row in enumerate(self.texts):
            for j, text in enumerate(row):
                text.setPos(j + 0.5, i + 0.5)
                self.plot.addItem(text, ignoreBounds=True)
        widget.scene().sigMouseClicked.connect(self._on_clicked)

    def set_counts(self, counts: np.ndarray) -> None:
        """Show a (classes, classes) matrix of counts."""
        self.counts = np.asarray(counts, dtype=np.int64)
        # a square root brings the few mistakes out beside the many right answers
        shade = np.sqrt(self.counts)
        top = float(shade.max()) or 1.0
        self.cell.set_image(shade, (0.0, top))
        for i, row in enumerate(self.texts):
            for j, text in enumerate(row):
                count = int(self.counts[i, j])
                label = str(count) if count else ""
                if text.textItem.toPlainText() != label:  # most counts stay put between frames
                    text.setText(label)
                bright = shade[i, j] > 0.6 * top
                text.setColor(QColor(0, 0, 0) if bright else QColor(255, 255, 255))

    def set_labels(self, true: str, predicted: str) -> None:
        self.plot.setLabel("left", true)
        self.plot.setLabel("bottom", predicted)

    def set_font(self, axes: QFont, counts: QFont) -> None:
        for row in self.texts:
            for text in row:
                text.setFont(counts)
        for name in ("left", "bottom"):
            self.plot.getAxis(name).setTickFont(axes)

    def mark(self, cell: tuple[int, int] | None) -> None:
        self.cell.mark(cell)

    def cell_at(self, scene_pos: QPointF) -> tuple[int, int] | None:
        return self.cell.pixel_at(scene_pos)

    def _on_clicked(self, event: object) -> None:
        found = self.cell_at(event.scenePos())  # type: ignore[attr-defined]
        if found is not None:
            self.cell_clicked.emit(*found)
