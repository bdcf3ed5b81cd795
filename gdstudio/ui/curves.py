"""The live loss and accuracy curves of a run, drawn from a `RunHistory`.

Every plot item is created once in `__init__`; `refresh()` only hands the history's arrays to
`setData`, and skips even that when the history has not changed since the last frame (the
per-epoch curves change only when an epoch ends).

Training runs in a worker thread that shares the GIL with the painting, so every millisecond
spent here is taken from training; a frame is one `refresh()` and one paint, kept cheap:

- the view ranges are set in `refresh()`, before the paint, from numbers the history already
  holds (`_DataRangeViewBox`); pyqtgraph's own auto-range scans every item from inside the
  paint, and its range change then schedules a second paint of the whole scene;
- the ranges move in small steps (the x end in about 1/16 of the range, the y ends in about
  1/32), so most frames leave the axes and their cached drawing as they were;
- the smoothed curve is downsampled to a min/max pair per two pixels (its wide pen costs per
  point), the curves are clipped to the view when it shows the last N epochs, the axes draw
  major and minor ticks only, the legends are cached as pixmaps;
- the per-epoch markers are stamped by one item per plot (`_Markers`) instead of a
  ScatterPlotItem per curve, and the grid is opaque lines at the ticks (`_Grid`) instead of
  pyqtgraph's translucent one;
- when frames still come faster than that allows, redraws are spaced out, at least 15 a
  second (`_Throttle`).
"""

from __future__ import annotations

import math
import os
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol, renderSymbol
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGraphicsItem,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSlider,
    QSpinBox,
    QStyleOptionGraphicsItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gdstudio.core.history import Floats, RunHistory, nearest_index
from gdstudio.ui.images import presentation_font
from gdstudio.ui.legend_place import LegendPlacer
from gdstudio.ui.numbers import format_accuracy, format_epoch, format_loss
from gdstudio.ui.plot_export import export_scene_png, export_scene_svg
from gdstudio.ui.view_events import Retranslating

try:  # how pyqtgraph's own scatter plots hand numpy arrays to QPainter.drawPixmapFragments
    from pyqtgraph.Qt.internals import PrimitiveArray
except ImportError:  # pragma: no cover (another pyqtgraph): one QPainter call per marker
    PrimitiveArray = None

__all__ = ["CurvesView", "nearest_index"]

SMOOTHING_STEPS = 1000  # slider positions: smoothing = position / 1000, 0 .. 0.999
DEFAULT_SMOOTHING = 0.9

# colours readable on both dark and light backgrounds (matplotlib's "tab10")
_BLUE = (31, 119, 180)
_ORANGE = (255, 127, 14)
_GREEN = (44, 160, 44)
_RAW_ALPHA = 110
_REPLAYED = (255, 214, 0)  # the replay marker: the selection yellow of the other views


Range = tuple[float, float]


class _DataRangeViewBox(pg.ViewBox):
    """A ViewBox whose auto-range asks `bounds(box, axis, other_axis_range)` for the range.

    pyqtgraph's auto-range asks every item for its data bounds, which scans all their points,
    and runs from `prepareForPaint`; `bounds` answers from numbers the view already has, and
    `apply_auto_range()` runs it before the paint. The auto-range flags keep their meaning:
    a mouse pan or zoom turns them off, the "A" button and the context menu turn them on.
    `bounds` gets the other axis's range when the axis is set to fit the visible data only,
    else None; it returns the range to show, padding included, or None to keep the range.
    """

    def __init__(self, bounds: Callable[[pg.ViewBox, int, Sequence[float] | None], Range | None]):
        super().__init__()
        self._bounds = bounds
        # per axis: the last range asked for and the target range it gave (after the limits)
        self._fitted: list[tuple[Range, list[float]] | None] = [None, None]

    def updateAutoRange(self) -> None:  # noqa: N802 (pyqtgraph's name)
        if self._updatingRange:
            return
        self._updatingRange = True
        try:
            ranges = self.viewRange()
            wanted: dict[int, Range] = {}
            for axis in (0, 1):
                if self.state["autoRange"][axis] is False:
                    continue
                other = ranges[1 - axis] if self.state["autoVisibleOnly"][axis] else None
                found = self._bounds(self, axis, other)
                if found is None or not all(np.isfinite(found)):
                    continue
                ranges[axis] = list(found)
                if self._fitted[axis] != (found, self.state["targetRange"][axis]):
                    wanted[axis] = found
            if wanted:  # setRange costs signals and item updates even when nothing moves
                self.setRange(
                    xRange=wanted.get(0), yRange=wanted.get(1), padding=0.0, disableAutoRange=False
                )
                for axis, found in wanted.items():
                    self._fitted[axis] = (found, list(self.state["targetRange"][axis]))
        finally:
            self._autoRangeNeedsUpdate = False
            self._updatingRange = False

    def apply_auto_range(self) -> None:
        """Fit the auto-ranged axes and the item transforms now, so the paint has nothing to do.

        Updating the transforms tells the items their pixel size changed, which queues another
        auto-range; the data has not changed since the fit, so that is dropped.
        """
        if any(self.state["autoRange"]):
            self.updateAutoRange()
        self.updateMatrix()
        self._autoRangeNeedsUpdate = False


