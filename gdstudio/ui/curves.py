"""The live loss and accuracy curves of a run, drawn from a `RunHistory`.

Every plot item is created once in `__init__`; `refresh()` only hands the history's arrays to
`setData`, and skips even that when the history has not changed since the last frame (the
per-epoch curves change only when an epoch ends).

Training runs in a worker thread that shares the GIL with the painting, so every millisecond
spent here is taken from training. The view ranges are therefore set in `refresh()`, from the
numbers the history already holds, before the scene is painted: pyqtgraph's own auto-range
scans every item in `prepareForPaint`, inside the paint, and its range change then schedules a
second paint of the whole scene.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

import numpy as np
import pyqtgraph as pg
import pyqtgraph.exporters
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSlider,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gdstudio.core.history import Floats, RunHistory, nearest_index

__all__ = ["CurvesView", "nearest_index"]

SMOOTHING_STEPS = 1000  # slider positions: smoothing = position / 1000, 0 .. 0.999
DEFAULT_SMOOTHING = 0.9

# colours readable on both dark and light backgrounds (matplotlib's "tab10")
_BLUE = (31, 119, 180)
_ORANGE = (255, 127, 14)
_GREEN = (44, 160, 44)
_RAW_ALPHA = 110


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

    def updateAutoRange(self) -> None:  # noqa: N802 (pyqtgraph's name)
        if self._updatingRange:
            return
        self._updatingRange = True
        try:
            auto = self.state["autoRange"]
            ranges = self.viewRange()
            changes: dict[str, Range] = {}
            for axis in (0, 1):
                if auto[axis] is False:
                    continue
                other = ranges[1 - axis] if self.state["autoVisibleOnly"][axis] else None
                found = self._bounds(self, axis, other)
                if found is not None and all(np.isfinite(found)):
                    ranges[axis] = list(found)
                    changes["xRange" if axis == 0 else "yRange"] = found
            if changes:
                self.setRange(padding=0.0, disableAutoRange=False, **changes)
        finally:
            self._autoRangeNeedsUpdate = False
            self._updatingRange = False

    def apply_auto_range(self) -> None:
        """Fit the auto-ranged axes now, and the item transforms, so the paint has no work."""
        if any(self.state["autoRange"]):
            self.updateAutoRange()
        self.updateMatrix()


class CurvesView(QWidget):
    """Batch loss (raw and smoothed) and per-epoch loss / accuracy against fractional epochs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._history: RunHistory | None = None
        self._drawn: tuple[int, float] | None = None  # (history revision, smoothing) on screen
        self._epochs_drawn: tuple[int, object] | None = None  # (count, last EpochMetrics)
        self._epoch_data: dict[str, Floats] = {}
        self._presentation = False
        self._readout_x: float | None = None

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
        controls.addWidget(self._export_button)

        self._plots = pg.GraphicsLayoutWidget()
        self._loss_box = _DataRangeViewBox(self._loss_bounds)
        self._accuracy_box = _DataRangeViewBox(self._accuracy_bounds)
        self._loss_plot: pg.PlotItem = self._plots.addPlot(row=0, col=0, viewBox=self._loss_box)
        self._accuracy_plot: pg.PlotItem = self._plots.addPlot(
            row=1, col=0, viewBox=self._accuracy_box
        )
        self._plots.ci.layout.setRowStretchFactor(0, 3)
        self._plots.ci.layout.setRowStretchFactor(1, 2)
        self._accuracy_plot.setXLink(self._loss_plot)
        for plot in (self._loss_plot, self._accuracy_plot):
            plot.showGrid(x=False, y=False)
            plot.getViewBox().setAutoVisible(y=True)
            plot.getViewBox().setLimits(xMin=0)
            for name in ("left", "bottom"):
                plot.getAxis(name).enableAutoSIPrefix(False)  # no "(x0.001)" on the axes
        self._accuracy_plot.getViewBox().setLimits(yMin=-0.05, yMax=1.05)
        # a translucent backing keeps the legends readable where they cross a curve; loss falls
        # away from the top right, accuracy rises away from the top left
        backing = self._plots.backgroundBrush().color()
        backing.setAlpha(190)
        self._loss_legend = self._loss_plot.addLegend(offset=(-10, 10), brush=backing)
        self._accuracy_legend = self._accuracy_plot.addLegend(offset=(10, 10), brush=backing)

        self._raw_loss = self._loss_plot.plot(name="raw")
        self._raw_loss.setClipToView(True)
        self._raw_loss.setDownsampling(auto=True, method="peak")
        # one point per pixel is plenty for the smooth curve, and its wide pen costs per point
        self._smoothed_loss = self._loss_plot.plot(
            name="smoothed", connect="finite", autoDownsampleFactor=1.0
        )
        self._smoothed_loss.setClipToView(True)
        self._smoothed_loss.setDownsampling(auto=True, method="peak")
        self._train_loss = self._loss_plot.plot(name="train", symbol="o")
        self._valid_loss = self._loss_plot.plot(name="valid", symbol="s")
        self._train_accuracy = self._accuracy_plot.plot(name="train", symbol="o")
        self._valid_accuracy = self._accuracy_plot.plot(name="valid", symbol="s")
        self._cursors = (
            pg.InfiniteLine(angle=90, movable=False),
            pg.InfiniteLine(angle=90, movable=False),
        )
        for plot, cursor in zip((self._loss_plot, self._accuracy_plot), self._cursors, strict=True):
            cursor.setVisible(False)
            plot.addItem(cursor, ignoreBounds=True)

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
        self._png_action.triggered.connect(self._on_export_png)
        self._svg_action.triggered.connect(self._on_export_svg)
        self._csv_action.triggered.connect(self._on_export_csv)
        self._plots.scene().sigMouseMoved.connect(self._on_mouse_moved)

        self._apply_style()
        self.retranslate()

    # --- model -----------------------------------------------------------------------------

    def set_history(self, history: RunHistory) -> None:
        self._history = history
        self._drawn = None
        self._epochs_drawn = None
        self.refresh()

    @property
    def smoothing(self) -> float:
        return self._smoothing_slider.value() / SMOOTHING_STEPS

    def refresh(self) -> None:
        """Redraw from the history; cheap when nothing changed, O(new steps) for the EMA."""
        history = self._history
        if history is None:
            return
        state = (history.revision, self.smoothing)
        if state != self._drawn:
            if self._drawn is None or self._drawn[0] != history.revision:
                self._draw_steps(history)
            self._draw_smoothed(history)
            self._drawn = state
        self._update_ranges()
        if self._readout_x is not None:
            self._show_readout(self._readout_x)

    def _draw_steps(self, history: RunHistory) -> None:
        finite = history.losses_finite
        self._raw_loss.setData(history.epoch, history.batch_loss, skipFiniteCheck=finite)
        drawn = (len(history.epochs), history.epochs[-1] if history.epochs else None)
        if self._epochs_drawn is not None and drawn[0] == self._epochs_drawn[0]:
            if drawn[1] is self._epochs_drawn[1]:
                return  # no epoch ended since the last frame
        self._epochs_drawn = drawn
        epochs = self._epoch_data = history.epoch_arrays()
        x = epochs["epoch"]
        self._train_loss.setData(x, epochs["train_loss"])
        self._valid_loss.setData(x, epochs["valid_loss"])
        self._train_accuracy.setData(x, epochs["train_accuracy"])
        self._valid_accuracy.setData(x, epochs["valid_accuracy"])

    def _draw_smoothed(self, history: RunHistory) -> None:
        smoothed = history.smoothed_loss(self.smoothing)
        self._smoothed_loss.setData(history.epoch, smoothed, skipFiniteCheck=history.losses_finite)

    def _update_ranges(self) -> None:
        """Follow the newest epochs and fit the auto-ranged axes, before the next paint."""
        self._follow_latest()
        self._loss_box.apply_auto_range()
        self._accuracy_box.apply_auto_range()  # after the loss plot: it shares its x range

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
        low, high = window
        return low, high + (high - low) * box.suggestPadding(0)  # room for the newest marker

    # --- controls --------------------------------------------------------------------------

    def _on_smoothing_changed(self, _position: int) -> None:
        self._smoothing_value.setText(f"{self.smoothing:.3f}")
        self.refresh()

    def _on_log_y_toggled(self, on: bool) -> None:
        self._loss_plot.setLogMode(y=on)
        self._update_ranges()

    def _on_last_epochs_changed(self, value: int) -> None:
        self._last_epochs.setSuffix(self.tr(" epoch") if value == 1 else self.tr(" epochs"))
        if value == 0:
            self._loss_box.enableAutoRange(x=True)
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
        symbol = 10 if big else 7
        for item, colour in (
            (self._train_loss, _ORANGE),
            (self._valid_loss, _GREEN),
            (self._train_accuracy, _ORANGE),
            (self._valid_accuracy, _GREEN),
        ):
            item.setPen(pg.mkPen(*colour, width=2 * scale))
            item.setSymbolPen(pg.mkPen(*colour))
            item.setSymbolBrush(pg.mkBrush(*colour))
            item.setSymbolSize(symbol)
        for cursor in self._cursors:
            cursor.setPen(pg.mkPen(150, 150, 150, 160, width=scale, style=Qt.PenStyle.DashLine))

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
        font = QFont(self.font())
        if font.pointSizeF() <= 0:
            font.setPointSizeF(9)
        if self._presentation:
            font.setPointSizeF(font.pointSizeF() * 1.6)
        return font

    def _label_style(self) -> dict[str, str]:
        return {"font-size": f"{self._font().pointSizeF():.0f}pt"}

    # --- hover readout ---------------------------------------------------------------------

    def _on_mouse_moved(self, position: QPointF) -> None:
        for plot in (self._loss_plot, self._accuracy_plot):
            if plot.sceneBoundingRect().contains(position):
                self._show_readout(plot.getViewBox().mapSceneToView(position).x())
                return

    def _show_readout(self, x: float) -> None:
        """Exact values of the step and the finished epoch nearest to epoch `x`."""
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
                    epoch=f"{epoch:.10g}",
                    step=int(history.step[i]),
                    loss=repr(float(history.batch_loss[i])),
                    smoothed=repr(float(smoothed[i])),
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
                    train_loss=repr(float(m.train_loss)),
                    valid_loss=repr(float(m.valid_loss)),
                    train_accuracy=repr(float(m.train_accuracy)),
                    valid_accuracy=repr(float(m.valid_accuracy)),
                )
            )
        if not lines:
            lines.append(self.tr("Point at the curves to read exact values."))
        self._readout.setText("\n".join(lines))

    def readout_text(self) -> str:
        return self._readout.text()

    # --- export ----------------------------------------------------------------------------

    def export_png(self, path: str | os.PathLike[str]) -> None:
        self._export(pyqtgraph.exporters.ImageExporter, path)

    def export_svg(self, path: str | os.PathLike[str]) -> None:
        self._export(_SvgExporter, path)

    def export_csv(self, path: str | os.PathLike[str], run: str = "run") -> None:
        (self._history or RunHistory()).write_csv(path, run=run)

    def _export(
        self, exporter_type: type[pyqtgraph.exporters.Exporter], path: str | os.PathLike[str]
    ) -> None:
        """Both plots as they are on screen, without the hover cursors."""
        visible = [cursor.isVisible() for cursor in self._cursors]
        for cursor in self._cursors:
            cursor.setVisible(False)
        try:
            exporter_type(self._plots.scene()).export(os.fspath(path))
        finally:
            for cursor, shown in zip(self._cursors, visible, strict=True):
                cursor.setVisible(shown)

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
        self._log_y.setText(self.tr("&Log y"))
        self._log_y.setToolTip(self.tr("Logarithmic loss axis"))
        self._last_label.setText(self.tr("Show last"))
        self._last_epochs.setSpecialValueText(self.tr("all epochs"))
        self._last_epochs.setSuffix(
            self.tr(" epoch") if self._last_epochs.value() == 1 else self.tr(" epochs")
        )
        self._last_epochs.setToolTip(self.tr("Follow the newest N epochs (0 shows all)"))
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
            label = legend.getLabel(item)
            if label is not None:
                label.setText(name)
        for legend in (self._loss_legend, self._accuracy_legend):
            legend.layout.activate()  # shrink the rows to the new labels before re-measuring
            legend.updateSize()
        if self._readout_x is None:
            self._readout.setText(self.tr("Point at the curves to read exact values."))
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


