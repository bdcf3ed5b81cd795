"""Pick one parameter: the chain rule for it written out as a sum, every term with its numbers,
ending in the value the fast path computes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gdstudio.core.nn.explain import Chain, Term
from gdstudio.ui.derivation.math_render import (
    B0,
    B1,
    L0,
    L1,
    OUT,
    W1,
    L,
    MathLabel,
    entry,
    idx,
    math_html,
    number,
    partial,
    signed,
)
from gdstudio.ui.widgets.view_events import Retranslating

SHAPES = {"w1": (784, 10), "b0": (784,), "b1": (10,)}
SYMBOLS = {"w1": W1, "b0": B0, "b1": B1}


def _sub(*indices: str | int) -> str:
    return f"<sub>{idx(*indices)}</sub>"


def general_formula(name: str, index: tuple[int, ...]) -> str:
    """The chain for `name[index]` in symbols, then with the indices filled in."""
    d_out_k = partial(L, OUT + _sub("k"))
    jac = f"{partial(OUT + _sub('k'), L1 + _sub('j'))}"
    if name == "w1":
        i, j = index
        general = f"{d_out_k} · {jac} · {partial(L1 + _sub('j'), entry(W1, 'i', 'j'))}"
        last = f"{L0}[{i}]"
        target = entry(W1, i, j)
    elif name == "b1":
        (j,) = index
        general = f"{d_out_k} · {jac} · {partial(L1 + _sub('j'), B1 + _sub('j'))}"
        last = "1"
        target = entry(B1, j)
    else:
        (i,) = index
        general = (
            f"Σ<sub><i>k</i></sub> {d_out_k} · {jac} · {partial(L1 + _sub('j'), L0 + _sub('i'))}"
            f" · {partial(L0 + _sub('i'), B0 + _sub('i'))}"
        )
        target = entry(B0, i)
        return (
            f"{partial(L, target)} = Σ<sub><i>j</i></sub> {general}<br>"
            f"= Σ<sub><i>j</i></sub> {partial(L, L1 + _sub('j'))} · {entry(W1, i, 'j')}"
            f" · (1 − {L0}[{i}]²)"
        )
    j_value = index[-1]
    return (
        f"{partial(L, target)} = Σ<sub><i>k</i></sub> {general}<br>"
        f"= Σ<sub><i>k</i></sub> {d_out_k} · <i>J</i>[<i>k</i>, {j_value}] · {last}"
    )


def factor_headers(name: str, index: tuple[int, ...]) -> list[str]:
    if name == "w1":
        return [partial(L, OUT + _sub("k")), f"<i>J</i>[<i>k</i>, {index[1]}]", f"{L0}[{index[0]}]"]
    if name == "b1":
        return [partial(L, OUT + _sub("k")), f"<i>J</i>[<i>k</i>, {index[0]}]", "1"]
    i = index[0]
    return [partial(L, L1 + _sub("j")), entry(W1, i, "j"), f"1 − {L0}[{i}]²"]


def terms_table(over: str, headers: list[str], terms: tuple[Term, ...], product: str) -> str:
    """A rich-text table: the summation index, each factor, the term (headed `product`)."""
    head = "".join(f"<th align='right'>{h}</th>" for h in [f"<i>{over}</i>", *headers, product])
    rows = []
    for t in terms:
        cells = [str(t.index), *(signed(f) for f in t.factors), f"<b>{signed(t.value)}</b>"]
        rows.append("<tr>" + "".join(f"<td align='right'>{c}</td>" for c in cells) + "</tr>")
    return (
        "<table cellspacing='0' cellpadding='3'>"
        f"<tr style='background-color:#e8eef7'>{head}</tr>{''.join(rows)}</table>"
    )


class ParameterChainPanel(Retranslating, QWidget):
    """Chooser (name and indices) and the chain's sum; `parameter_chosen` when the user types."""

    parameter_chosen = Signal(str, tuple)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._name = QComboBox()
        self._name.addItems(list(SHAPES))
        self._i_label, self._j_label = QLabel("i"), QLabel("j")
        self._i = QSpinBox()
        self._j = QSpinBox()
        self._intro = QLabel()
        self._intro.setWordWrap(True)
        self._formula = MathLabel()
        self._table = QLabel()
        self._table.setTextFormat(Qt.TextFormat.RichText)
        self._inner_title = QLabel()
        self._inner_title.setWordWrap(True)
        self._inner = QLabel()
        self._inner.setTextFormat(Qt.TextFormat.RichText)
        self._result = MathLabel()
        self._choose_label = QLabel()

        chooser = QHBoxLayout()
        for w in (self._choose_label, self._name, self._i_label, self._i, self._j_label, self._j):
            chooser.addWidget(w)
        chooser.addStretch(1)
        content = QWidget()
        body = QVBoxLayout(content)
        for w in (self._intro, self._formula, self._table, self._result):
            body.addWidget(w)
        body.addWidget(self._inner_title)
        body.addWidget(self._inner)
        body.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addLayout(chooser)
        layout.addWidget(scroll, 1)

        self._chain: Chain | None = None
        self._updating = False
        self.set_parameter("w1", (407, 3))
        for signal in (self._name.currentTextChanged, self._i.valueChanged, self._j.valueChanged):
            signal.connect(self._on_edited)
        self.retranslate()

    def parameter(self) -> tuple[str, tuple[int, ...]]:
        name = self._name.currentText()
        if name == "w1":
            return name, (self._i.value(), self._j.value())
        return name, (self._i.value() if name == "b0" else self._j.value(),)

    def set_parameter(self, name: str, index: tuple[int, ...]) -> None:
        """Show `name[index]` in the chooser (no `parameter_chosen`)."""
        self._updating = True
        self._name.setCurrentText(name)
        self._i.setRange(0, 783)
        self._j.setRange(0, 9)
        if name == "w1":
            self._i.setValue(index[0])
            self._j.setValue(index[1])
        elif name == "b0":
            self._i.setValue(index[0])
        else:
            self._j.setValue(index[0])
        self._i.setVisible(name != "b1")
        self._i_label.setVisible(name != "b1")
        self._j.setVisible(name != "b0")
        self._j_label.setVisible(name != "b0")
        self._updating = False

    def _on_edited(self) -> None:
        if not self._updating:
            name, index = self.parameter()
            self.set_parameter(name, index)  # shows the spin boxes this parameter has
            self.parameter_chosen.emit(name, index)

    def show_chain(self, chain: Chain | None) -> None:
        self._chain = chain
        if chain is None:
            for label in (self._table, self._inner, self._inner_title):
                label.clear()
            self._formula.set_formula("")
            self._result.set_formula("")
            return
        self._formula.set_formula(general_formula(chain.name, chain.index))
        headers = factor_headers(chain.name, chain.index)
        table = terms_table(chain.sum_over, headers, chain.terms, self.tr("term"))
        self._table.setText(math_html(table, block=True))
        target = entry(SYMBOLS[chain.name], *chain.index)
        fast, difference = self.tr("fast path"), self.tr("difference")
        self._result.set_formula(
            f"Σ = {number(chain.total, 10)}<br>"
            f"{fast}: {partial(L, target)} = {number(chain.fast, 10)}<br>"
            f"{difference}: {number(chain.difference, 2)}"
        )
        self._show_inner(chain)

    def _show_inner(self, chain: Chain) -> None:
        """For ∂L/∂b0: the largest term's first factor, itself a sum over k, expanded."""
        if not chain.terms[0].inner:
            self._inner_title.clear()
            self._inner.clear()
            return
        largest = max(chain.terms, key=lambda t: abs(t.value))
        j = largest.index
        self._inner_title.setText(
            self.tr(
                "Each ∂L/∂L1[j] is itself a sum over k (the same as ∂L/∂b1[j]). "
                "The largest term, j = {0}, expanded:"
            ).format(j)
        )
        headers = [partial(L, OUT + _sub("k")), f"<i>J</i>[<i>k</i>, {j}]"]
        table = terms_table("k", headers, largest.inner, self.tr("term"))
        total = f"Σ = {partial(L, L1 + _sub(j))} = {number(largest.factors[0], 10)}"
        self._inner.setText(math_html(f"{table}<p>{total}</p>", block=True))

    def retranslate(self) -> None:
        self._choose_label.setText(self.tr("Parameter"))
        self._intro.setText(
            self.tr(
                "The chain rule for one parameter: one term per index of the sum, each the "
                "product of the factors on the Chain rule page. Their sum is the gradient "
                "that training (the fast path) computes."
            )
        )
        self.show_chain(self._chain)