class _Grid(pg.GraphicsObject):
    """Solid lines at a plot's major and minor ticks, behind its curves.

    pyqtgraph's own grid draws translucent lines with the axes, blended into every pixel they
    cross and recorded again at every range change: several ms per paint. These lines are
    opaque, in colours between the background and the axes, so they look the same on the
    plain background and cost a few dozen pixel spans. The lines are in the view box's pixel
    coordinates, computed again only when the range or the size changed.
    """

    def __init__(self, box: pg.ViewBox, bottom: pg.AxisItem, left: pg.AxisItem) -> None:
        super().__init__()
        self._box = box
        self._axes = (bottom, left)
        self._pens = (QPen(), QPen())
        self._key: tuple[object, ...] | None = None
        self._lines: tuple[list[QLineF], list[QLineF]] = ([], [])
        self.setParentItem(box)
        self.setZValue(-1e5)  # above the view box's background, below its curves
        box.sigRangeChanged.connect(self._moved)
        box.sigResized.connect(self._moved)

    def set_colours(self, major: QColor, minor: QColor) -> None:
        for pen, colour in zip(self._pens, (major, minor), strict=True):
            pen.setColor(colour)
            pen.setWidth(0)  # cosmetic, one pixel
        self.update()

    def _moved(self, *_: object) -> None:
        self.prepareGeometryChange()
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt's name)
        return QRectF(self._box.boundingRect())

    def paint(self, painter: QPainter, *_: object) -> None:
        key = (*map(tuple, self._box.viewRange()), self._box.width(), self._box.height())
        key += tuple(axis.logMode for axis in self._axes)
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
class _Series:
    """One curve's markers: where, and how they look."""

    symbol: str  # a pyqtgraph symbol: "o", "s", ...
    size: float = 7.0
    pen: QPen = field(default_factory=QPen)
    brush: QBrush = field(default_factory=QBrush)
    visible: bool = True
    x: Floats = field(default_factory=lambda: np.zeros(0))
    y: Floats = field(default_factory=lambda: np.zeros(0))


class _Markers(pg.GraphicsObject):
    """The per-epoch markers of a plot's curves, all stamped by one item.

    A PlotDataItem's symbols are a ScatterPlotItem each, which rebuilds a record per point
    whenever its data is set (every epoch) and recomputes its bounds in pixels after every
    view change. Here each series is two arrays and a pre-rendered symbol, stamped at the
    visible points in the view box's pixel coordinates; exports draw them as vector shapes.
    """

    def __init__(self, box: pg.ViewBox) -> None:
        super().__init__()
        self._box = box
        self._series: list[_Series] = []
        self._symbols: dict[tuple[int, float], QPixmap] = {}  # (series, pixel ratio) -> image
        self._fragments = (
            None if PrimitiveArray is None else PrimitiveArray(QPainter.PixmapFragment, 10)
        )
        self.log_y = False  # the y values are shown as log10, as in the curves' log mode
        self.setParentItem(box)
        box.sigRangeChanged.connect(self._moved)
        box.sigResized.connect(self._moved)

    def add_series(self, symbol: str) -> int:
        self._series.append(_Series(symbol))
        return len(self._series) - 1

    def series(self, index: int) -> _Series:
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

    def _moved(self, *_: object) -> None:
        self.prepareGeometryChange()
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt's name)
        return QRectF(self._box.boundingRect())

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
            px, py = px[shown], py[shown]
            if not len(px):
                continue
            if self._exportOpts is not False:  # exporting (see pyqtgraph): vector shapes
                size = reach * self._exportOpts.get("resolutionScale", 1.0)
                for cx, cy in zip(px.tolist(), py.tolist(), strict=True):
                    painter.save()
                    painter.translate(cx, cy)
                    drawSymbol(painter, series.symbol, size, series.pen, series.brush)
                    painter.restore()
                continue
            symbol = self._symbol(index, ratio)
            fragments = self._fragments
            if fragments is None:
                half = symbol.width() / ratio / 2
                for cx, cy in zip(px.tolist(), py.tolist(), strict=True):
                    painter.drawPixmap(QPointF(cx - half, cy - half), symbol)
                continue
            fragments.resize(len(px))
            table = fragments.ndarray()  # per marker: centre, source rect, scale, rotation, opacity
            table[:, 0] = px
            table[:, 1] = py
            table[:, 2:6] = (0.0, 0.0, symbol.width(), symbol.height())
            table[:, 6:10] = (1.0 / ratio, 1.0 / ratio, 0.0, 1.0)
            painter.drawPixmapFragments(*fragments.drawargs(), symbol)  # type: ignore[call-arg]

    def _symbol(self, index: int, ratio: float) -> QPixmap:
        """The series' symbol rendered for `ratio` device pixels per pixel."""
        symbol = self._symbols.get((index, ratio))
        if symbol is None:
            series = self._series[index]
            image = renderSymbol(series.symbol, series.size, series.pen, series.brush, dpr=ratio)
            symbol = QPixmap.fromImage(image)
            symbol.setDevicePixelRatio(1.0)  # in device pixels: the fragments scale them
            self._symbols[(index, ratio)] = symbol
        return symbol


