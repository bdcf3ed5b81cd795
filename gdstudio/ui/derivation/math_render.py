"""Formulas typeset as math with Qt rich text: italic variables, real sub- and superscripts,
Unicode math symbols (∂ Σ ⊙ ⊗ · − ²), in a serif font with good math coverage.

Qt's rich text engine (QTextDocument, behind every QLabel) renders this offline, in any
language, with no dependency beyond Qt itself; a CJK font is picked up automatically for
Chinese words beside a formula. Fractions are written inline (∂L/∂w), the usual style for
formulas set within a line of text.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLabel, QWidget

#: serif faces with upright and italic Greek and math operators, best first
MATH_FAMILIES = (
    "STIX Two Text",
    "STIX Two Math",
    "Latin Modern Roman",
    "DejaVu Serif",
    "Noto Serif",
    "Times New Roman",
)


#: exponents and indices in sub- and superscript characters: rich text's <sup> and <sub> shrink
#: digits to about 5 pt at the usual sizes, where hinting cuts their tops off (an 8 reads as ε)
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def math_family() -> str:
    """The first installed family of `MATH_FAMILIES` (Qt falls back to any serif otherwise)."""
    installed = set(QFontDatabase.families())
    return next((f for f in MATH_FAMILIES if f in installed), "serif")


def var(name: str, sub: str = "", sup: str = "") -> str:
    """An italic variable with an optional (upright, unless already marked up) subscript.

    Digits go in sub- and superscript characters (L₀, x²), which fonts draw at a readable size;
    rich text's <sub> and <sup> shrink them until hinting blurs them (a ₀ reads as an o).
    """
    out = f"<i>{name}</i>"
    if sub:
        out += sub.translate(_SUBSCRIPT) if sub.isdigit() else f"<sub>{sub}</sub>"
    if sup:
        out += sup.translate(_SUPERSCRIPT) if sup.lstrip("-").isdigit() else f"<sup>{sup}</sup>"
    return out


def idx(*indices: str | int) -> str:
    """Index letters in italics (i, j, k), numbers upright, separated by commas."""
    return ", ".join(
        f"<i>{i}</i>" if isinstance(i, str) and i.isalpha() else str(i) for i in indices
    )


def partial(top: str, bottom: str) -> str:
    """∂top/∂bottom, inline."""
    return f"∂{top}/∂{bottom}"


# The tutorial's symbols, as they appear in every formula.
X = var("x")
B0 = var("b", "0")
B1 = var("b", "1")
W1 = var("w", "1")
L = var("L")
L0 = var("L", "0")
L1 = var("L", "1")
Y = var("y")
OUT = var("output")
S = var("s")


def entry(symbol: str, *indices: str | int) -> str:
    """symbol[i, j] with the indices typeset as a bracketed list, e.g. w₁[407, 3]."""
    return f"{symbol}[{idx(*indices)}]"


def number(value: float, digits: int = 4) -> str:
    """`value` to `digits` significant digits: plain from 1e-3 to 1e4, else m×10ⁿ; a real minus."""
    if not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("−∞" if value < 0 else "∞")
    if value == 0:
        return "0"
    if 1e-3 <= abs(value) < 1e4:
        text = f"{value:#.{digits}g}".rstrip(".")
    else:
        mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
        text = f"{mantissa}×10{str(int(exponent)).translate(_SUPERSCRIPT)}"
    return text.replace("-", "−")


def signed(value: float, digits: int = 4) -> str:
    """`number` with an explicit + for positive values (terms of a sum line up)."""
    text = number(value, digits)
    return text if text.startswith("−") or value == 0 else "+" + text


def math_html(formula: str, size: float | None = None, block: bool = False) -> str:
    """`formula` in the math font (size in points; None keeps the label's size).

    `block` wraps it in a div, for content holding tables.
    """
    style = f"font-family:'{math_family()}';"
    if size is not None:
        style += f" font-size:{size:g}pt;"
    tag = "div" if block else "span"
    return f'<{tag} style="{style}">{formula}</{tag}>'


def keep_together(formula: str) -> str:
    """Non-breaking spaces, so a narrow label wraps a formula only after its "=" signs.

    For formulas written with this module's helpers (tags carry no attributes).
    """
    return formula.replace(" ", "&nbsp;").replace("&nbsp;=&nbsp;", "&nbsp;= ")


class MathLabel(QLabel):
    """A label showing one formula (rich text in the math font), selectable to copy."""

    def __init__(self, formula: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._scale = 1.15  # formulas a little larger than the text around them
        self.set_formula(formula)

    def set_formula(self, formula: str) -> None:
        self._formula = formula
        size = self.font().pointSizeF() * self._scale
        self.setText(math_html(keep_together(formula), size) if formula else "")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:  # presentation mode: follow the new size
            self.set_formula(self._formula)
