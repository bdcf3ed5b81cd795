"""Numbers printed with the digits that mean something."""

from __future__ import annotations

import pytest

from gdstudio.ui.widgets.numbers import (
    format_accuracy,
    format_epoch,
    format_loss,
    format_probability,
)


def test_a_loss_keeps_4_significant_digits() -> None:
    assert format_loss(0.13531094551086426) == "0.1353"
    assert format_loss(2.3010299956639813) == "2.301"
    assert format_loss(1.2345678e-05) == "1.235e-05"
    assert format_loss(float("nan")) == "nan"


def test_accuracy_is_a_percentage_and_epochs_have_2_decimals() -> None:
    assert format_accuracy(0.8816) == "88.2%"
    assert format_accuracy(1.0) == "100.0%"
    assert format_epoch(1.4499999) == "1.45"


@pytest.mark.parametrize(
    ("p", "shown"),
    [
        (0.997, "99.7%"),
        (0.9996, "99.96%"),
        (0.99999, "99.999%"),
        (1.0, "100.0%"),
        (0.0, "0.0%"),
        (0.0004, "0.04%"),
        (0.5, "50.0%"),
        (1 - 1e-12, "> 99.999999%"),
    ],
)
def test_a_probability_is_100_percent_only_when_it_is_1(p: float, shown: str) -> None:
    assert format_probability(p) == shown
