"""Every view with `set_model` takes every preset's network and its frames without errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from inspection_helpers import frame_from, preset_trainer
from pytestqt.qtbot import QtBot

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.data.drawing import synthetic_digit
from gdstudio.core.training.presets import PRESETS
from gdstudio.ui.derivation.derivation_view import DerivationView
from gdstudio.ui.inspect.data_view import DataView
from gdstudio.ui.inspect.draw_view import DrawView
from gdstudio.ui.inspect.weights_view import WeightsView
from gdstudio.ui.view import Selection


def settle(qtbot: QtBot, view: object) -> None:
    """Wait until the view has drawn the frame (its throttled refresh or background job)."""
    if isinstance(view, WeightsView):
        qtbot.waitUntil(view.is_up_to_date)
    elif isinstance(view, DataView):
        qtbot.waitUntil(lambda: view.predictions("valid") is not None)
    elif isinstance(view, DrawView):
        view.set_drawing(synthetic_digit("3"))
    else:
        view.refresh()
        assert view.derivation is not None


@pytest.mark.parametrize("view_class", [DataView, DrawView, WeightsView, DerivationView])
def test_each_view_takes_each_preset(
    qtbot: QtBot,
    show_view: Callable[..., Any],
    selection: Selection,
    embedded: Dataset,
    view_class: type,
) -> None:
    view = show_view(view_class, (900, 600), selection)
    for name in (*PRESETS, "tutorial"):  # and back to the tutorial's
        trainer = preset_trainer(embedded, name, 1)
        view.set_model(trainer.model)
        view.show_frame(frame_from(trainer))
        selection.select_sample("valid", 3)
        selection.select_parameter("w1", (300, 2))
        settle(qtbot, view)
    view.close()
