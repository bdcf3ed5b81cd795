"""Ten bars, one per class: output probabilities, or a bias b1 on a symmetric scale.

The plot items are made once; `set_values` only changes heights, colours and the labels.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QFont, QFontMetrics

__all__ = ["BarChart", "probability_colours"]

NEUTRAL = QColor(31, 119, 180)  # matplotlib's tab10 blue, as the curves use
TRUE = QColor(44, 160, 44)  # green: the true label
WRONG = QColor(214, 39, 40)  # red: the network's wrong answer
ANSWER = QColor(255, 127, 14)  # orange: the network's answer when there is no true label


def probability_colours(count: int, true_label: int | None, predicted: int | None) -> list[QColor]:
    """Blue bars; the true label green; the prediction red when it is not the true label, or
    orange when there is no true label (a drawn digit)."""
    colours = [NEUTRAL] * count
    if predicted is not None and predicted != true_label:
        colours[predicted] = WRONG if true_label is not None else ANSWER
    if true_label is not None:
        colours[true_label] = TRUE
    return colours


class BarChart:
    """`count` bars at x = 0 .. count - 1 in a PlotItem, each with a text label above it."""

    def __init__(self, plot: pg.PlotItem, count: int = 10, names: Sequence[str] | None = None):
        self.plot = plot
        self.count = count
        self.values = np.zeros(count)
        self.bars = pg.BarGraphItem(x=np.arange(count), height=self.values, width=0.7)
        plot.addItem(self.bars)
        plot.setMouseEnabled(x=False, y=False)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setXRange(-0.6, count - 0.4, padding=0)
        names = names or [str(i) for i in range(count)]
        plot.getAxis("bottom").setTicks([list(enumerate(names))])
        plot.getAxis("left").enableAutoSIPrefix(False)
        self._percent_axis = False
        self.labels = [pg.TextItem(anchor=(0.5, 1.0)) for _ in range(count)]
        for label in self.labels:
            plot.addItem(label, ignoreBounds=True)

    def set_range(self, low: float, high: float) -> None:
        self.plot.setYRange(low, high, padding=0.05)

    def show_probabilities(
        self, probabilities: np.ndarray, true_label: int | None, predicted: int | None
    ) -> None:
        """Probabilities on a 0-100% axis, coloured by `probability_colours`, the answer,
        the true label and any large probability labelled in percent."""
        if not self._percent_axis:
            self._percent_axis = True
            self.set_range(0.0, 1.12)  # room for the labels above the bars
            ticks = [(v, f"{100 * v:.0f}%") for v in (0.0, 0.25, 0.5, 0.75, 1.0)]
            self.plot.getAxis("left").setTicks([ticks])
        p = np.asarray(probabilities, dtype=np.float64)
        labelled = {i for i in range(len(p)) if p[i] >= 0.2} | {true_label, predicted}
        texts = [f"{100 * v:.0f}%" if i in labelled else "" for i, v in enumerate(p)]
        self.set_values(p, probability_colours(len(p), true_label, predicted), texts)

    def set_values(
        self,
        values: Sequence[float] | np.ndarray,
        colours: Sequence[QColor],
        texts: Sequence[str] | None = None,
    ) -> None:
        self.values = np.asarray(values, dtype=np.float64)
        brushes = [pg.mkBrush(c) for c in colours]
        self.bars.setOpts(height=self.values, brushes=brushes, pens=[pg.mkPen(None)] * self.count)
        for i, label in enumerate(self.labels):
            label.setText(texts[i] if texts is not None else "")
            label.setPos(i, max(float(self.values[i]), 0.0))

    def set_font(self, font: QFont) -> None:
        for label in self.labels:
            label.setFont(font)
        for name in ("left", "bottom"):
            self.plot.getAxis(name).setTickFont(font)
        # wide enough for labels like -0.025 from the start (a narrow axis hides them)
        self.plot.getAxis("left").setWidth(QFontMetrics(font).horizontalAdvance("-0.0000") + 10)

    def bar_at(self, scene_pos: QPointF) -> int | None:
        """The class whose column is under a scene point, or None."""
        box = self.plot.getViewBox()
        if not box.sceneBoundingRect().contains(scene_pos):
            return None
        x = box.mapSceneToView(scene_pos).x()
        i = math.floor(x + 0.5)
        return i if 0 <= i < self.count and abs(x - i) <= 0.4 else None