class _Throttle:
    """How long a frame's redraw must wait so that drawing keeps within its share of the time.

    While frames stream in (`STREAM` refresh calls within a second), the curves are redrawn at
    most as often as keeps their cost (GUI-thread CPU for the refresh and its paint, averaged)
    within `budget` of the time, and at least 15 times a second: redraws start at most
    `MAX_INTERVAL` apart, which leaves room for the timer's lateness and the redraw itself.
    Single calls, as from a pause, a step or a test, are never held back.
    """

    STREAM = 5
    MAX_INTERVAL = 1 / 17  # seconds

    def __init__(self, budget: float = 0.1) -> None:
        self.budget = budget
        self.cost = 0.0  # seconds per redraw, a moving average
        self._last_draw = -math.inf
        self._calls: deque[float] = deque(maxlen=self.STREAM)

    def delay(self, now: float) -> float:
        """Seconds until a refresh called at `now` may draw (0: draw now)."""
        self._calls.append(now)
        if len(self._calls) < self.STREAM or now - self._calls[0] > 1.0:
            return 0.0
        interval = min(self.cost / self.budget, self.MAX_INTERVAL)
        return max(0.0, self._last_draw + interval - now)

    def drawn(self, started: float, cost: float) -> None:
        """A redraw started at `started` (perf_counter) took `cost` seconds of CPU."""
        self._last_draw = started
        self.cost = cost if self.cost == 0.0 else 0.8 * self.cost + 0.2 * cost


class _Plots(pg.GraphicsLayoutWidget):
    """The plots' view, adding up the GUI-thread CPU time its paints take."""

    def __init__(self) -> None:
        super().__init__()
        self.paint_seconds = 0.0

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        started = time.thread_time()
        super().paintEvent(event)
        self.paint_seconds += time.thread_time() - started


