"""The gradient-check view follows the chosen network (`set_model`): every preset's gradients
pass on both paths, and frames of another network are dropped."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest
from inspection_helpers import frame_from, preset_trainer
from pytestqt.qtbot import QtBot

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.training.presets import PRESETS
from gdstudio.ui.derivation.gradcheck_view import GROUP_TOLERANCE, PASS, GradcheckView


@pytest.fixture
def view(show_view: Callable[..., Any]) -> GradcheckView:
    return show_view(GradcheckView, (1000, 700))


@pytest.mark.parametrize("name", list(PRESETS))
def test_each_presets_gradients_pass(view: GradcheckView, embedded: Dataset, name: str) -> None:
    trainer = preset_trainer(embedded, name, 20)
    view.set_model(trainer.model)
    view.show_frame(frame_from(trainer))
    view.refresh()
    shapes = trainer.model.param_shapes()
    groups = {check.name for check in view.checks}
    assert groups == set(shapes)
    sizes = {name: min(20, math.prod(s)) for name, s in shapes.items()}
    assert len(view.checks) == 1 + sum(sizes.values())  # the chosen one is not among the picks
    assert (view.checks[0].name, view.checks[0].index) == ("w1", (407, 3))
    for check in view.checks:
        # the two paths agree, and both match the central difference to its rounding error
        # (about 1e-16 * L / h); entries whose gradient is that small are judged on it alone
        assert check.fast == pytest.approx(check.jacobian, rel=1e-9, abs=1e-15)
        assert abs(check.fast - check.numeric) < 1e-10
        if abs(check.numeric) > 1e-5:
            assert check.passed() == (True, True)
    cells = {view.table.item(0, c).background().color().name() for c in (4, 5)}
    assert cells == {PASS.name()}
    assert view.curve is not None and view.curve.entry == ("w1", (407, 3))


def test_a_parameter_the_network_lacks_falls_back(view: GradcheckView, embedded: Dataset) -> None:
    trainer = preset_trainer(embedded, "mlp", 5)
    view.set_model(trainer.model)
    view.show_frame(frame_from(trainer))
    view._selection.select_parameter("b0", (300,))  # the tutorial's
    assert (view.checks[0].name, view.checks[0].index) == ("w1", (407, 3))
    view._selection.select_parameter("w2", (42, 7))
    assert (view.checks[0].name, view.checks[0].index) == ("w2", (42, 7))
    assert view.checks[0].passed() == (True, True)


def test_frames_of_another_network_are_dropped(view: GradcheckView, embedded: Dataset) -> None:
    tutorial = preset_trainer(embedded, "tutorial", 2)
    view.show_frame(frame_from(tutorial))
    view.refresh()
    assert view.checks
    regression = preset_trainer(embedded, "softmax-regression", 2)
    view.set_model(regression.model)
    assert view.checks == []  # nothing until the new network's first frame
    view.show_frame(frame_from(tutorial))
    view.refresh()
    assert view.checks == []
    view.show_frame(frame_from(regression))
    view.refresh()
    assert {c.name for c in view.checks} == {"w1", "b1"}


def test_full_check_of_softmax_regression(
    qtbot: QtBot, view: GradcheckView, embedded: Dataset
) -> None:
    trainer = preset_trainer(embedded, "softmax-regression", 5)
    view.set_model(trainer.model)
    view.show_frame(frame_from(trainer))
    with qtbot.waitSignal(view.runner.finished, timeout=60_000):
        view.start_full_check()
        assert "Checking all 7,850 parameters" in view._full_result.text()
    full = view.full_check
    assert full is not None and set(full.fast) == {"w1", "b1"}
    assert max(full.worst(name) for name in full.fast) <= GROUP_TOLERANCE
    view.close()
