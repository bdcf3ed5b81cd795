"""One sample, large: its pixels, the network's ten probabilities, its loss, saturated units.

The saturation overlay marks pixels, so it is drawn for the tutorial's network only, whose
hidden layer has one unit per pixel; for the others the units are counted in the loss line.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from gdstudio.core.nn.inspection import SATURATION, SIDE, SampleReport, as_image
from gdstudio.ui.widgets.bars import BarChart
from gdstudio.ui.widgets.images import ImageCell, gray_colormap, image_box, rgba_mask, text_font
from gdstudio.ui.widgets.numbers import format_loss
from gdstudio.ui.widgets.view_events import Retranslating

__all__ = ["SampleDetail"]


class SampleDetail(Retranslating, QWidget):
    """Shows a `SampleReport`: the input with a saturation overlay, and probability bars."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._report: SampleReport | None = None
        self._label: int | None = None
        self._heading: tuple[str, int] | None = None  # (split title, index)
        self._hover: tuple[int, int] | None = None  # the pixel under the mouse
        self._squared = True  # the network's loss is the squared error (else cross-entropy)

        self._title = QLabel()
        self._title.setWordWrap(True)
        self.graphics = pg.GraphicsLayoutWidget()
        box = image_box()
        self.graphics.ci.addItem(box, row=0, col=0)
        self.cell = ImageCell(box, gray_colormap())
        self.cell.set_image(np.zeros((SIDE, SIDE)), (0.0, 1.0))
        self.overlay = pg.ImageItem(axisOrder="row-major")
        box.addItem(self.overlay)
        plot = self.graphics.ci.addPlot(row=0, col=1)
        self.bars = BarChart(plot)
        self.bars.show_probabilities(np.zeros(10), None, None)
        self.graphics.ci.layout.setColumnStretchFactor(0, 1)
        self.graphics.ci.layout.setColumnStretchFactor(1, 1)
        self._saturation = QCheckBox()
        self._saturation.setChecked(True)
        # every text that comes with a sample wraps: a label as wide as its text would widen
        # this pane when a digit is opened, and the digits' grid beside it would lose a column
        self._loss = QLabel()
        self._loss.setWordWrap(True)
        self._legend = QLabel()
        self._legend.setWordWrap(True)
        self._readout = QLabel()
        self._readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._readout.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._title)
        layout.addWidget(self.graphics, 1)
        layout.addWidget(self._legend)
        layout.addWidget(self._loss)
        layout.addWidget(self._saturation)
        layout.addWidget(self._readout)

        self._saturation.toggled.connect(self._show_overlay)
        self.graphics.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.retranslate()

    @property
    def report(self) -> SampleReport | None:
        return self._report

    def set_squared_loss(self, squared: bool) -> None:
        """Whether the network's loss is the squared error (else cross-entropy), for its formula."""
        self._squared = squared
        self.retranslate()

    def show_sample(self, split_title: str, index: int, label: int, report: SampleReport) -> None:
        """Show sample `index` of a split (named `split_title`), with true `label`."""
        self._heading, self._label, self._report = (split_title, index), label, report
        self.cell.set_image(as_image(report.x), (0.0, 1.0))
        self._show_overlay()
        self.bars.show_probabilities(report.probabilities, label, report.predicted)
        self.retranslate()

    def set_presentation(self, on: bool) -> None:
        self.bars.set_font(text_font())

    def _show_overlay(self) -> None:
        report = self._report
        per_pixel = report is None or report.per_pixel
        self._saturation.setVisible(per_pixel)
        self.overlay.setVisible(report is not None and per_pixel and self._saturation.isChecked())
        if report is not None and per_pixel:
            marked = report.dead if report.activation == "relu" else report.saturated
            self.overlay.setImage(rgba_mask(as_image(marked)), autoLevels=False, levels=(0, 255))
        self.retranslate()

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        self._hover = self.cell.pixel_at(scene_pos)
        self._show_readout()

    def _show_readout(self) -> None:
        """The hovered pixel's row, column, input and hidden value (kept live while training)."""
        report, pixel = self._report, self._hover
        if pixel is None or report is None:
            self._readout.setText(self.tr("Point at a pixel to read its value."))
            return
        row, col = pixel
        k = row * SIDE + col
        x = float(report.x[k])
        if not report.per_pixel:
            self._readout.setText(
                self.tr("row {0}, column {1}: x = {2} ({3}/255)").format(
                    row, col, f"{x:.4f}", round(x * 255)
                )
            )
            return
        values = (row, col, f"{x:.4f}", round(x * 255), f"{float(report.hidden[k]):.4f}")
        if report.activation == "tanh":
            text = self.tr("row {0}, column {1}: x = {2} ({3}/255), L0 = tanh(x + b0) = {4}")
        else:
            text = self.tr("row {0}, column {1}: x = {2} ({3}/255), L0 = {5}(x + b0) = {4}")
        self._readout.setText(text.format(*values, report.activation))

    def retranslate(self) -> None:
        self._show_readout()
        activation = self._report.activation if self._report is not None else "tanh"
        if activation == "sigmoid":
            mark = self.tr("Mark saturated hidden units, sigmoid(x + b0) < {0} or > {1}").format(
                f"{1 - SATURATION:.2g}", SATURATION
            )
        elif activation == "relu":
            mark = self.tr("Mark dead hidden units, relu(x + b0) = 0")
        else:
            mark = self.tr("Mark saturated hidden units, |tanh(x + b0)| > {0}").format(SATURATION)
        self._saturation.setText(mark)
        self._legend.setText(
            self.tr(
                "Bars: the probability the network gives each digit; green is the true label, "
                "red a wrong answer."
            )
        )
        report, heading = self._report, self._heading
        if report is None or heading is None:
            self._title.setText(self.tr("Click a digit to see it here."))
            self._loss.setText("")
            return
        split_title, index = heading
        if report.predicted == self._label:
            verdict = self.tr("{0} #{1}: label {2}, the network says {3} (right)")
        else:
            verdict = self.tr("{0} #{1}: label {2}, the network says {3} (wrong)")
        self._title.setText(verdict.format(split_title, index, self._label, report.predicted))
        self._loss.setText(self._loss_text(report))

    def _loss_text(self, report: SampleReport) -> str:
        """The loss, and how many hidden units are saturated (or, for ReLU, dead)."""
        loss = format_loss(report.loss)
        saturated, units = int(report.saturated.sum()), report.hidden.size
        if self._squared and report.per_pixel and report.activation == "tanh":  # the tutorial
            return self.tr(
                "Loss Σ(y − output)² = {0}   ·   {1} of 784 hidden units saturated"
            ).format(loss, saturated)
        if self._squared:
            text = self.tr("Loss Σ(y − output)² = {0}").format(loss)
        else:
            text = self.tr("Loss −log output[label] = {0}").format(loss)
        if units == 0:
            hidden = self.tr("no hidden layer")
        elif report.activation == "relu":
            hidden = self.tr("{0} of {1} hidden units dead (0)").format(
                int(report.dead.sum()), units
            )
        else:
            hidden = self.tr("{0} of {1} hidden units saturated").format(saturated, units)
        return f"{text}   ·   {hidden}"