class CurvesView(Retranslating, QWidget):
    """Batch loss (raw and smoothed) and per-epoch loss / accuracy against fractional epochs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._history: RunHistory | None = None
        self._drawn: tuple[int, float] | None = None  # (history revision, smoothing) on screen
        self._epochs_drawn: tuple[int, object] | None = None  # (count, last EpochMetrics)
        self._epoch_data: dict[str, Floats] = {}
        self._presentation = False
        # presentation mode scales this, never the font of the moment: the application's font
        # is itself enlarged in presentation mode, and its change reaches this widget later
        self._base_font = QFont(self.font())
        self._readout_x: float | None = None
        self._legends_placed: tuple[object, ...] | None = None  # what the legends were placed for
        self._throttle = _Throttle()
        self._deferred = QTimer(self)  # draws a held-back frame when its time comes
        self._deferred.setSingleShot(True)
        self._deferred.setTimerType(Qt.TimerType.PreciseTimer)
        self._deferred.timeout.connect(self._draw)
        self._painted = 0.0  # the plots' paint_seconds at the last draw

        self._smoothing_label = QLabel()
        self._smoothing_slider = QSlider(Qt.Orientation.Horizontal)
        self._smoothing_slider.setRange(0, SMOOTHING_STEPS - 1)
        self._smoothing_slider.setValue(round(DEFAULT_SMOOTHING * SMOOTHING_STEPS))
        self._smoothing_slider.setMinimumWidth(120)
        self._smoothing_value = QLabel()
        self._log_y = QCheckBox()
        self._last_label = QLabel()
        self._last_epochs = QSpinBox()
        self._last_epochs.setRange(0, 100_000)
        self._fit_button = QToolButton()
        self._export_button = QToolButton()
        self._export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._export_menu = QMenu(self._export_button)
        self._png_action = self._export_menu.addAction("")
        self._svg_action = self._export_menu.addAction("")
        self._csv_action = self._export_menu.addAction("")
        self._export_button.setMenu(self._export_menu)
        self._smoothing_label.setBuddy(self._smoothing_slider)
        self._last_label.setBuddy(self._last_epochs)

        controls = QHBoxLayout()
        controls.addWidget(self._smoothing_label)
        controls.addWidget(self._smoothing_slider, 1)
        controls.addWidget(self._smoothing_value)
        controls.addSpacing(12)
        controls.addWidget(self._log_y)
        controls.addSpacing(12)
        controls.addWidget(self._last_label)
        controls.addWidget(self._last_epochs)
        controls.addStretch(1)
        controls.addWidget(self._fit_button)
        controls.addWidget(self._export_button)

        self._plots = _Plots()
        self._loss_box = _DataRangeViewBox(self._loss_bounds)
        self._accuracy_box = _DataRangeViewBox(self._accuracy_bounds)
        self._loss_plot: pg.PlotItem = self._plots.addPlot(row=0, col=0, viewBox=self._loss_box)
        self._accuracy_plot: pg.PlotItem = self._plots.addPlot(
            row=1, col=0, viewBox=self._accuracy_box
        )
        self._plots.ci.layout.setRowStretchFactor(0, 3)
        self._plots.ci.layout.setRowStretchFactor(1, 2)
        self._accuracy_plot.setXLink(self._loss_plot)
        self._grids = [
            _Grid(plot.getViewBox(), plot.getAxis("bottom"), plot.getAxis("left"))
            for plot in (self._loss_plot, self._accuracy_plot)
        ]
        for plot in (self._loss_plot, self._accuracy_plot):
            plot.showGrid(x=False, y=False)  # pyqtgraph's translucent grid: see _Grid
            plot.getViewBox().setAutoVisible(y=True)
            plot.getViewBox().setLimits(xMin=0)
            for name in ("left", "bottom", "right", "top"):  # (the hidden ones follow too)
                axis = plot.getAxis(name)
                axis.enableAutoSIPrefix(False)  # no "(x0.001)" on the axes
                axis.setStyle(maxTickLevel=1)  # major and minor ticks: half the work
        self._accuracy_plot.getViewBox().setLimits(yMin=-0.05, yMax=1.05)
        # a translucent backing keeps the legends readable where they cross a curve; each legend
        # moves to where the curves leave its plot most free (`LegendPlacer`)
        backing = self._plots.backgroundBrush().color()
        backing.setAlpha(190)
        self._loss_legend = self._loss_plot.addLegend(offset=(-10, 10), brush=backing)
        self._accuracy_legend = self._accuracy_plot.addLegend(offset=(-10, -10), brush=backing)
        self._legend_placers = (
            LegendPlacer(self._loss_legend, self._loss_box, (1, 0)),
            LegendPlacer(self._accuracy_legend, self._accuracy_box, (1, 1)),
        )

        self._raw_loss = self._loss_plot.plot(name="raw")
        self._raw_loss.setClipToView(True)
        self._raw_loss.setDownsampling(auto=True, method="peak")
        # a min/max pair per two pixels is plenty for a smooth curve; its wide pen costs per point
        self._smoothed_loss = self._loss_plot.plot(
            name="smoothed", connect="finite", autoDownsampleFactor=0.5
        )
        self._smoothed_loss.setClipToView(True)
        self._smoothed_loss.setDownsampling(auto=True, method="peak")
        # the per-epoch curves: lines here, their markers in _Markers, and for each a stand-in
        # in the legend that shows both (a click on it shows or hides them)
        self._train_loss = self._loss_plot.plot()
        self._valid_loss = self._loss_plot.plot()
        self._train_accuracy = self._accuracy_plot.plot()
        self._valid_accuracy = self._accuracy_plot.plot()
        self._loss_markers = _Markers(self._loss_plot.getViewBox())
        self._accuracy_markers = _Markers(self._accuracy_plot.getViewBox())
        self._samples: dict[pg.PlotDataItem, tuple[pg.PlotDataItem, _Markers, int]] = {}
        for line, markers, legend, symbol in (
            (self._train_loss, self._loss_markers, self._loss_legend, "o"),
            (self._valid_loss, self._loss_markers, self._loss_legend, "s"),
            (self._train_accuracy, self._accuracy_markers, self._accuracy_legend, "o"),
            (self._valid_accuracy, self._accuracy_markers, self._accuracy_legend, "s"),
        ):
            sample = pg.PlotDataItem(symbol=symbol)
            legend.addItem(sample, "")
            self._samples[line] = (sample, markers, markers.add_series(symbol))
        for markers, legend in (
            (self._loss_markers, self._loss_legend),
            (self._accuracy_markers, self._accuracy_legend),
        ):
            markers.stackBefore(legend)  # above the curves, below the legend
        self._cursors = (
            pg.InfiniteLine(angle=90, movable=False),
            pg.InfiniteLine(angle=90, movable=False),
        )
        # where the replay bar is (hidden while live)
        self._replay_markers = (
            pg.InfiniteLine(angle=90, movable=False),
            pg.InfiniteLine(angle=90, movable=False),
        )
        for plot, cursor, replayed in zip(
            (self._loss_plot, self._accuracy_plot),
            self._cursors,
            self._replay_markers,
            strict=True,
        ):
            for line in (cursor, replayed):
                line.setVisible(False)
                plot.addItem(line, ignoreBounds=True)

        self._readout = QLabel()
        self._readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._readout.setWordWrap(True)  # full-precision numbers must not widen the window

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(controls)
        layout.addWidget(self._plots, 1)
        layout.addWidget(self._readout)

        self._smoothing_slider.valueChanged.connect(self._on_smoothing_changed)
        self._log_y.toggled.connect(self._on_log_y_toggled)
        self._last_epochs.valueChanged.connect(self._on_last_epochs_changed)
        self._fit_button.clicked.connect(self.fit_view)
        self._png_action.triggered.connect(self._on_export_png)
        self._svg_action.triggered.connect(self._on_export_svg)
        self._csv_action.triggered.connect(self._on_export_csv)
        self._plots.scene().sigMouseMoved.connect(self._on_mouse_moved)
        for legend in (self._loss_legend, self._accuracy_legend):
            # a click on a legend sample shows or hides its curve: fit the rest
            legend.sigSampleClicked.connect(self._on_sample_clicked)
        self._cache_legends(True)

        self._apply_style()
        self.retranslate()

    # --- model -----------------------------------------------------------------------------

    def set_history(self, history: RunHistory) -> None:
        self._history = history
        self._drawn = None
        self._legends_placed = None
        self._epochs_drawn = None
        self._draw()

    @property
    def smoothing(self) -> float:
        return self._smoothing_slider.value() / SMOOTHING_STEPS

    def refresh(self) -> None:
        """Redraw from the history; cheap when nothing changed, O(new steps) for the EMA.

        While frames stream in faster than the curves can be drawn within their share of the
        time, a redraw is held back (see `_Throttle`) and done a little later: the curves are
        still redrawn at least 15 times a second, and the newest frame is always drawn.
        """
        if self._history is None:
            return
        delay = self._throttle.delay(time.perf_counter())
        if delay > 0.0:
            if not self._deferred.isActive():
                self._deferred.start(max(1, math.ceil(delay * 1000)))
            return
        self._draw()

    def _draw(self) -> None:
        history = self._history
        if history is None:
            return
        self._deferred.stop()
        started, cpu = time.perf_counter(), time.thread_time()
        state = (history.revision, self.smoothing)
        if state != self._drawn:
            if self._drawn is None or self._drawn[0] != history.revision:
                self._draw_steps(history)
            self._draw_smoothed(history)
            self._drawn = state
        self._update_ranges()
        if self._readout_x is not None:
            self._show_readout(self._readout_x)
        # this draw's refresh, and the paint that followed the previous one
        total = self._plots.paint_seconds
        painted, self._painted = total - self._painted, total
        self._throttle.drawn(started, time.thread_time() - cpu + painted)

    def _draw_steps(self, history: RunHistory) -> None:
        finite = history.losses_finite
        self._raw_loss.setData(history.epoch, history.batch_loss, skipFiniteCheck=finite)
        drawn = (len(history.epochs), history.epochs[-1] if history.epochs else None)
        previous = self._epochs_drawn
        if previous is not None and drawn[0] == previous[0] and drawn[1] is previous[1]:
            return  # no epoch ended since the last frame
        self._epochs_drawn = drawn
        epochs = self._epoch_data = history.epoch_arrays()
        x = epochs["epoch"]
        for line, name in (
            (self._train_loss, "train_loss"),
            (self._valid_loss, "valid_loss"),
            (self._train_accuracy, "train_accuracy"),
            (self._valid_accuracy, "valid_accuracy"),
        ):
            line.setData(x, epochs[name])
            _sample, markers, index = self._samples[line]
            markers.set_data(index, x, epochs[name])

    def _draw_smoothed(self, history: RunHistory) -> None:
        smoothed = history.smoothed_loss(self.smoothing)
        self._smoothed_loss.setData(history.epoch, smoothed, skipFiniteCheck=history.losses_finite)

    def _update_ranges(self) -> None:
        """Follow the newest epochs and fit the auto-ranged axes, before the next paint."""
        self._follow_latest()
        self._loss_box.apply_auto_range()
        self._accuracy_box.apply_auto_range()  # after the loss plot: it shares its x range
        self._place_legends()

    def _place_legends(self) -> None:
        """Each legend where its plot's shown curves cross least.

        Done again only when the view, the finished epochs or the shown curves changed: the
        view moves in steps (see `_padded`), so while training streams this is rarely.
        """
        history = self._history
        if history is None:
            return
        key = (
            tuple(map(tuple, self._loss_box.viewRange())),
            tuple(map(tuple, self._accuracy_box.viewRange())),
            len(history.epochs),
            self.smoothing,
            tuple(item.isVisible() for item in (self._raw_loss, self._smoothed_loss)),
            tuple(item.isVisible() for item in self._epoch_items()),
        )
        if key == self._legends_placed:
            return
        self._legends_placed = key
        epochs = self._epoch_data
        x = epochs.get("epoch")
        loss = [
            (self._smoothed_loss, history.epoch, history.smoothed_loss(self.smoothing)),
            (self._raw_loss, history.epoch, history.batch_loss),
            (self._train_loss, x, epochs.get("train_loss")),
            (self._valid_loss, x, epochs.get("valid_loss")),
        ]
        accuracy = [
            (self._train_accuracy, x, epochs.get("train_accuracy")),
            (self._valid_accuracy, x, epochs.get("valid_accuracy")),
        ]
        log = self._log_y.isChecked()
        for placer, columns, in_log in zip(
            self._legend_placers, (loss, accuracy), (log, False), strict=True
        ):
            curves = []
            for item, xs, ys in columns:
                if xs is None or ys is None or not len(ys) or not item.isVisible():
                    continue
                if in_log:
                    with np.errstate(divide="ignore", invalid="ignore"):
                        ys = np.log10(ys)
                curves.append((np.asarray(xs), np.asarray(ys)))
            placer.place(curves)

    def fit_view(self) -> None:
        """Undo the mouse's zoom and pan: the whole run (or the last N epochs) fits again."""
        for box in (self._loss_box, self._accuracy_box):
            box.enableAutoRange(x=self._last_epochs.value() == 0, y=True)
        self._update_ranges()

    def set_replay_marker(self, epoch: float | None) -> None:
        """A line at the replayed moment (fractional `epoch`), or none while live."""
        for marker in self._replay_markers:
            if epoch is not None:
                marker.setPos(epoch)
            marker.setVisible(epoch is not None)

    def replay_marker(self) -> float | None:
        """The epoch the replay marker stands at, or None when it is hidden."""
        marker = self._replay_markers[0]
        return float(marker.value()) if marker.isVisible() else None

    def _follow_latest(self) -> None:
        """With "show last N epochs", keep the x range on the newest N epochs.

        The x auto-range stays off here so the curves are clipped to the view; the range is
        set only when it moved.
        """
        window = self._x_window()
        if window is None or self._last_epochs.value() == 0:
            return
        box = self._loss_box
        auto_x = box.autoRangeEnabled()[0] is not False
        if auto_x or box.viewRange()[0] != list(window):
            box.setRange(xRange=window, padding=0, disableAutoRange=auto_x)

    def _x_window(self) -> Range | None:
        """The epochs to show: the newest N, or all of them from 0; None before any step."""
        history = self._history
        if history is None or len(history) == 0:
            return None
        latest = float(history.epoch[-1])
        last = self._last_epochs.value()
        if last == 0:
            return (0.0, latest) if latest > 0 else None
        return (max(latest - last, 0.0), latest)

    def _loss_bounds(self, box: pg.ViewBox, axis: int, x: Sequence[float] | None) -> Range | None:
        history = self._history
        if history is None:  # (also while __init__ builds the plots)
            return None
        if axis == 0:
            return self._x_bounds(box)
        columns = [
            (self._raw_loss, history.epoch, history.batch_loss),
            (self._smoothed_loss, history.epoch, history.smoothed_loss(self.smoothing)),
            (self._train_loss, self._epoch_data.get("epoch"), self._epoch_data.get("train_loss")),
            (self._valid_loss, self._epoch_data.get("epoch"), self._epoch_data.get("valid_loss")),
        ]
        return _padded(box, 1, _y_extent(columns, x, self._log_y.isChecked()))

    def _accuracy_bounds(
        self, box: pg.ViewBox, axis: int, x: Sequence[float] | None
    ) -> Range | None:
        if self._history is None:
            return None
        if axis == 0:
            return self._x_bounds(box)
        epochs = self._epoch_data
        columns = [
            (self._train_accuracy, epochs.get("epoch"), epochs.get("train_accuracy")),
            (self._valid_accuracy, epochs.get("epoch"), epochs.get("valid_accuracy")),
        ]
        return _padded(box, 1, _y_extent(columns, x, False))

    def _x_bounds(self, box: pg.ViewBox) -> Range | None:
        window = self._x_window()
        if window is None or self._last_epochs.value() != 0:
            return window  # the newest N epochs exactly
        # all epochs: room for the newest marker, and the right end moves in steps of about
        # 1/16 of the range, so most frames leave the x axes as they were (and their cached
        # drawing valid) instead of re-laying them out
        low, high = window
        high += (high - low) * box.suggestPadding(0)
        step = 2.0 ** math.ceil(math.log2((high - low) / 16))
        return low, math.ceil(high / step) * step

    def _on_sample_clicked(self, _item: object) -> None:
        for line, (sample, markers, index) in self._samples.items():
            line.setVisible(sample.isVisible())
            markers.set_visible(index, sample.isVisible())
        self._update_ranges()

    def _epoch_items(self) -> tuple[pg.PlotDataItem, ...]:
        return self._train_loss, self._valid_loss, self._train_accuracy, self._valid_accuracy

    # --- controls --------------------------------------------------------------------------

    def _on_smoothing_changed(self, _position: int) -> None:
        self._smoothing_value.setText(f"{self.smoothing:.3f}")
        self._draw()

    def _on_log_y_toggled(self, on: bool) -> None:
        self._loss_plot.setLogMode(y=on)
        self._loss_markers.log_y = on
        self._update_ranges()

    def _on_last_epochs_changed(self, value: int) -> None:
        self._last_epochs.setSuffix(self.tr(" epoch") if value == 1 else self.tr(" epochs"))
        if value == 0:
            self._loss_box.enableAutoRange(x=True)
        for item in self._epoch_items():
            # with the last N epochs, draw only those; a clipped item also recomputes its points
            # on every range change, which showing all epochs would pay for nothing
            if item.opts["clipToView"] != (value != 0):
                item.setClipToView(value != 0)
        self._update_ranges()

    def set_presentation(self, on: bool) -> None:
        """Thicker lines and larger fonts, for a projector."""
        self._presentation = on
        self._apply_style()
        self.retranslate()

    def _apply_style(self) -> None:
        big = self._presentation
        scale = 2 if big else 1
        self._raw_loss.setPen(pg.mkPen(*_BLUE, _RAW_ALPHA, width=scale))
        self._smoothed_loss.setPen(pg.mkPen(*_BLUE, width=2 * scale))
        marker_size = 10 if big else 7
        for item, colour in (
            (self._train_loss, _ORANGE),
            (self._valid_loss, _GREEN),
            (self._train_accuracy, _ORANGE),
            (self._valid_accuracy, _GREEN),
        ):
            item.setPen(pg.mkPen(*colour, width=2 * scale))
            sample, markers, index = self._samples[item]
            markers.set_style(index, marker_size, colour)
            sample.setPen(pg.mkPen(*colour, width=2 * scale))
            # the legend draws the marker in the scatter's own style, which PlotDataItem sets
            # only along with data
            sample.scatter.setPen(pg.mkPen(*colour))
            sample.scatter.setBrush(pg.mkBrush(*colour))
            sample.scatter.setSize(marker_size)
        for legend in (self._loss_legend, self._accuracy_legend):
            for sample, _label in legend.items:
                sample.update()  # (cached: see _cache_legends)
        for cursor in self._cursors:
            cursor.setPen(pg.mkPen(150, 150, 150, 160, width=scale, style=Qt.PenStyle.DashLine))
        for marker in self._replay_markers:
            marker.setPen(pg.mkPen(*_REPLAYED, width=2 * scale))
        background = self._plots.backgroundBrush().color()
        foreground = self._loss_plot.getAxis("left").pen().color()
        for grid in self._grids:
            grid.set_colours(_mix(background, foreground, 0.3), _mix(background, foreground, 0.15))

        font = self._font()
        axis_width = round(QFontMetrics(font).horizontalAdvance("0.0000") * 1.6)
        for widget in self.findChildren(QWidget):
            widget.setFont(font)
        for plot in (self._loss_plot, self._accuracy_plot):
            for name in ("left", "bottom"):
                plot.getAxis(name).setTickFont(font)
            plot.getAxis("left").setWidth(axis_width)  # equal widths keep the epochs aligned
        for legend in (self._loss_legend, self._accuracy_legend):
            legend.setLabelTextSize(self._label_style()["font-size"])
        self._readout.setMinimumHeight(self._readout.fontMetrics().lineSpacing() * 2)

    def _font(self) -> QFont:
        return presentation_font(self._base_font, self._presentation)

    def _label_style(self) -> dict[str, str]:
        return {"font-size": f"{self._font().pointSizeF():.0f}pt"}

    # --- hover readout ---------------------------------------------------------------------

    def _on_mouse_moved(self, position: QPointF) -> None:
        for plot in (self._loss_plot, self._accuracy_plot):
            if plot.sceneBoundingRect().contains(position):
                self._show_readout(plot.getViewBox().mapSceneToView(position).x())
                return

    def _show_readout(self, x: float) -> None:
        """The values of the step and the finished epoch nearest to epoch `x`, each with the
        digits that mean something (see `gdstudio.ui.numbers`; the CSV export has them all)."""
        self._readout_x = x
        history = self._history or RunHistory()
        lines = []
        i = nearest_index(history.epoch, x)
        if i is not None:
            smoothed = history.smoothed_loss(self.smoothing)
            text = self.tr("epoch {epoch}, step {step}: batch loss {loss}, smoothed {smoothed}")
            epoch = float(history.epoch[i])
            lines.append(
                text.format(
                    epoch=format_epoch(epoch),
                    step=f"{int(history.step[i]):,}",
                    loss=format_loss(history.batch_loss[i]),
                    smoothed=format_loss(smoothed[i]),
                )
            )
            for cursor in self._cursors:
                cursor.setPos(epoch)
                cursor.setVisible(True)
        j = nearest_index([m.epoch for m in history.epochs], x)
        if j is not None:
            m = history.epochs[j]
            text = self.tr(
                "after epoch {epoch}: train loss {train_loss}, validation loss {valid_loss}, "
                "train accuracy {train_accuracy}, validation accuracy {valid_accuracy}"
            )
            lines.append(
                text.format(
                    epoch=m.epoch,
                    train_loss=format_loss(m.train_loss),
                    valid_loss=format_loss(m.valid_loss),
                    train_accuracy=format_accuracy(m.train_accuracy),
                    valid_accuracy=format_accuracy(m.valid_accuracy),
                )
            )
        if not lines:
            lines.append(self.tr("Point at the curves to read their values."))
        self._readout.setText("\n".join(lines))

    def readout_text(self) -> str:
        return self._readout.text()

    # --- export ----------------------------------------------------------------------------

    def export_png(self, path: str | os.PathLike[str]) -> None:
        self._export(export_scene_png, path)

    def export_svg(self, path: str | os.PathLike[str]) -> None:
        self._export(export_scene_svg, path)

    def export_csv(self, path: str | os.PathLike[str], run: str = "run") -> None:
        (self._history or RunHistory()).write_csv(path, run=run)

    def _export(
        self,
        export: Callable[[pg.GraphicsScene, str], None],
        path: str | os.PathLike[str],
    ) -> None:
        """Both plots as they are on screen, without the hover cursors."""
        visible = [cursor.isVisible() for cursor in self._cursors]
        for cursor in self._cursors:
            cursor.setVisible(False)
        self._cache_legends(False)  # cached items would be pasted into an SVG as bitmaps
        try:
            export(self._plots.scene(), os.fspath(path))
        finally:
            self._cache_legends(True)
            for cursor, shown in zip(self._cursors, visible, strict=True):
                cursor.setVisible(shown)

    def _cache_legends(self, on: bool) -> None:
        """Keep the legends' drawing as pixmaps, so a frame does not paint them again."""
        mode = (
            QGraphicsItem.CacheMode.DeviceCoordinateCache if on else QGraphicsItem.CacheMode.NoCache
        )
        for legend in (self._loss_legend, self._accuracy_legend):
            legend.setCacheMode(mode)
            for sample, _label in legend.items:
                sample.setCacheMode(mode)

    def _on_export_png(self) -> None:
        self._ask_and_export(self.tr("Export curves as PNG"), self.tr("PNG image (*.png)"), ".png")

    def _on_export_svg(self) -> None:
        self._ask_and_export(self.tr("Export curves as SVG"), self.tr("SVG image (*.svg)"), ".svg")

    def _on_export_csv(self) -> None:
        self._ask_and_export(self.tr("Export curves as CSV"), self.tr("CSV table (*.csv)"), ".csv")

    def _ask_and_export(self, title: str, file_filter: str, suffix: str) -> None:
        path, _ = QFileDialog.getSaveFileName(self, title, "curves" + suffix, file_filter)
        if not path:
            return
        if not path.lower().endswith(suffix):
            path += suffix
        {".png": self.export_png, ".svg": self.export_svg, ".csv": self.export_csv}[suffix](path)

    # --- text ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Set every visible text again through tr(), after a language change."""
        self._smoothing_label.setText(self.tr("&Smoothing"))
        self._smoothing_slider.setToolTip(
            self.tr("Weight of the past in the moving average of the batch loss")
        )
        self._smoothing_value.setText(f"{self.smoothing:.3f}")
        self._log_y.setText(self.tr("Log &y"))
        self._log_y.setToolTip(self.tr("Logarithmic loss axis"))
        self._last_label.setText(self.tr("Show last"))
        self._last_epochs.setSpecialValueText(self.tr("all epochs"))
        self._last_epochs.setSuffix(
            self.tr(" epoch") if self._last_epochs.value() == 1 else self.tr(" epochs")
        )
        self._last_epochs.setToolTip(self.tr("Follow the newest N epochs (0 shows all)"))
        self._fit_button.setText(self.tr("Fi&t"))
        self._fit_button.setToolTip(
            self.tr("Fit the curves into view again, after zooming or panning with the mouse")
        )
        self._export_button.setText(self.tr("&Export"))
        self._png_action.setText(self.tr("PNG…"))
        self._svg_action.setText(self.tr("SVG…"))
        self._csv_action.setText(self.tr("CSV…"))

        labels = (
            (self._loss_plot, "bottom", self.tr("epoch")),
            (self._loss_plot, "left", self.tr("loss")),
            (self._accuracy_plot, "bottom", self.tr("epoch")),
            (self._accuracy_plot, "left", self.tr("accuracy")),
        )
        for plot, side, text in labels:
            axis = plot.getAxis(side)  # keep the axis's own style (its text colour)
            axis.setLabel(text, **{**axis.labelStyle, **self._label_style()})
        names = (
            (self._loss_legend, self._raw_loss, self.tr("batch loss")),
            (self._loss_legend, self._smoothed_loss, self.tr("smoothed batch loss")),
            (self._loss_legend, self._train_loss, self.tr("train loss (epoch)")),
            (self._loss_legend, self._valid_loss, self.tr("validation loss (epoch)")),
            (self._accuracy_legend, self._train_accuracy, self.tr("train accuracy")),
            (self._accuracy_legend, self._valid_accuracy, self.tr("validation accuracy")),
        )
        for legend, item, name in names:
            item.opts["name"] = name
            if item in self._samples:
                item = self._samples[item][0]  # the legend shows its stand-in
                item.opts["name"] = name
            label = legend.getLabel(item)
            if label is not None:
                label.setText(name)
        for legend in (self._loss_legend, self._accuracy_legend):
            # shrink the legend to its rows' new size before it measures them: laid out in its
            # old, larger size (longer labels, presentation mode) they would keep that width
            legend.layout.invalidate()
            legend.resize(legend.layout.preferredSize())
            legend.layout.activate()
            legend.updateSize()
        if self._readout_x is None:
            self._readout.setText(self.tr("Point at the curves to read their values."))
        else:
            self._show_readout(self._readout_x)


