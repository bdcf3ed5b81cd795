"""Formulas' numbers and indices: exponents a reader can read at the usual text sizes."""

from __future__ import annotations

from gdstudio.ui.derivation.math_render import number, var


def test_small_and_large_numbers_have_superscript_exponents() -> None:
    assert number(-5.296129265e-06, 10) == "−5.296129265×10⁻⁶"
    assert number(6.3e-20, 2) == "6.3×10⁻²⁰"
    assert number(123456.0) == "1.235×10⁵"
    assert number(0.02692) == "0.02692"


def test_digit_indices_are_sub_and_superscript_characters() -> None:
    assert var("L", "0") == "<i>L</i>₀"
    assert var("x", sup="2") == "<i>x</i>²"
    assert var("s", sup="T") == "<i>s</i><sup>T</sup>"  # letters stay rich-text superscripts
