"""Plot items drawn for the curves more cheaply than pyqtgraph's own: grid, markers, legend samples.

- `Grid`: opaque lines at the ticks instead of pyqtgraph's translucent grid;
- `Markers`: the per-epoch markers of a plot's curves, stamped by one item instead of a
  ScatterPlotItem per curve;
- `EpochSample`: a legend row's sample that shows a per-epoch curve's line and its marker.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QStyleOptionGraphicsItem, QWidget

from gdstudio.core.training.history import Floats

__all__ = [
    "SYMBOLS",
    "EpochSample",
    "Grid",
    "Markers",
    "Series",
    "draw_symbol",
    "mix",
    "render_symbol",
]


def _symbols() -> dict[str, QPainterPath]:
    """The marker shapes, one unit across, as pyqtgraph draws its symbols "o" and "s"."""
    unit = QRectF(-0.5, -0.5, 1.0, 1.0)
    circle, square = QPainterPath(), QPainterPath()
    circle.addEllipse(unit)
    square.addRect(unit)
    return {"o": circle, "s": square}


SYMBOLS = _symbols()


def draw_symbol(painter: QPainter, symbol: str, size: float, pen: QPen, brush: QBrush) -> None:
    """`symbol` ("o" or "s"), `size` pixels across, centred on the painter's origin."""
    painter.scale(size, size)
    painter.setPen(pen)
    painter.setBrush(brush)
    painter.drawPath(SYMBOLS[symbol])


def render_symbol(symbol: str, size: float, pen: QPen, brush: QBrush, ratio: float) -> QPixmap:
    """`symbol` drawn centred in an image with `ratio` device pixels per pixel; the pixmap's own
    ratio is 1, its size in device pixels (as pyqtgraph's scatter plots render theirs)."""
    side = math.ceil(ratio * (size + max(math.ceil(pen.widthF()), 1)))
    image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(side / ratio / 2, side / ratio / 2)
        draw_symbol(painter, symbol, size, pen, brush)
    finally:
        painter.end()
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(1.0)
    return pixmap


def mix(a: QColor, b: QColor, weight: float) -> QColor:
    """The opaque colour `weight` of the way from `a` to `b`."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * weight),
        round(a.green() + (b.green() - a.green()) * weight),
        round(a.blue() + (b.blue() - a.blue()) * weight),
    )


class _Overlay(pg.GraphicsObject):  # type: ignore[misc]  # pyqtgraph is untyped: Any
    """An item covering its view box, drawn in the box's pixel coordinates, painted again when
    the view's range or size changes."""

    def __init__(self, box: pg.ViewBox) -> None:
        super().__init__()
        self._box = box
        self.setParentItem(box)
        box.sigRangeChanged.connect(self._moved)
        box.sigResized.connect(self._moved)

    def _moved(self, *_: object) -> None:
        self.prepareGeometryChange()
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt's name)
        return QRectF(self._box.boundingRect())


class Grid(_Overlay):
    """Solid lines at a plot's major and minor ticks, behind its curves.

    pyqtgraph's own grid draws translucent lines with the axes, blended into every pixel they
    cross and recorded again at every range change: several ms per paint. These lines are
    opaque, in colours between the background and the axes, so they look the same on the
    plain background and cost a few dozen pixel spans. They are computed again only when the
    range or the size changed.
    """

    def __init__(self, box: pg.ViewBox, bottom: pg.AxisItem, left: pg.AxisItem) -> None:
        super().__init__(box)
        self._axes = (bottom, left)
        self._pens = (QPen(), QPen())
        self._key: tuple[object, ...] | None = None
        self._lines: tuple[list[QLineF], list[QLineF]] = ([], [])
        self.log_y = False  # whether the left axis is logarithmic (its ticks are then decades)
        self.setZValue(-1e5)  # above the view box's background, below its curves

    def set_colours(self, major: QColor, minor: QColor) -> None:
        for pen, colour in zip(self._pens, (major, minor), strict=True):
            pen.setColor(colour)
            pen.setWidth(0)  # cosmetic, one pixel
        self.update()

    def paint(self, painter: QPainter, *_: object) -> None:
        key = (*map(tuple, self._box.viewRange()), self._box.width(), self._box.height())
        key += (self.log_y,)
        if key != self._key:
            self._key = key
            self._lines = self._layout()
        for pen, lines in reversed(list(zip(self._pens, self._lines, strict=True))):
            if lines:  # minor first: a log axis's minor ticks include the decades
                painter.setPen(pen)
                painter.drawLines(lines)

    def _layout(self) -> tuple[list[QLineF], list[QLineF]]:
        """Major and minor grid lines where the axes put their ticks."""
        box = self._box
        width, height = box.width(), box.height()
        major: list[QLineF] = []
        minor: list[QLineF] = []
        if width <= 0 or height <= 0:
            return major, minor
        for axis_index, axis in enumerate(self._axes):
            low, high = box.viewRange()[axis_index]
            if not high > low:
                continue
            length = width if axis_index == 0 else height
            levels = axis.tickValues(low, high, length)
            for level, (_, values) in enumerate(levels[:2]):
                lines = major if level == 0 else minor
                for value in values:
                    if axis_index == 0:
                        x = (value - low) / (high - low) * width
                        lines.append(QLineF(x, 0.0, x, height))
                    else:
                        y = (high - value) / (high - low) * height
                        lines.append(QLineF(0.0, y, width, y))
        return major, minor


