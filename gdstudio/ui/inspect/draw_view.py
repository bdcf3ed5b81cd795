"""Draw a digit and watch the network read it: the 28 x 28 input it sees, its ten probabilities
while you draw, and "Why?": which pixels pushed toward its answer and which pushed away.

The stroke image becomes the input as MNIST's digits were made (`core.drawing.to_mnist`); the
"Why?" image is each pixel's contribution L0 ⊙ w1[:, j] to the score of the predicted digit j
(`core.inspection.contribution`): their sum plus b1[j] is that score, L1[j]. Softmax regression
has x ⊙ w1[:, j] instead; a network with a hidden layer of its own units has no per-pixel
contribution, and the view says so.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from gdstudio.core.data.drawing import synthetic_digit, to_mnist
from gdstudio.core.nn.inspection import (
    SampleReport,
    as_image,
    contribution,
    inspect_sample,
    symmetric_limit,
)
from gdstudio.core.nn.model import LayeredNet, Params
from gdstudio.ui.inspect.drawing_canvas import DrawingCanvas
from gdstudio.ui.view import ModelView, Selection
from gdstudio.ui.widgets.bars import BarChart
from gdstudio.ui.widgets.images import (
    DivergingBar,
    ImageCell,
    diverging_colormap,
    gray_colormap,
    image_box,
    set_label_font,
    text_font,
)
from gdstudio.ui.widgets.numbers import format_probability
from gdstudio.ui.widgets.throttle import Throttle
from gdstudio.workers.training import TrainingFrame

__all__ = ["DrawView"]

DRAW_MS = 30  # the prediction follows the pen at most ~30 times a second
FRAME_MS = 100  # and new weights from training at most 10 times a second


class DrawView(ModelView, QWidget):
    """A canvas, the input it makes, the network's answer and why (see the module docstring)."""

    def __init__(
        self, selection: Selection, model: LayeredNet | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__("draw", selection, model, parent)
        self._params: Params | None = None
        self._pixels = np.zeros((28, 28))
        self._report: SampleReport | None = None
        self._contribution: np.ndarray | None = None
        self._drawn_throttle = Throttle(self._update_input, DRAW_MS, self)
        self._frame_throttle = Throttle(self._update_prediction, FRAME_MS, self)

        self.canvas = DrawingCanvas()
        self._hint = QLabel()
        self._clear = QPushButton()
        self._why = QPushButton()
        self._why.setCheckable(True)
        self._verdict = QLabel()
        font = self._verdict.font()
        font.setBold(True)
        self._verdict.setFont(font)
        self._explanation = QLabel()
        self._explanation.setWordWrap(True)

        self.graphics = pg.GraphicsLayoutWidget()
        layout = self.graphics.ci
        self._input_title = layout.addLabel("", row=0, col=0)
        self._why_title = layout.addLabel("", row=0, col=1)
        input_box = image_box()
        layout.addItem(input_box, row=1, col=0)
        self.input_cell = ImageCell(input_box, gray_colormap())
        self.input_cell.set_image(self._pixels, (0.0, 1.0))
        # the two images in equal columns, the colour bar in a narrow one of its own: in a
        # column shared with its bar the "why" image came out at half the input's size
        why_box = image_box()
        layout.addItem(why_box, row=1, col=1)
        self.why_cell = ImageCell(why_box, diverging_colormap())
        self.why_bar = DivergingBar(layout, row=1, col=2)
        self._bars_title = layout.addLabel("", row=2, col=0, colspan=3)
        self.bars = BarChart(layout.addPlot(row=3, col=0, colspan=3))

        buttons = QHBoxLayout()
        buttons.addWidget(self._clear)
        buttons.addWidget(self._why)
        buttons.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self._hint)
        left.addWidget(self.canvas, 1)
        left.addLayout(buttons)
        right = QVBoxLayout()
        right.addWidget(self._verdict)
        right.addWidget(self.graphics, 1)
        right.addWidget(self._explanation)
        main = QHBoxLayout(self)
        main.setContentsMargins(4, 4, 4, 4)
        main.addLayout(left, 2)
        main.addLayout(right, 3)

        self.canvas.changed.connect(self._drawn_throttle.request)
        self.canvas.stroke_finished.connect(self._on_stroke_finished)
        self._clear.clicked.connect(self.clear)
        self._why.toggled.connect(self._show_why)
        self.set_presentation(False)
        self._show_why()
        self.retranslate()

    # --- TrainingView -----------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Draw")

    def _take_frame(self, frame: TrainingFrame) -> None:
        self._params = frame.snapshot.params
        if self.isVisible():
            self._frame_throttle.request()

    def _model_changed(self) -> None:
        """Read the drawing with the new network from its next frame on."""
        self._params = None
        self._update_prediction()

    def set_presentation(self, on: bool) -> None:
        font = text_font()
        set_label_font([self._input_title, self._why_title, self._bars_title], font)
        self.bars.set_font(font)
        self.why_bar.set_tick_font(font)

    # --- the drawing ------------------------------------------------------------------------

    @property
    def pixels(self) -> np.ndarray:
        """The network's input made from the drawing, (28, 28) in [0, 1]."""
        return self._pixels

    @property
    def report(self) -> SampleReport | None:
        """The network's reading of the drawing, or None (no ink, or no weights yet)."""
        return self._report

    @property
    def contribution_image(self) -> np.ndarray | None:
        return self._contribution

    def set_drawing(self, ink: np.ndarray) -> None:
        """Draw a stroke image (any size, ink in [0, 1]) as if by hand: for tests and shots."""
        self.canvas.set_ink(ink)
        self._update_input()
        self._selection.select_drawn(self._pixels)

    def prepare_shot(self) -> None:
        """For `gdstudio shot`: a hand-drawn-looking 3, with "Why?" open."""
        self.set_drawing(synthetic_digit("3"))
        self.set_why(True)

    def set_why(self, on: bool) -> None:
        self._why.setChecked(on)

    def clear(self) -> None:
        self.canvas.clear()
        self._update_input()

    def _on_stroke_finished(self) -> None:
        self._update_input()
        self._selection.select_drawn(self._pixels)

    def _update_input(self) -> None:
        self._drawn_throttle.cancel()
        self._pixels = to_mnist(self.canvas.ink())
        self.input_cell.set_image(self._pixels, (0.0, 1.0))
        self._update_prediction()

    def _update_prediction(self) -> None:
        params = self._params
        has_ink = bool(self._pixels.any())
        if params is None or not has_ink:
            self._report = self._contribution = None
        else:
            report = inspect_sample(self._model, params, self._pixels.reshape(-1))
            self._report = report
            why = contribution(self._model, params, report, report.predicted)
            self._contribution = None if why is None else as_image(why)
        self._show_prediction()

    def _show_prediction(self) -> None:
        report, contrib = self._report, self._contribution
        if report is None:
            self.bars.show_probabilities(np.zeros(self._model.config.classes), None, None)
            self.why_cell.set_diverging(np.zeros((28, 28)), 1.0)
        else:
            self.bars.show_probabilities(report.probabilities, None, report.predicted)
        if contrib is not None:
            limit = symmetric_limit(contrib)
            self.why_cell.set_diverging(contrib, limit)
            self.why_bar.set_limit(limit)
        elif report is not None:  # a network without a per-pixel "why"
            self.why_cell.set_diverging(np.zeros((28, 28)), 1.0)
        self._show_why()
        self.retranslate()

    def _equal_image_columns(self) -> None:
        """Both images as large: their columns as wide as the wider title needs (the layout
        would otherwise give the longer title's column more, and the other image less)."""
        grid = self.graphics.ci.layout
        titles = (self._input_title, self._why_title)
        widest = max(title.minimumWidth() for title in titles)
        for column in (0, 1):
            grid.setColumnMinimumWidth(column, widest)

    def _show_why(self) -> None:
        on = self._why.isChecked()
        # a network without a per-pixel "why" gets the explanation only, no empty image
        image = on and (self._report is None or self._contribution is not None)
        self.why_cell.box.setVisible(image)
        self.why_bar.item.setVisible(image)
        self._why_title.setVisible(image)
        self._explanation.setVisible(on)

    # --- Qt events and language -------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._frame_throttle.request()  # catch up with the weights trained while hidden

    def retranslate(self) -> None:
        self._set_texts()
        self._equal_image_columns()

    def _set_texts(self) -> None:
        self._hint.setText(self.tr("Draw a digit with the mouse:"))
        self._clear.setText(self.tr("Clear"))
        self._why.setText(self.tr("Why?"))
        self._input_title.setText(self.tr("What the network sees (28×28)"))
        self._bars_title.setText(self.tr("Probabilities"))
        report, params = self._report, self._params
        if params is None:
            self._verdict.setText(self.tr("Waiting for the network…"))
        elif report is None:
            self._verdict.setText(self.tr("Draw a digit to see what the network says."))
        else:
            j = report.predicted
            self._verdict.setText(
                self.tr("The network says {0} ({1} sure)").format(
                    j, format_probability(report.probabilities[j])
                )
            )
        if report is None or params is None:
            self._why_title.setText(self.tr("Why?"))
            self._explanation.setText("")
            return
        if self._contribution is None:
            self._why_title.setText(self.tr("Why?"))
            self._explanation.setText(
                self.tr(
                    "This network reads the pixels through its {0} hidden units, so no pixel's "
                    "push toward a digit can be told apart from the others': “Why?” is shown "
                    "for the tutorial's network and for softmax regression."
                ).format(report.hidden.size)
            )
            return
        j = report.predicted
        total = float(self._contribution.sum())
        bias = float(params["b1"][j])
        numbers = (j, f"{total:.3f}", f"{bias:.3f}", f"{total + bias:.3f}")
        if report.per_pixel and report.activation == "tanh":  # the tutorial's own
            self._why_title.setText(self.tr("Why {0}? L0 ⊙ w1[:, {0}]").format(j))
            self._explanation.setText(
                self.tr(
                    "Each pixel's L0 · w1[:, {0}], with L0 = tanh(x + b0). Red pixels pushed the "
                    "score of {0} up, blue ones pushed it down. Their sum {1} plus b1[{0}] = {2} "
                    "is the score L1[{0}] = {3}; the softmax turns the ten scores into "
                    "probabilities."
                ).format(*numbers)
            )
            return
        pixel = f"{report.activation}(x + b0)" if report.per_pixel else "x"
        self._why_title.setText(self.tr("Why {0}? {1} ⊙ w1[:, {0}]").format(j, pixel))
        self._explanation.setText(
            self.tr(
                "Each pixel's {4} · w1[:, {0}]. Red pixels pushed the score of {0} up, blue ones "
                "pushed it down. Their sum {1} plus b1[{0}] = {2} is the score of {0}, {3}; the "
                "softmax turns the ten scores into probabilities."
            ).format(*numbers, pixel)
        )
