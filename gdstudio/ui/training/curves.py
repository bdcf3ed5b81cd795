"""The Curves tab: the live loss and accuracy curves of a run, their controls and readout.

`CurvePlots` holds the plots and draws them from a `RunHistory`; this view adds the controls
(smoothing, log y, the last N epochs, fit, export), the hover readout and the pace of redraws:
`refresh()` hands the history to the plots, and skips even that when the history has not
changed since the last frame. When frames come faster than drawing may take (training shares
the GIL with the painting), redraws are spaced out, at least 15 a second (`FrameThrottle`).
"""

from __future__ import annotations

import math
import os
import time

from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics
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

from gdstudio.core.training.history import RunHistory, nearest_index
from gdstudio.ui.training.curve_plots import CurvePlots
from gdstudio.ui.training.curve_throttle import FrameThrottle
from gdstudio.ui.widgets.images import presentation_font
from gdstudio.ui.widgets.numbers import format_accuracy, format_epoch, format_loss
from gdstudio.ui.widgets.plot_export import export_scene_png, export_scene_svg
from gdstudio.ui.widgets.view_events import Retranslating

__all__ = ["DEFAULT_SMOOTHING", "CurvesView", "nearest_index"]

SMOOTHING_STEPS = 1000  # slider positions: smoothing = position / 1000, 0 .. 0.999
DEFAULT_SMOOTHING = 0.9


class CurvesView(Retranslating, QWidget):
    """Batch loss (raw and smoothed) and per-epoch loss / accuracy against fractional epochs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._history: RunHistory | None = None
        self._drawn: tuple[int, float] | None = None  # (history revision, smoothing) on screen
        self._presentation = False
        # presentation mode scales this, never the font of the moment: the application's font
        # is itself enlarged in presentation mode, and its change reaches this widget later
        self._base_font = QFont(self.font())
        self._readout_x: float | None = None
        self._throttle = FrameThrottle()
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

        #: the two plots and their items: public, so that what is drawn can be read (the tests do)
        self.plots = CurvePlots()

        self._readout = QLabel()
        self._readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._readout.setWordWrap(True)  # full-precision numbers must not widen the window

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(controls)
        layout.addWidget(self.plots, 1)
        layout.addWidget(self._readout)

        self._smoothing_slider.valueChanged.connect(self._on_smoothing_changed)
        self._log_y.toggled.connect(self.plots.set_log_y)
        self._last_epochs.valueChanged.connect(self._on_last_epochs_changed)
        self._fit_button.clicked.connect(self.fit_view)
        self._png_action.triggered.connect(self._on_export_png)
        self._svg_action.triggered.connect(self._on_export_svg)
        self._csv_action.triggered.connect(self._on_export_csv)
        self.plots.scene().sigMouseMoved.connect(self._on_mouse_moved)

        self._apply_style()
        self.retranslate()

    # --- model -----------------------------------------------------------------------------

    def set_history(self, history: RunHistory) -> None:
        self._history = history
        self._drawn = None
        self.plots.set_history(history)
        self._draw()

    @property
    def smoothing(self) -> float:
        return self._smoothing_slider.value() / SMOOTHING_STEPS

    def refresh(self) -> None:
        """Redraw from the history; cheap when nothing changed, O(new steps) for the EMA.

        While frames stream in faster than the curves can be drawn within their share of the
        time, a redraw is held back (see `FrameThrottle`) and done a little later: the curves
        are still redrawn at least 15 times a second, and the newest frame is always drawn.
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
                self.plots.draw_steps()
            self.plots.draw_smoothed(self.smoothing)
            self._drawn = state
        self.plots.update_ranges()
        if self._readout_x is not None:
            self._show_readout(self._readout_x)
        # this draw's refresh, and the paint that followed the previous one
        total = self.plots.paint_seconds
        painted, self._painted = total - self._painted, total
        self._throttle.drawn(started, time.thread_time() - cpu + painted)

    def fit_view(self) -> None:
        """Undo the mouse's zoom and pan: the whole run (or the last N epochs) fits again."""
        self.plots.fit()

    def set_replay_marker(self, epoch: float | None) -> None:
        """A line at the replayed moment (fractional `epoch`), or none while live."""
        self.plots.set_replay_marker(epoch)

    def replay_marker(self) -> float | None:
        """The epoch the replay marker stands at, or None when it is hidden."""
        return self.plots.replay_marker()

    # --- controls --------------------------------------------------------------------------

    def _on_smoothing_changed(self, _position: int) -> None:
        self._smoothing_value.setText(f"{self.smoothing:.3f}")
        self._draw()

    def _on_last_epochs_changed(self, value: int) -> None:
        self._last_epochs.setSuffix(self.tr(" epoch") if value == 1 else self.tr(" epochs"))
        self.plots.set_last_epochs(value)

    def set_presentation(self, on: bool) -> None:
        """Thicker lines and larger fonts, for a projector."""
        self._presentation = on
        self._apply_style()
        self.retranslate()

    def _apply_style(self) -> None:
        font = self._font()
        for widget in self.findChildren(QWidget):
            widget.setFont(font)
        axis_width = round(QFontMetrics(font).horizontalAdvance("0.0000") * 1.6)
        self.plots.set_style(self._presentation, font, axis_width)
        self._readout.setMinimumHeight(self._readout.fontMetrics().lineSpacing() * 2)

    def _font(self) -> QFont:
        return presentation_font(self._base_font, self._presentation)

    # --- hover readout ---------------------------------------------------------------------

    def _on_mouse_moved(self, position: QPointF) -> None:
        epoch = self.plots.epoch_at(position)
        if epoch is not None:
            self._show_readout(epoch)

    def _show_readout(self, x: float) -> None:
        """The values of the step and the finished epoch nearest to epoch `x`, each with the
        digits that mean something (see `gdstudio.ui.widgets.numbers`; the CSV export has them
        all)."""
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
            self.plots.show_cursors(epoch)
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
        self.plots.export(export_scene_png, path)

    def export_svg(self, path: str | os.PathLike[str]) -> None:
        self.plots.export(export_scene_svg, path)

    def export_csv(self, path: str | os.PathLike[str], run: str = "run") -> None:
        (self._history or RunHistory()).write_csv(path, run=run)

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
        names = {
            "batch_loss": self.tr("batch loss"),
            "smoothed_loss": self.tr("smoothed batch loss"),
            "train_loss": self.tr("train loss (epoch)"),
            "valid_loss": self.tr("validation loss (epoch)"),
            "train_accuracy": self.tr("train accuracy"),
            "valid_accuracy": self.tr("validation accuracy"),
        }
        epoch, loss, accuracy = self.tr("epoch"), self.tr("loss"), self.tr("accuracy")
        self.plots.set_texts(epoch, loss, accuracy, names, self._font())
        if self._readout_x is None:
            self._readout.setText(self.tr("Point at the curves to read their values."))
        else:
            self._show_readout(self._readout_x)
