"""The loss plot above the accuracy plot, with every item they show, drawn from a `RunHistory`.

Every plot item is created once in `__init__`; drawing only hands the history's arrays to
`setData`, and the per-epoch curves only when an epoch ended. A frame is kept cheap:

- the view ranges are set before the paint, from numbers the history already holds
  (`DataRangeViewBox`), in small steps that leave the axes and their cached drawing as they were;
- the smoothed curve is downsampled to a min/max pair per two pixels (its wide pen costs per
  point), the curves are clipped to the view when it shows the last N epochs, the axes draw
  major and minor ticks only, the legends are cached as pixmaps;
- the per-epoch markers are stamped by one item per plot (`Markers`), and the grid is opaque
  lines at the ticks (`Grid`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFont, QPaintEvent
from PySide6.QtWidgets import QGraphicsItem

from gdstudio.core.training.history import Floats, RunHistory
from gdstudio.ui.training.curve_items import EpochSample, Grid, Markers, mix
from gdstudio.ui.training.curve_ranges import DataRangeViewBox, Range, padded, stepped_end, y_extent
from gdstudio.ui.widgets.legend_place import LegendPlacer

__all__ = ["CURVE_NAMES", "CurvePlots", "set_axis_label"]

# colours readable on both dark and light backgrounds (matplotlib's "tab10")
_BLUE = (31, 119, 180)
_ORANGE = (255, 127, 14)
_GREEN = (44, 160, 44)
_RAW_ALPHA = 110
_REPLAYED = (255, 214, 0)  # the replay marker: the selection yellow of the other views

#: the curves, by the names of `set_names`: the batch loss (raw and smoothed), then the
#: per-epoch ones by their columns in `RunHistory.epoch_arrays()`
CURVE_NAMES = (
    "batch_loss",
    "smoothed_loss",
    "train_loss",
    "valid_loss",
    "train_accuracy",
    "valid_accuracy",
)
_EPOCH_CURVES = (  # name, marker symbol, colour
    ("train_loss", "o", _ORANGE),
    ("valid_loss", "s", _GREEN),
    ("train_accuracy", "o", _ORANGE),
    ("valid_accuracy", "s", _GREEN),
)


class CurvePlots(pg.GraphicsLayoutWidget):  # type: ignore[misc]  # pyqtgraph is untyped: Any
    """Batch loss (raw and smoothed) and per-epoch loss / accuracy against fractional epochs.

    It also adds up the GUI-thread CPU time its paints take (`paint_seconds`), which the view
    spaces its redraws by.
    """

    def __init__(self) -> None:
        super().__init__()
        self.paint_seconds = 0.0
        self._history: RunHistory | None = None
        self._smoothing = 0.0  # of the smoothed curve drawn
        self._last_epochs = 0  # follow the newest N epochs (0: show all)
        self._log_y = False
        self._epochs_drawn: tuple[int, object] | None = None  # (count, last EpochMetrics)
        self._epoch_data: dict[str, Floats] = {}
        self._legends_placed: tuple[object, ...] | None = None  # what the legends were placed for
        self._clipped = False  # whether the per-epoch curves are clipped to the view

        self.loss_box = DataRangeViewBox(self._loss_bounds)
        self.accuracy_box = DataRangeViewBox(self._accuracy_bounds)
        self.loss_plot: pg.PlotItem = self.addPlot(row=0, col=0, viewBox=self.loss_box)
        self.accuracy_plot: pg.PlotItem = self.addPlot(row=1, col=0, viewBox=self.accuracy_box)
        self.ci.layout.setRowStretchFactor(0, 3)
        self.ci.layout.setRowStretchFactor(1, 2)
        self.accuracy_plot.setXLink(self.loss_plot)
        self.grids = [
            Grid(plot.getViewBox(), plot.getAxis("bottom"), plot.getAxis("left"))
            for plot in self._plot_items()
        ]
        for plot in self._plot_items():
            plot.showGrid(x=False, y=False)  # pyqtgraph's translucent grid: see Grid
            plot.getViewBox().setAutoVisible(y=True)
            plot.getViewBox().setLimits(xMin=0)
            for name in ("left", "bottom", "right", "top"):  # (the hidden ones follow too)
                axis = plot.getAxis(name)
                axis.enableAutoSIPrefix(False)  # no "(x0.001)" on the axes
                axis.setStyle(maxTickLevel=1)  # major and minor ticks: half the work
        self.accuracy_box.setLimits(yMin=-0.05, yMax=1.05)
        # a translucent backing keeps the legends readable where they cross a curve; each legend
        # moves to where the curves leave its plot most free (`LegendPlacer`)
        backing = self.backgroundBrush().color()
        backing.setAlpha(190)
        self.loss_legend = self.loss_plot.addLegend(offset=(-10, 10), brush=backing)
        self.accuracy_legend = self.accuracy_plot.addLegend(offset=(-10, -10), brush=backing)
        self._legend_placers = (
            LegendPlacer(self.loss_legend, self.loss_box, (1, 0)),
            LegendPlacer(self.accuracy_legend, self.accuracy_box, (1, 1)),
        )

        self.raw_loss = self.loss_plot.plot()
        self.raw_loss.setClipToView(True)
        self.raw_loss.setDownsampling(auto=True, method="peak")
        # a min/max pair per two pixels is plenty for a smooth curve; its wide pen costs per point
        self.smoothed_loss = self.loss_plot.plot(connect="finite", autoDownsampleFactor=0.5)
        self.smoothed_loss.setClipToView(True)
        self.smoothed_loss.setDownsampling(auto=True, method="peak")
        # the per-epoch curves: lines here, their markers in Markers, and for each a sample in
        # the legend that shows both (a click on it shows or hides them)
        self.train_loss = self.loss_plot.plot()
        self.valid_loss = self.loss_plot.plot()
        self.train_accuracy = self.accuracy_plot.plot()
        self.valid_accuracy = self.accuracy_plot.plot()
        self._curves = dict(
            zip(CURVE_NAMES, (self.raw_loss, self.smoothed_loss, *self._epoch_items()), strict=True)
        )
        self.loss_markers = Markers(self.loss_box)
        self.accuracy_markers = Markers(self.accuracy_box)
        self._samples: dict[pg.PlotDataItem, pg.ItemSample] = {
            item: pg.ItemSample(item) for item in (self.raw_loss, self.smoothed_loss)
        }
        self.epoch_samples: dict[pg.PlotDataItem, EpochSample] = {}
        for name, symbol, _colour in _EPOCH_CURVES:
            line = self._curves[name]
            markers = self.accuracy_markers if self._in_accuracy(line) else self.loss_markers
            sample = EpochSample(line, markers, markers.add_series(symbol))
            self._samples[line] = self.epoch_samples[line] = sample
        for line, sample in self._samples.items():
            self._legend_of(line).addItem(sample, "")
        for markers, legend in (
            (self.loss_markers, self.loss_legend),
            (self.accuracy_markers, self.accuracy_legend),
        ):
            markers.stackBefore(legend)  # above the curves, below the legend
        self.cursors = (
            pg.InfiniteLine(angle=90, movable=False),
            pg.InfiniteLine(angle=90, movable=False),
        )
        # where the replay bar is (hidden while live)
        self._replay_markers = (
            pg.InfiniteLine(angle=90, movable=False),
            pg.InfiniteLine(angle=90, movable=False),
        )
        for plot, cursor, replayed in zip(
            self._plot_items(), self.cursors, self._replay_markers, strict=True
        ):
            for line in (cursor, replayed):
                line.setVisible(False)
                plot.addItem(line, ignoreBounds=True)
        for legend in (self.loss_legend, self.accuracy_legend):
            # a click on a legend sample shows or hides its curve: fit the rest
            legend.sigSampleClicked.connect(self._on_sample_clicked)
        self._cache_legends(True)

    def _plot_items(self) -> tuple[pg.PlotItem, pg.PlotItem]:
        return self.loss_plot, self.accuracy_plot

    def _epoch_items(self) -> tuple[pg.PlotDataItem, ...]:
        return self.train_loss, self.valid_loss, self.train_accuracy, self.valid_accuracy

    def _in_accuracy(self, item: pg.PlotDataItem) -> bool:
        return item in (self.train_accuracy, self.valid_accuracy)

    def _legend_of(self, item: pg.PlotDataItem) -> pg.LegendItem:
        return self.accuracy_legend if self._in_accuracy(item) else self.loss_legend

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        started = time.thread_time()
        super().paintEvent(event)
        self.paint_seconds += time.thread_time() - started

    # --- data ------------------------------------------------------------------------------

    def set_history(self, history: RunHistory) -> None:
        """Draw `history` from now on (`draw_steps`, `draw_smoothed`)."""
        self._history = history
        self._legends_placed = None
        self._epochs_drawn = None

    def draw_steps(self) -> None:
        """The steps' batch loss, and the per-epoch curves when an epoch ended since."""
        history = self._history
        if history is None:
            return
        finite = history.losses_finite
        self.raw_loss.setData(history.epoch, history.batch_loss, skipFiniteCheck=finite)
        drawn = (len(history.epochs), history.epochs[-1] if history.epochs else None)
        previous = self._epochs_drawn
        if previous is not None and drawn[0] == previous[0] and drawn[1] is previous[1]:
            return  # no epoch ended since the last frame
        self._epochs_drawn = drawn
        epochs = self._epoch_data = history.epoch_arrays()
        x = epochs["epoch"]
        for name, _symbol, _colour in _EPOCH_CURVES:
            line = self._curves[name]
            line.setData(x, epochs[name])
            sample = self.epoch_samples[line]
            sample.markers.set_data(sample.index, x, epochs[name])

    def draw_smoothed(self, smoothing: float) -> None:
        """The moving average of the batch loss, with weight `smoothing` for the past."""
        history = self._history
        if history is None:
            return
        self._smoothing = smoothing
        smoothed = history.smoothed_loss(smoothing)
        self.smoothed_loss.setData(history.epoch, smoothed, skipFiniteCheck=history.losses_finite)

    def _on_sample_clicked(self, _item: object) -> None:
        for line, sample in self.epoch_samples.items():
            sample.markers.set_visible(sample.index, line.isVisible())
        self.update_ranges()

    # --- ranges ----------------------------------------------------------------------------

    def set_log_y(self, on: bool) -> None:
        """A logarithmic loss axis."""
        self._log_y = on
        self.loss_plot.setLogMode(y=on)
        self.loss_markers.log_y = self.grids[0].log_y = on
        self.update_ranges()

    def set_last_epochs(self, last: int) -> None:
        """Follow the newest `last` epochs (0: show them all)."""
        self._last_epochs = last
        if last == 0:
            self.loss_box.enableAutoRange(x=True)
        if self._clipped != (last != 0):
            # with the last N epochs, draw only those; a clipped item also recomputes its points
            # on every range change, which showing all epochs would pay for nothing
            self._clipped = last != 0
            for item in self._epoch_items():
                item.setClipToView(self._clipped)
        self.update_ranges()

    def fit(self) -> None:
        """Undo the mouse's zoom and pan: the whole run (or the last N epochs) fits again."""
        for box in (self.loss_box, self.accuracy_box):
            box.enableAutoRange(x=self._last_epochs == 0, y=True)
        self.update_ranges()

    def update_ranges(self) -> None:
        """Follow the newest epochs and fit the auto-ranged axes, before the next paint."""
        self._follow_latest()
        self.loss_box.apply_auto_range()
        self.accuracy_box.apply_auto_range()  # after the loss plot: it shares its x range
        self._place_legends()

    def _follow_latest(self) -> None:
        """With "show last N epochs", keep the x range on the newest N epochs.

        The x auto-range stays off here so the curves are clipped to the view; the range is
        set only when it moved.
        """
        window = self._x_window()
        if window is None or self._last_epochs == 0:
            return
        box = self.loss_box
        auto_x = box.autoRangeEnabled()[0] is not False
        if auto_x or box.viewRange()[0] != list(window):
            box.setRange(xRange=window, padding=0, disableAutoRange=auto_x)

    def _x_window(self) -> Range | None:
        """The epochs to show: the newest N, or all of them from 0; None before any step."""
        history = self._history
        if history is None or len(history) == 0:
            return None
        latest = float(history.epoch[-1])
        last = self._last_epochs
        if last == 0:
            return (0.0, latest) if latest > 0 else None
        return (max(latest - last, 0.0), latest)

    def _x_bounds(self, box: pg.ViewBox) -> Range | None:
        window = self._x_window()
        if window is None or self._last_epochs != 0:
            return window  # the newest N epochs exactly
        return stepped_end(box, window)

    def _loss_columns(
        self, history: RunHistory
    ) -> list[tuple[pg.PlotDataItem, Floats | None, Floats | None]]:
        """Each loss curve with its x and y, as the legend placement and the y range see them."""
        epochs = self._epoch_data
        return [
            (self.smoothed_loss, history.epoch, history.smoothed_loss(self._smoothing)),
            (self.raw_loss, history.epoch, history.batch_loss),
            (self.train_loss, epochs.get("epoch"), epochs.get("train_loss")),
            (self.valid_loss, epochs.get("epoch"), epochs.get("valid_loss")),
        ]

    def _accuracy_columns(self) -> list[tuple[pg.PlotDataItem, Floats | None, Floats | None]]:
        epochs = self._epoch_data
        return [
            (self.train_accuracy, epochs.get("epoch"), epochs.get("train_accuracy")),
            (self.valid_accuracy, epochs.get("epoch"), epochs.get("valid_accuracy")),
        ]

    def _loss_bounds(self, box: pg.ViewBox, axis: int, x: Sequence[float] | None) -> Range | None:
        history = self._history
        if history is None:  # (also while __init__ builds the plots)
            return None
        if axis == 0:
            return self._x_bounds(box)
        return padded(box, 1, y_extent(self._loss_columns(history), x, self._log_y))

    def _accuracy_bounds(
        self, box: pg.ViewBox, axis: int, x: Sequence[float] | None
    ) -> Range | None:
        if self._history is None:
            return None
        if axis == 0:
            return self._x_bounds(box)
        return padded(box, 1, y_extent(self._accuracy_columns(), x, False))

    def _place_legends(self) -> None:
        """Each legend where its plot's shown curves cross least.

        Done again only when the view, the finished epochs or the shown curves changed: the
        view moves in steps (see `padded`), so while training streams this is rarely.
        """
        history = self._history
        if history is None:
            return
        key = (
            tuple(map(tuple, self.loss_box.viewRange())),
            tuple(map(tuple, self.accuracy_box.viewRange())),
            len(history.epochs),
            self._smoothing,
            tuple(item.isVisible() for item in self._curves.values()),
        )
        if key == self._legends_placed:
            return
        self._legends_placed = key
        for placer, columns, in_log in zip(
            self._legend_placers,
            (self._loss_columns(history), self._accuracy_columns()),
            (self._log_y, False),
            strict=True,
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

    # --- markers at an epoch ---------------------------------------------------------------

    def epoch_at(self, position: QPointF) -> float | None:
        """The epoch under the scene `position`, or None outside both plots."""
        for plot in self._plot_items():
            if plot.sceneBoundingRect().contains(position):
                return float(plot.getViewBox().mapSceneToView(position).x())
        return None

    def show_cursors(self, epoch: float) -> None:
        """The hover cursors at `epoch`."""
        for cursor in self.cursors:
            cursor.setPos(epoch)
            cursor.setVisible(True)

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

    # --- style and text --------------------------------------------------------------------

    def set_style(self, big: bool, font: QFont, axis_width: int) -> None:
        """Thicker lines and larger markers when `big`, for a projector; `font` for the axes
        and legends, the left axes `axis_width` wide (equal widths keep the epochs aligned)."""
        scale = 2 if big else 1
        self.raw_loss.setPen(pg.mkPen(*_BLUE, _RAW_ALPHA, width=scale))
        self.smoothed_loss.setPen(pg.mkPen(*_BLUE, width=2 * scale))
        marker_size = 10 if big else 7
        for name, _symbol, colour in _EPOCH_CURVES:
            line = self._curves[name]
            pen = pg.mkPen(*colour, width=2 * scale)
            line.setPen(pen)
            sample = self.epoch_samples[line]
            sample.pen = pen
            sample.markers.set_style(sample.index, marker_size, colour)
        for sample in self._samples.values():
            sample.update()  # (cached: see _cache_legends)
        for cursor in self.cursors:
            cursor.setPen(pg.mkPen(150, 150, 150, 160, width=scale, style=Qt.PenStyle.DashLine))
        for marker in self._replay_markers:
            marker.setPen(pg.mkPen(*_REPLAYED, width=2 * scale))
        background = self.backgroundBrush().color()
        foreground = self.loss_plot.getAxis("left").pen().color()
        for grid in self.grids:
            grid.set_colours(mix(background, foreground, 0.3), mix(background, foreground, 0.15))
        for plot in self._plot_items():
            for name in ("left", "bottom"):
                plot.getAxis(name).setTickFont(font)
            plot.getAxis("left").setWidth(axis_width)
        for legend in (self.loss_legend, self.accuracy_legend):
            legend.setLabelTextSize(_font_size(font))

    def set_texts(
        self, epoch: str, loss: str, accuracy: str, names: Mapping[str, str], font: QFont
    ) -> None:
        """The axes' labels and the legends' names (by `CURVE_NAMES`), in `font`'s size."""
        labels = (
            (self.loss_plot, "bottom", epoch),
            (self.loss_plot, "left", loss),
            (self.accuracy_plot, "bottom", epoch),
            (self.accuracy_plot, "left", accuracy),
        )
        for plot, side, text in labels:
            set_axis_label(plot.getAxis(side), text, font)
        for name, item in self._curves.items():
            self._legend_of(item).getLabel(item).setText(names[name])
        for legend in (self.loss_legend, self.accuracy_legend):
            # shrink the legend to its rows' new size before it measures them: laid out in its
            # old, larger size (longer labels, presentation mode) they would keep that width
            legend.adjustSize()
            legend.updateSize()

    # --- export ----------------------------------------------------------------------------

    def export(
        self, export: Callable[[pg.GraphicsScene, str], None], path: str | os.PathLike[str]
    ) -> None:
        """Both plots as they are on screen, without the hover cursors."""
        visible = [cursor.isVisible() for cursor in self.cursors]
        for cursor in self.cursors:
            cursor.setVisible(False)
        self._cache_legends(False)  # cached items would be pasted into an SVG as bitmaps
        try:
            export(self.scene(), os.fspath(path))
        finally:
            self._cache_legends(True)
            for cursor, shown in zip(self.cursors, visible, strict=True):
                cursor.setVisible(shown)

    def _cache_legends(self, on: bool) -> None:
        """Keep the legends' drawing as pixmaps, so a frame does not paint them again."""
        mode = (
            QGraphicsItem.CacheMode.DeviceCoordinateCache if on else QGraphicsItem.CacheMode.NoCache
        )
        for legend in (self.loss_legend, self.accuracy_legend):
            legend.setCacheMode(mode)
        for sample in self._samples.values():
            sample.setCacheMode(mode)


def set_axis_label(axis: pg.AxisItem, text: str, font: QFont) -> None:
    """`text` as `axis`'s title, in its own text colour and `font`'s size."""
    colour = axis.textPen().color().name()
    axis.setLabel(text, **{"color": colour, "font-size": _font_size(font)})


def _font_size(font: QFont) -> str:
    return f"{font.pointSizeF():.0f}pt"
