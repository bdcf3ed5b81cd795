"""The chain rule page of the derivation view: the forward pass, the backward pass's factors
as the tutorial names them, and the three gradients, each formula with its real values.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QStyle, QVBoxLayout, QWidget

from gdstudio.core.nn.explain import jacobian_largest_terms, jacobian_row_sums, loss_terms
from gdstudio.core.nn.model import Derivation, Params
from gdstudio.ui.derivation.math_render import (
    B0,
    B1,
    L0,
    L1,
    OUT,
    W1,
    L,
    S,
    X,
    Y,
    math_html,
    number,
    partial,
)
from gdstudio.ui.derivation.vector_tiles import (
    GREENS,
    INK,
    BarsCanvas,
    Card,
    ImageCanvas,
    ImageStrip,
    Picture,
    scale_text,
)
from gdstudio.ui.widgets.view_events import Retranslating

WIDE = {
    "jacobian": 165,
    "tanh": 165,
    "grad_b1": 150,
    "grad_b0": 150,
    "d_b1": 110,
}  # cards with long text
CARD_SPACING = 4
LABEL_COLOUR = QColor(44, 160, 44)  # the true class
PREDICTION_COLOUR = QColor(255, 127, 14)  # the network's answer
_K = "<sub><i>k</i></sub>"
#: the forward pass and the loss, as this page and the step-by-step page write them
FORWARD_FORMULAS = {
    "x": X,
    "l0": f"{L0} = tanh({X} + {B0})",
    "l1": f"{L1} = {L0}·{W1} + {B1}",
    "output": f"{OUT} = softmax({L1})",
    "loss": f"{L} = Σ{_K} ({Y}{_K} − {OUT}{_K})²",
}


class SectionTitle(QLabel):
    """A bold heading that wraps in a narrow column, taking the height of its lines.

    (A scroll area sizes its page from minimum sizes, which ignore how wrapped text grows.)
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        font = self.font()
        font.setBold(True)
        self.setFont(font)
        self.setWordWrap(True)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        super().setText(text)
        self._fit()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """One line, where there is room."""
        one_line = self.fontMetrics().horizontalAdvance(self.text()) + 2 * self.margin() + 2
        return QSize(one_line, super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        self.setFixedHeight(self.heightForWidth(self.width()))


def section_title() -> SectionTitle:
    return SectionTitle()


def arrow() -> QLabel:
    label = QLabel("→")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


class ChainPage(Retranslating, QScrollArea):
    """Forward, backward, results: cards of formula + picture + note, in three rows.

    `parameter_picked(name, index)` when a gradient entry is clicked.
    """

    parameter_picked = Signal(str, tuple)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        self._body_layout = layout
        self.setWidget(body)

        # forward pass
        self.x_image = ImageCanvas()
        self.z = ImageCanvas()
        self.l0 = ImageCanvas()
        self.l1 = BarsCanvas()
        self.output = BarsCanvas()
        self.loss = BarsCanvas()
        # backward pass: the factors
        self.d_output = BarsCanvas()
        self.jacobian = ImageCanvas(10, 10, 9)
        self.d_w1 = ImageCanvas()
        self.d_l0 = ImageStrip(pixel=1)
        self.tanh = ImageCanvas()
        # the results
        self.grad_b1 = BarsCanvas()
        self.grad_w1 = ImageStrip(pixel=2, columns=10)
        self.grad_b0 = ImageCanvas()

        self.cards: dict[str, Card] = {}
        self.titles = [section_title() for _ in range(3)]
        rows: list[list[tuple[str, Picture | None]]] = [
            [
                ("x", self.x_image),
                ("z", self.z),
                ("l0", self.l0),
                ("l1", self.l1),
                ("output", self.output),
                ("loss", self.loss),
            ],
            [
                ("d_output", self.d_output),
                ("jacobian", self.jacobian),
                ("d_w1", self.d_w1),
                ("d_b1", None),
                ("d_l0", self.d_l0),
                ("tanh", self.tanh),
            ],
            [("grad_b1", self.grad_b1), ("grad_w1", self.grad_w1), ("grad_b0", self.grad_b0)],
        ]
        # each row's lines (as many as it has cards, the unused ones empty) and its cards,
        # each with the arrow that follows it (forward pass)
        self._rows: list[tuple[list[QHBoxLayout], list[tuple[Card, QLabel | None]]]] = []
        for row, (title, cards) in enumerate(zip(self.titles, rows, strict=True)):
            layout.addWidget(title)
            units: list[tuple[Card, QLabel | None]] = []
            for n, (key, picture) in enumerate(cards):
                card = Card(picture, width=WIDE.get(key, 134))
                self.cards[key] = card
                units.append((card, arrow() if row == 0 and n < len(cards) - 1 else None))
            lines = []
            for _ in units:
                line = QHBoxLayout()
                line.setSpacing(CARD_SPACING)
                line.addStretch(1)
                layout.addLayout(line)
                lines.append(line)
            self._rows.append((lines, units))
        layout.addStretch(1)
        self._line_of: list[list[int]] = []
        self._arrange()
        self._set_formulas()

        self.grad_b1.picked.connect(lambda j: self.parameter_picked.emit("b1", (j,)))
        self.grad_w1.picked.connect(lambda i, j: self.parameter_picked.emit("w1", (i, j)))
        self.grad_b0.picked.connect(lambda i: self.parameter_picked.emit("b0", (i,)))
        self._shown: tuple[Derivation, Params, tuple[str, tuple[int, ...]]] | None = None
        self.retranslate()

    def _set_formulas(self) -> None:
        d_l1 = partial(L, L1)
        formulas = {
            **FORWARD_FORMULAS,
            "z": f"{X} + {B0}",
            "d_output": f"{partial(L, OUT)} = −2({Y} − {OUT})",
            "jacobian": f"{partial(OUT, L1)} = diag({S}) − {S}·{S}<sup>T</sup>",
            "d_w1": f"{partial(L1, W1)} = {L0}",
            "d_b1": f"{partial(L1, B1)} = 1",
            "d_l0": f"{partial(L1, L0)} = {W1}",
            "tanh": f"{partial(L0, f'({X} + {B0})')} = diag(1 − {L0}²)",
            "grad_b1": f"{partial(L, B1)} = ({partial(OUT, L1)})<sup>T</sup>·{partial(L, OUT)}",
            "grad_w1": f"{partial(L, W1)} = {L0} ⊗ {d_l1}",
            "grad_b0": f"{partial(L, B0)} = (1 − {L0}²) ⊙ ({W1}·{d_l1})",
        }
        for key, formula in formulas.items():
            self.cards[key].set_formula(formula)

    def set_presentation(self, on: bool) -> None:
        factor = 1.5 if on else 1.0
        for canvas in (self.x_image, self.z, self.l0, self.d_w1, self.tanh, self.grad_b0):
            canvas.set_pixel(round(3 * factor))
        self.jacobian.set_pixel(round(9 * factor))
        self.d_l0.set_pixel(round(1 * factor) if on else 1)
        self.grad_w1.set_pixel(round(2 * factor))
        for bars in (self.l1, self.output, self.loss, self.d_output, self.grad_b1):
            bars.set_scale(factor)
        for card in self.cards.values():
            card.set_scale(factor)
        self._arrange()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """Put as many cards on a line as fit the page's width at their least widths, the
        rest on the lines below: normally a row is one line, but presentation mode's larger
        cards wrap rather than scroll sideways."""
        margins = self._body_layout.contentsMargins()
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        room = self.width() - 2 * self.frameWidth() - bar - margins.left() - margins.right()
        line_of = [_line_breaks(units, room) for _, units in self._rows]
        if line_of == self._line_of:
            return
        self._line_of = line_of
        for (lines, units), row_line_of in zip(self._rows, line_of, strict=True):
            widgets = [w for unit in units for w in unit if w is not None]
            for line in lines:
                for widget in widgets:
                    line.removeWidget(widget)
            for (card, next_arrow), n in zip(units, row_line_of, strict=True):
                for unit_widget in (card, next_arrow):
                    if unit_widget is not None:
                        lines[n].insertWidget(
                            lines[n].count() - 1, unit_widget
                        )  # before the stretch

    def show_derivation(
        self, d: Derivation | None, params: Params | None, chosen: tuple[str, tuple[int, ...]]
    ) -> None:
        """Show every quantity of `d` (computed with `params`); None clears the page."""
        if d is None or params is None:
            self._shown = None
            for canvas in (self.x_image, self.z, self.l0, self.jacobian, self.d_w1, self.tanh):
                canvas.set_values(None)
            for bars in (self.l1, self.output, self.loss, self.d_output, self.grad_b1):
                bars.set_values(None)
            for strip in (self.d_l0, self.grad_w1):
                strip.set_values(None)
            self.grad_b0.set_values(None)
            return
        self._shown = (d, params, chosen)
        label, predicted = int(d.y.argmax()), int(d.output.argmax())
        marks = {label: LABEL_COLOUR, predicted: PREDICTION_COLOUR}
        self.x_image.set_values(d.x, INK, (0.0, 1.0))
        self._note("x", scale_text(0.0, 1.0))
        self._note("z", scale_text(*self.z.set_values(d.z)))
        self._note("l0", scale_text(*self.l0.set_values(d.L0, value_range=(-1.0, 1.0))))
        self.l1.set_values(d.L1)
        self._note("l1", self._bar_range(d.L1))
        self.output.set_values(d.output, probabilities=True, highlight=marks)
        self._note(
            "output",
            math_html(f"<i>p</i> = {number(float(d.output[predicted]), 3)}"),
        )
        self.loss.set_values(loss_terms(d), highlight={label: LABEL_COLOUR})
        self._note("loss", math_html(f"{L} = {number(d.loss)}"))
        self.d_output.set_values(d.dL_doutput, highlight=marks)
        self._note("d_output", self._bar_range(d.dL_doutput))
        self.jacobian.set_values(d.softmax_jacobian)
        worst = float(np.abs(jacobian_row_sums(d)).max())
        off, on = jacobian_largest_terms(d)
        self._note(
            "jacobian",
            self.tr(
                "Rows sum to 0 (here ≤ {0}): adding one number to all of L1 leaves the "
                "softmax unchanged."
            ).format(number(worst, 1))
            + "<br>"
            + self.tr(
                "The tutorial says: “只有两个分量相同时才有导数” (a derivative only when the two "
                "components are the same). Not so: off the diagonal it is −s<sub>k</sub>"
                "s<sub>j</sub>, here up to {0} (diagonal up to {1})."
            ).format(number(off, 2), number(on, 2)),
        )
        self.d_w1.set_values(d.L0, value_range=(-1.0, 1.0))
        self._note("d_w1", self.tr("∂L1[j]/∂w1[i, j] = L0[i], the same for every j."))
        self.d_l0.set_values(params["w1"])
        self._note("d_l0", self.tr("The weights: column j links L0 to L1[j] (tab Weights)."))
        self._note(
            "tanh",
            self.tr(
                "tanh acts element by element: L0[k] depends only on input k, so the "
                "784×784 Jacobian is 0 off its diagonal. Shown: the diagonal."
            ),
        )
        self.tanh.set_values(d.tanh_derivative, GREENS, (0.0, 1.0))
        self.grad_b1.set_values(d.grad_b1, highlight=marks)
        self._note("grad_b1", self._bar_range(d.grad_b1))
        self._note("grad_w1", scale_text(*self.grad_w1.set_values(d.grad_w1)))
        self._note("grad_b0", scale_text(*self.grad_b0.set_values(d.grad_b0)))
        self.mark(chosen)
        self._body_layout.activate()  # the notes' new heights, before the next paint

    def mark(self, chosen: tuple[str, tuple[int, ...]]) -> None:
        """Outline the chosen parameter's entry in its gradient picture."""
        name, index = chosen
        self.grad_w1.mark((index[0], index[1]) if name == "w1" else None)
        self.grad_b0.mark(index[0] if name == "b0" else None)

    def _bar_range(self, values: np.ndarray) -> str:
        top = float(np.abs(values).max())
        return scale_text(-top, top)

    def _note(self, key: str, text: str) -> None:
        self.cards[key].set_note(text)

    def retranslate(self) -> None:
        for title, text in zip(
            self.titles,
            (
                self.tr("Forward pass: from the pixels to the loss"),
                self.tr("Backward pass: the factors of the chain rule"),
                self.tr("The three gradients (click an entry to follow it)"),
            ),
            strict=True,
        ):
            title.setText(text)
        self._note("d_b1", self.tr("Each L1[j] moves one for one with b1[j]."))
        if self._shown is not None:
            self.show_derivation(*self._shown)


def _line_breaks(units: list[tuple[Card, QLabel | None]], room: int) -> list[int]:
    """The line of each card, filling each line with as many as fit in `room` pixels."""
    line, used, line_of = 0, 0, []
    for card, next_arrow in units:
        width = card.minimumWidth() + CARD_SPACING
        if next_arrow is not None:
            width += next_arrow.minimumSizeHint().width() + CARD_SPACING
        if used and used + width > room:
            line, used = line + 1, 0
        used += width
        line_of.append(line)
    return line_of