def _padded(box: pg.ViewBox, axis: int, extent: Range | None) -> Range | None:
    if extent is None:
        return None
    low, high = extent
    pad = (high - low) * box.suggestPadding(axis)
    return low - pad, high + pad


class _SvgExporter(pyqtgraph.exporters.Exporter):
    """The scene as vector SVG, painted straight into a QSvgGenerator.

    pyqtgraph 0.14's SVGExporter rewrites the generator's path data and fails on the closed
    paths ("... Z") that Qt 6.12 writes (pyqtgraph issue #3495); this skips that rewrite.
    Items are put in export mode first, so scatter symbols come out as vector paths.
    """

    Name = "SVG"

    def export(
        self, fileName: str | None = None, toBytes: bool = False, copy: bool = False
    ) -> None:
        if fileName is None:
            raise ValueError("an SVG export needs a file name")
        target = QRectF(self.getTargetRect())
        generator = QSvgGenerator(QSvgGenerator.SvgVersion.Svg11)  # 1.1 keeps the plots' clipping
        generator.setFileName(fileName)
        generator.setSize(target.size().toSize())
        generator.setViewBox(target)
        generator.setTitle("GD Studio curves")
        scene = self.getScene()
        generator.setResolution(scene.views()[0].logicalDpiX())  # fonts sized as on screen
        background = scene.views()[0].backgroundBrush()
        painter = QPainter(generator)
        try:
            self.setExportMode(True, {"antialias": True, "background": background.color()})
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            if background.style() != Qt.BrushStyle.NoBrush:
                painter.fillRect(target, background)
            scene.render(painter, target, QRectF(self.getSourceRect()))
        finally:
            self.setExportMode(False)
            painter.end()