@dataclass
class Series:
    """One curve's markers: where, and how they look."""

    symbol: str  # "o" or "s" (see SYMBOLS)
    size: float = 7.0
    pen: QPen = field(default_factory=QPen)
    brush: QBrush = field(default_factory=QBrush)
    visible: bool = True
    x: Floats = field(default_factory=lambda: np.zeros(0))
    y: Floats = field(default_factory=lambda: np.zeros(0))


class Markers(_Overlay):
    """The per-epoch markers of a plot's curves, all stamped by one item.

    A PlotDataItem's symbols are a ScatterPlotItem each, which rebuilds a record per point
    whenever its data is set (every epoch) and recomputes its bounds in pixels after every
    view change. Here each series is two arrays and a pre-rendered symbol, stamped at the
    visible points only (about a microsecond each); exports draw them as vector shapes.
    """

    def __init__(self, box: pg.ViewBox) -> None:
        super().__init__(box)
        self._series: list[Series] = []
        self._symbols: dict[tuple[int, float], QPixmap] = {}  # (series, pixel ratio) -> image
        self._export: dict[str, Any] | None = None  # the exporter's options, while exporting
        self.log_y = False  # the y values are shown as log10, as in the curves' log mode

    def add_series(self, symbol: str) -> int:
        self._series.append(Series(symbol))
        return len(self._series) - 1

    def series(self, index: int) -> Series:
        return self._series[index]

    def set_data(self, index: int, x: Floats, y: Floats) -> None:
        series = self._series[index]
        series.x, series.y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        self.update()

    def set_style(self, index: int, size: float, colour: tuple[int, int, int]) -> None:
        series = self._series[index]
        series.size, series.pen, series.brush = size, pg.mkPen(*colour), pg.mkBrush(*colour)
        self._symbols = {}
        self.update()

    def set_visible(self, index: int, visible: bool) -> None:
        self._series[index].visible = visible
        self.update()

    def setExportMode(  # noqa: N802 (pyqtgraph's name)
        self, export: bool, opts: dict[str, Any] | None = None
    ) -> None:
        """pyqtgraph's exporters call this before and after they paint the scene."""
        super().setExportMode(export, opts)
        self._export = (opts or {}) if export else None

    def paint(
        self, painter: QPainter, _option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        box = self._box
        (x0, x1), (y0, y1) = box.viewRange()
        width, height = box.width(), box.height()
        if not (x1 > x0 and y1 > y0 and width > 0 and height > 0):
            return
        ratio = widget.devicePixelRatioF() if widget is not None else 1.0
        for index, series in enumerate(self._series):
            if not series.visible or not len(series.x):
                continue
            with np.errstate(divide="ignore", invalid="ignore"):
                y = np.log10(series.y) if self.log_y else series.y
            px = (series.x - x0) * (width / (x1 - x0))
            py = (y1 - y) * (height / (y1 - y0))
            reach = series.size
            shown = np.isfinite(px) & np.isfinite(py)
            shown &= (px > -reach) & (px < width + reach) & (py > -reach) & (py < height + reach)
            points = zip(px[shown].tolist(), py[shown].tolist(), strict=True)
            if self._export is not None:  # vector shapes
                size = reach * self._export.get("resolutionScale", 1.0)
                for cx, cy in points:
                    painter.save()
                    painter.translate(cx, cy)
                    draw_symbol(painter, series.symbol, size, series.pen, series.brush)
                    painter.restore()
                continue
            symbol = self._symbol(index, ratio)
            source = QRectF(symbol.rect())
            side_x, side_y = symbol.width() / ratio, symbol.height() / ratio
            for cx, cy in points:
                target = QRectF(cx - side_x / 2, cy - side_y / 2, side_x, side_y)
                painter.drawPixmap(target, symbol, source)

    def _symbol(self, index: int, ratio: float) -> QPixmap:
        """The series' symbol rendered for `ratio` device pixels per pixel."""
        symbol = self._symbols.get((index, ratio))
        if symbol is None:
            series = self._series[index]
            symbol = render_symbol(series.symbol, series.size, series.pen, series.brush, ratio)
            self._symbols[(index, ratio)] = symbol
        return symbol


class EpochSample(pg.ItemSample):  # type: ignore[misc]  # pyqtgraph is untyped: Any
    """A legend row's sample for a per-epoch curve: its line with its marker on it.

    A click shows or hides the curve's line (pyqtgraph's ItemSample); the view then shows or
    hides its markers to match. Hidden, it shows pyqtgraph's crossed-out eye.
    """

    def __init__(self, line: pg.PlotDataItem, markers: Markers, index: int) -> None:
        super().__init__(line)
        self.markers = markers
        self.index = index  # of the line's series in `markers`
        self.pen = QPen()  # the line's pen (set along with the line's)

    def paint(self, painter: QPainter, *args: object) -> None:
        if not self.item.isVisible():
            super().paint(painter, *args)
            return
        if pg.getConfigOption("antialias"):
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(self.pen)
        painter.drawLine(0, 11, 20, 11)
        series = self.markers.series(self.index)
        painter.translate(10, 10)
        draw_symbol(painter, series.symbol, series.size, series.pen, series.brush)
