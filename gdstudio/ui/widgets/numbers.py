"""Numbers as the views print them: each kind of quantity with the digits that mean something.

A loss keeps 4 significant digits, an accuracy or a probability is a percentage, an epoch
has 2 decimals. A probability is never rounded to 100% (or 0%) unless it is exactly 1 (or 0):
"the network is 100% sure" would be false when softmax gives 0.9996.
"""

from __future__ import annotations

import math

__all__ = ["format_accuracy", "format_epoch", "format_loss", "format_probability"]

_MOST_DECIMALS = 6  # 99.999999%: past that, a probability below 1 prints as "> 99.999999%"


def format_loss(value: float) -> str:
    """4 significant digits: 0.1353, 2.301, 1.235e-05; "nan" and "inf" as they are."""
    return f"{float(value):.4g}"


def format_epoch(value: float) -> str:
    """2 decimals: the fraction of an epoch a step is at."""
    return f"{float(value):.2f}"


def format_accuracy(value: float) -> str:
    """A fraction of samples right as a percentage with 1 decimal: 0.8816 -> 88.2%."""
    return f"{100 * float(value):.1f}%"


def format_probability(value: float, decimals: int = 1) -> str:
    """A probability as a percentage with `decimals` decimals, or more when those would
    round it to 0% or 100% while it is not exactly 0 or 1: 0.997 -> 99.7%, 0.99996 -> 99.996%."""
    p = float(value)
    if not math.isfinite(p):
        return f"{p}"
    if p in (0.0, 1.0):
        return f"{100 * p:.{decimals}f}%"
    for places in range(decimals, _MOST_DECIMALS + 1):
        text = f"{100 * p:.{places}f}"
        if float(text) not in (0.0, 100.0):
            return f"{text}%"
    return (
        f"> {100 - 10.0**-_MOST_DECIMALS:.{_MOST_DECIMALS}f}%"
        if p > 0.5
        else f"< {10.0**-_MOST_DECIMALS:.{_MOST_DECIMALS}f}%"
    )