def _y_extent(
    columns: Sequence[tuple[pg.PlotDataItem, Floats | None, Floats | None]],
    x: Sequence[float] | None,
    log: bool,
) -> Range | None:
    """Smallest and largest finite y of the shown items' points within x (all if None).

    The x columns are ascending, so the visible part is a slice; log=True gives log10 of the
    positive values, the loss axis's view coordinates in log mode.
    """
    low, high = np.inf, -np.inf
    for item, xs, ys in columns:
        if xs is None or ys is None or len(ys) == 0 or not item.isVisible():
            continue
        if x is not None:
            ys = ys[np.searchsorted(xs, x[0]) : np.searchsorted(xs, x[1], side="right")]
        if len(ys) == 0:
            continue
        least, most = float(np.min(ys)), float(np.max(ys))
        if not (np.isfinite(least) and np.isfinite(most)) or (log and least <= 0):
            ys = ys[np.isfinite(ys) & (ys > 0)] if log else ys[np.isfinite(ys)]
            if len(ys) == 0:
                continue
            least, most = float(np.min(ys)), float(np.max(ys))
        low, high = min(low, least), max(high, most)
    if low > high:
        return None
    if log:
        return float(np.log10(low)), float(np.log10(high))
    return low, high


def _mix(a: QColor, b: QColor, weight: float) -> QColor:
    """The opaque colour `weight` of the way from `a` to `b`."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * weight),
        round(a.green() + (b.green() - a.green()) * weight),
        round(a.blue() + (b.blue() - a.blue()) * weight),
    )


def _padded(box: pg.ViewBox, axis: int, extent: Range | None) -> Range | None:
    """`extent` with pyqtgraph's padding, its ends rounded outward to 1/32 of it or so.

    The rounding keeps the range (and the axis's cached drawing) still while the data moves
    within it, instead of changing a little on almost every frame.
    """
    if extent is None:
        return None
    low, high = extent
    span = high - low
    if span <= 0 or not math.isfinite(span):
        return extent
    pad = span * box.suggestPadding(axis)
    low, high = low - pad, high + pad
    step = 2.0 ** math.floor(math.log2((high - low) / 32))
    return math.floor(low / step) * step, math.ceil(high / step) * step
