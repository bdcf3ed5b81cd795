"""The chain rule of any network, one block per layer, with one sample's numbers.

The tutorial's own network has the detailed pages (`ChainPage` and the others); for any other
network (another loss, activation or architecture) the derivation view shows this page. Its
numbers all come from core's `LayeredDerivation` (`LayeredNet.derive_layers`): for each layer,
from the loss back to the input, the formula, the gradient arriving from above, the
activation's Jacobian (its diagonal for an elementwise activation, the full softmax Jacobian),
the gradient it passes on and the parameter gradients. With cross-entropy after the softmax it
also shows why ∂L/∂L1 = output − y: the numbers side by side.
"""

from __future__ import annotations

from html import escape

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from gdstudio.core.nn.layers import SOFTMAX, LayerBlock, LayeredDerivation
from gdstudio.ui.derivation.math_render import number
from gdstudio.ui.widgets.view_events import Retranslating

__all__ = ["LayerChainPage"]

#: entries of a long vector printed before "…"
SHOWN = 10


def _vector(values: np.ndarray) -> str:
    """At most SHOWN entries of a vector, then how many there are."""
    v = np.asarray(values, dtype=np.float64).ravel()
    text = ", ".join(number(float(a), 4) for a in v[:SHOWN])
    return f"[{text}{', …' if v.size > SHOWN else ''}]  ({v.size})"


def _summary(values: np.ndarray) -> str:
    """min / max / |.|-largest of an array, for the big ones."""
    v = np.asarray(values, dtype=np.float64)
    return f"min {number(float(v.min()), 3)}, max {number(float(v.max()), 3)}, shape {v.shape}"


class LayerChainPage(Retranslating, QScrollArea):
    """One block per layer of a `LayeredDerivation` (see the module docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        body = QWidget()
        self._notice = QLabel()
        self._notice.setWordWrap(True)
        self._text = QLabel()
        self._text.setWordWrap(True)
        self._text.setTextFormat(Qt.TextFormat.RichText)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(body)
        layout.addWidget(self._notice)
        layout.addWidget(self._text)
        layout.addStretch(1)
        self.setWidget(body)
        self._derivation: LayeredDerivation | None = None
        self.retranslate()

    @property
    def text(self) -> str:
        """The page's rich text (for tests)."""
        return self._text.text()

    def show_derivation(self, derivation: LayeredDerivation | None) -> None:
        self._derivation = derivation
        self._render()

    def _render(self) -> None:
        d = self._derivation
        if d is None:
            self._text.setText(self.tr("Waiting for data and parameters…"))
            return
        parts = [self._loss_html(d)]
        for number_, block in reversed(list(enumerate(d.blocks, start=1))):
            parts.append(self._block_html(number_, len(d.blocks), block))
        self._text.setText("".join(parts))

    def _loss_html(self, d: LayeredDerivation) -> str:
        label = int(np.argmax(d.y))
        rows = [
            (self.tr("loss L"), number(d.loss, 6)),
            (self.tr("label"), str(label)),
            (self.tr("∂L/∂output"), _vector(d.dL_doutput)),
        ]
        title = self.tr("Loss: {0}").format(self._loss_name(d.loss_name))
        html = f"<h3>{escape(title)}</h3>"
        html += self._table(rows)
        last = d.blocks[-1]
        if d.loss_name == "cross_entropy" and last.layer.activation == SOFTMAX:
            html += "<p>" + escape(
                self.tr(
                    "With cross-entropy after the softmax, ∂L/∂output = −y / output, and the "
                    "softmax Jacobian diag(s) − s·sᵀ turns it into simply ∂L/∂z = output − y for "
                    "the softmax's input z (the tutorial's L1): below, the last row, computed "
                    "through the Jacobian, is the first minus the second."
                )
            )
            html += "</p>"
            html += self._table(
                [
                    (self.tr("output"), _vector(d.output)),
                    (self.tr("y (one-hot)"), _vector(d.y)),
                    (self.tr("∂L/∂z, the softmax's input"), _vector(last.dL_dpre)),
                ]
            )
        return html

    def _block_html(self, number_: int, count: int, block: LayerBlock) -> str:
        layer = block.layer
        z = f"a_in·{layer.weight} + {layer.bias}" if layer.weight else f"a_in + {layer.bias}"
        title = self.tr("Layer {0} of {1}: z = {2}, a = {3}(z)").format(
            number_, count, z, layer.activation
        )
        if block.diagonal:
            jacobian = self.tr("diagonal of ∂a/∂z ({0}′(z), the rest is 0)").format(
                layer.activation
            )
            jacobian_value = _vector(block.jacobian)
        else:
            jacobian = self.tr("∂a/∂z = diag(s) − s·sᵀ (softmax Jacobian)")
            jacobian_value = _summary(block.jacobian)
        rows = [
            (self.tr("∂L/∂a (from above)"), _vector(block.dL_dpost)),
            (jacobian, jacobian_value),
            (self.tr("∂L/∂z = Jᵀ·∂L/∂a"), _vector(block.dL_dpre)),
        ]
        for name, grad in block.grads.items():
            formula = "a_in ⊗ ∂L/∂z" if name == layer.weight else "∂L/∂z"
            value = _summary(grad) if grad.ndim > 1 else _vector(grad)
            rows.append((f"∂L/∂{name} = {formula}", value))
        return f"<h3>{escape(title)}</h3>" + self._table(rows)

    @staticmethod
    def _table(rows: list[tuple[str, str]]) -> str:
        """Rows of (plain text, rich text from `number`)."""
        cells = "".join(
            f"<tr><td style='padding-right:12px'>{escape(a)}</td><td>{b}</td></tr>" for a, b in rows
        )
        return f"<table>{cells}</table>"

    def _loss_name(self, name: str) -> str:
        return {
            "squared": self.tr("squared error Σ (y − output)²"),
            "cross_entropy": self.tr("cross-entropy −log output[label]"),
        }.get(name, name)

    def retranslate(self) -> None:
        self._notice.setText(
            self.tr(
                "The detailed pages show the tutorial's network (tanh, squared error). For this "
                "network, here is the chain rule one layer at a time, from the loss back to the "
                "input, with the numbers of the sample shown."
            )
        )
        self._render()
