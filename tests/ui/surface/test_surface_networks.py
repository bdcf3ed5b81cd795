"""The loss-surface view follows the chosen network (`set_model`): two parameters and planes for
every preset, the tutorial's shortcut only for the tutorial's network."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest
from inspection_helpers import frame_from, preset_trainer
from pytestqt.qtbot import QtBot

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.surfaces.surface import evaluation_data
from gdstudio.core.training.presets import PRESETS
from gdstudio.core.training.trainer import Trainer
from gdstudio.ui.surface.surface_view import PAIR, PLANE, SurfaceView
from gdstudio.workers.training import TrainingFrame

DEFAULT_PAIRS = {
    "tutorial": ("w1[407, 3]", "b1[3]"),
    "softmax-regression": ("w1[407, 3]", "b1[3]"),
    "mlp": ("w2[0, 3]", "b2[3]"),
}


def preset_frames(
    dataset: Dataset, name: str, steps: int = 30
) -> tuple[Trainer, list[TrainingFrame]]:
    """A trainer of the preset's network and a frame every 5 steps (its start included)."""
    trainer = preset_trainer(dataset, name, 0)
    frames = [frame_from(trainer)]
    for step in range(1, steps + 1):
        trainer.step()
        if step % 5 == 0:
            frames.append(frame_from(trainer))
    return trainer, frames


@pytest.fixture
def view(show_view: Callable[..., Any]) -> Iterator[SurfaceView]:
    view = show_view(SurfaceView, (1200, 700))
    yield view
    view.shutdown()


def wait_idle(qtbot: QtBot, view: SurfaceView) -> None:
    qtbot.waitUntil(lambda: not view.controller.busy, timeout=60_000)


@pytest.mark.parametrize("name", list(PRESETS))
def test_pair_and_plane_for_each_preset(
    qtbot: QtBot, view: SurfaceView, embedded: Dataset, name: str
) -> None:
    trainer, frames = preset_frames(embedded, name)
    model = trainer.model
    view.set_model(model)
    page = view.pair
    assert (page.first.text(), page.second.text()) == DEFAULT_PAIRS[name]
    page.data_box.setCurrentIndex(page.data_box.findData("valid"))
    page.grid_size.setValue(31)
    for frame in frames:
        view.show_frame(frame)
    view.set_mode(PAIR)
    wait_idle(qtbot, view)
    grid = page.surface.grid
    assert grid is not None and grid.final and grid.values.shape == (31, 31)
    params = frames[-1].snapshot.params
    x, labels = evaluation_data(embedded, "valid")
    p64 = {k: v.astype(np.float64) for k, v in params.items()}
    assert page.centre is not None
    assert page.centre.loss == pytest.approx(float(model.losses(p64, x, labels).mean()), rel=1e-12)
    assert grid.values[15, 15] == pytest.approx(page.centre.loss, rel=1e-5)  # float32 grid
    first, second = page.pair
    assert (grid.xs[15], grid.ys[15]) == (first.get(params), second.get(params))
    page.steps.setValue(20)
    page.descend()
    wait_idle(qtbot, view)
    path = page.descent_path
    assert path is not None and path.steps > 0 and np.isfinite(path.losses).all()
    q = {k: v.copy() for k, v in p64.items()}
    q[first.group][first.index], q[second.group][second.index] = path.points[-1]
    assert path.losses[-1] == pytest.approx(float(model.losses(q, x, labels).mean()), rel=1e-9)

    plane = view.plane
    plane.grid_size.setValue(11)
    plane.data_box.setCurrentIndex(plane.data_box.findData("batch"))
    view.set_mode(PLANE)
    wait_idle(qtbot, view)
    assert plane.info is not None and plane.info.plane.explained is not None
    assert list(plane.info.plane.origin) == list(model.param_names)
    assert plane.surface.grid is not None and plane.surface.grid.values.shape == (11, 11)
    plane.kind_box.setCurrentIndex(plane.kind_box.findData("random"))
    wait_idle(qtbot, view)
    groups = {
        "tutorial": "(b0, each column of w1, b1)",
        "softmax-regression": "(each column of w1, b1)",
        "mlp": "(each column of w1, b1, each column of w2, b2)",
    }
    assert f"each group {groups[name]} scaled" in plane.status.text()


def test_switching_networks_starts_over_and_drops_old_frames(
    qtbot: QtBot, view: SurfaceView, embedded: Dataset
) -> None:
    _, tutorial_frames = preset_frames(embedded, "tutorial", 10)
    mlp, mlp_frames = preset_frames(embedded, "mlp", 10)
    for frame in tutorial_frames:
        view.show_frame(frame)
    view.pair.data_box.setCurrentIndex(view.pair.data_box.findData("batch"))
    view.set_mode(PAIR)
    wait_idle(qtbot, view)
    assert view.pair.surface.grid is not None
    view.set_model(mlp.model)
    assert view.pair.surface.grid is None and view.pair.params is None
    assert view.plane.trajectory == []
    view.show_frame(tutorial_frames[-1])  # the old network's, sent before the switch
    assert view.pair.params is None and view.plane.trajectory == []
    # a click on a parameter the network does not have changes nothing
    view.selection.select_parameter("b0", (300,))
    assert view.pair.first.text() == "w2[0, 3]"
    view.selection.select_parameter("w1", (407, 42))  # a hidden unit the tutorial does not have
    view.selection.select_parameter("b2", (7,))
    assert (view.pair.first.text(), view.pair.second.text()) == ("w1[407, 42]", "b2[7]")
    view.show_frame(mlp_frames[-1])
    wait_idle(qtbot, view)
    grid = view.pair.surface.grid
    assert grid is not None and view.pair.surface.plot.getAxis("bottom").labelText == "w1[407, 42]"
    view.pair.first.setText("b0[3]")
    view.pair.first.editingFinished.emit()
    assert "unknown parameter group 'b0'" in view.pair.status.text()
