"""The loss-surface view: the three modes draw what the core computes, and stay responsive."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from pytestqt.qtbot import QtBot

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.model import TutorialNet
from gdstudio.core.surfaces.descent import CONVERGED
from gdstudio.core.surfaces.surface import evaluation_data
from gdstudio.core.surfaces.toy_surfaces import QuadraticBowl
from gdstudio.core.training.trainer import TrainConfig, Trainer
from gdstudio.ui.surface.surface_3d import gl_available
from gdstudio.ui.surface.surface_view import PAIR, PLANE, TOY, SurfaceView
from gdstudio.workers.training import TrainingFrame


@pytest.fixture(scope="module")
def frames(embedded: Dataset) -> list[TrainingFrame]:
    """Frames of one epoch of training, every tenth step."""
    trainer = Trainer(embedded, TrainConfig(epochs=1))
    out = [TrainingFrame(trainer.snapshot(), (), 0.0, "idle", 1, False)]
    for report in trainer.run():
        if report.step % 10 == 0:
            out.append(TrainingFrame(trainer.snapshot(), (), 0.0, "paused", 1, True))
    return out


@pytest.fixture
def view(show_view: Callable[..., Any]) -> Iterator[SurfaceView]:
    view = show_view(SurfaceView, (1200, 700))
    yield view
    view.shutdown()


def line_data(view_plot, k: int = 0) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[no-untyped-def]
    x, y = view_plot._lines[k].getData()
    return np.asarray(x), np.asarray(y)


def wait_idle(qtbot: QtBot, view: SurfaceView) -> None:
    qtbot.waitUntil(lambda: not view.controller.busy, timeout=30_000)


def test_it_is_a_training_view(view: SurfaceView) -> None:
    assert view.objectName() == "surface"
    assert view.title() == "Loss surface"
    assert view.modes.count() == 3 and view.pages.currentWidget() is view.toy


def test_quadratic_below_and_above_the_critical_rate(view: SurfaceView) -> None:
    toy = view.toy
    toy.set_function("quadratic")
    bowl = toy.function
    assert isinstance(bowl, QuadraticBowl)
    toy.set_optimizers(["sgd"])
    toy.set_lr(0.9 * bowl.critical_lr)
    toy.step(2000)
    descent = toy.descents["sgd"]
    assert descent.status == CONVERGED
    assert "below it" in toy.info.text()
    toy.set_lr(1.2 * bowl.critical_lr)
    toy.step(2000)
    assert toy.descents["sgd"].path().diverged
    assert "diverged" in toy.info.text() and "above it" in toy.info.text()
    assert "color" in toy.lr_box.styleSheet()


def test_paths_and_losses_drawn_are_the_functions(view: SurfaceView) -> None:
    toy = view.toy
    toy.set_function("rosenbrock")
    toy.set_optimizers(["sgd", "adam"])
    toy.surface.clicked.emit(-1.0, 2.5)  # a click sets the start point
    toy.step(30)
    assert [len(d.path().points) for d in toy.descents.values()] == [31, 31]
    for k, descent in enumerate(toy.descents.values()):
        x, y = line_data(toy.surface, k)
        assert (x[0], y[0]) == (-1.0, 2.5)
        np.testing.assert_array_equal(np.stack([x, y], axis=1), descent.path().points)
        _, plotted = toy.loss_plot._curves[k].getOriginalDataset()
        np.testing.assert_allclose(plotted, toy.function.value(np.stack([x, y], 1)), rtol=1e-14)
    grid = toy.surface.grid
    assert grid is not None and grid.values.shape == (201, 201)
    x0, y0, width, height = grid.rect
    rect = toy.surface.image.mapRectToParent(toy.surface.image.boundingRect())
    assert rect.x() == pytest.approx(x0) and rect.width() == pytest.approx(width)
    assert rect.y() == pytest.approx(y0) and rect.height() == pytest.approx(height)
    assert toy.surface.readout_text(1.0, 1.0).endswith("loss = 0")


def test_one_parameter_curve_with_its_tangent(view: SurfaceView) -> None:
    toy = view.toy
    toy.set_function("parabola")
    assert toy.plots.currentWidget() is toy.curve
    toy.curve.clicked.emit(2.0)
    toy.set_optimizers(["sgd"])
    toy.step(3)
    w = toy.descents["sgd"].path().points[:, 0]
    np.testing.assert_allclose(w, 2.0 * (1 - 2 * toy.lr) ** np.arange(4))
    ends, heights = toy.curve.tangent.getData()
    slope = (heights[1] - heights[0]) / (ends[1] - ends[0])
    assert slope == pytest.approx(2 * w[-1])


def test_running_animates_until_stopped(qtbot: QtBot, view: SurfaceView) -> None:
    toy = view.toy
    toy.set_function("himmelblau")
    toy.set_optimizers(["momentum"])
    toy.run_button.setChecked(True)
    qtbot.waitUntil(lambda: len(toy.descents["momentum"].path().points) > 5, timeout=5000)
    toy.stop()
    assert not toy.run_button.isChecked()


def test_two_parameters_surface_and_descent(
    qtbot: QtBot, view: SurfaceView, frames: list[TrainingFrame], embedded: Dataset
) -> None:
    frame = frames[-1]
    view.show_frame(frame)
    page = view.pair
    page.data_box.setCurrentIndex(page.data_box.findData("valid"))
    view.set_mode(PAIR)
    wait_idle(qtbot, view)
    grid = page.surface.grid
    assert grid is not None and grid.final and grid.values.shape == (101, 101)
    params = frame.snapshot.params
    x, labels = evaluation_data(embedded, "valid")
    p64 = {k: v.astype(np.float64) for k, v in params.items()}
    model_loss = float(TutorialNet().losses(p64, x, labels).mean())
    assert grid.values[50, 50] == pytest.approx(model_loss, rel=1e-6)  # float32 surface
    assert (grid.xs[50], grid.ys[50]) == (params["w1"][407, 3], params["b1"][3])
    page.descend()
    wait_idle(qtbot, view)
    path = page.descent_path
    assert path is not None and path.steps == page.steps.value()
    xs, ys = line_data(page.surface)
    _, plotted = page.loss_plot._curves[0].getOriginalDataset()
    for a, b, loss in zip(xs, ys, plotted, strict=True):
        q = {k: v.copy() for k, v in p64.items()}
        q["w1"][407, 3], q["b1"][3] = a, b
        assert loss == pytest.approx(float(TutorialNet().losses(q, x, labels).mean()), rel=1e-9)


def test_clicked_parameters_fill_the_pair_in_turn(
    qtbot: QtBot, view: SurfaceView, frames: list[TrainingFrame]
) -> None:
    view.show_frame(frames[-1])
    view.pair.data_box.setCurrentIndex(view.pair.data_box.findData("batch"))
    view.set_mode(PAIR)
    view.selection.select_parameter("b0", (300,))
    view.selection.select_parameter("w1", (100, 7))
    assert view.pair.first.text() == "b0[300]" and view.pair.second.text() == "w1[100, 7]"
    wait_idle(qtbot, view)
    assert view.pair.surface.plot.getAxis("bottom").labelText == "b0[300]"
    view.pair.first.setText("w1[900, 1]")
    view.pair.first.editingFinished.emit()
    assert "outside w1" in view.pair.status.text()


def test_follow_training_records_the_pair_and_warns_of_drift(
    qtbot: QtBot, view: SurfaceView, frames: list[TrainingFrame]
) -> None:
    page = view.pair
    page.data_box.setCurrentIndex(page.data_box.findData("batch"))
    view.show_frame(frames[0])
    view.set_mode(PAIR)
    wait_idle(qtbot, view)
    page.follow_box.setChecked(True)
    for frame in frames[1:5]:
        view.show_frame(frame)
    assert len(page.followed) == 5
    xs, ys = line_data(page.surface, 0)
    assert xs[-1] == frames[4].snapshot.params["w1"][407, 3]
    assert page.drift_note.isVisibleTo(view)
    page.recompute_button.click()
    assert not page.drift_note.isVisibleTo(view)
    wait_idle(qtbot, view)


def test_plane_through_all_parameters(
    qtbot: QtBot, view: SurfaceView, frames: list[TrainingFrame]
) -> None:
    page = view.plane
    page.grid_size.setValue(21)
    for frame in frames:
        view.show_frame(frame)
    view.set_mode(PLANE)
    wait_idle(qtbot, view)
    assert page.info is not None and page.info.plane.explained is not None
    assert "principal components explain" in page.status.text()
    assert page.surface.grid is not None and page.surface.grid.values.shape == (21, 21)
    assert page.path is not None
    xs, ys = line_data(page.surface)
    np.testing.assert_allclose(xs[-1], 0, atol=1e-9)  # the plane passes through the current point
    assert len(xs) == len(page.trajectory)
    page.kind_box.setCurrentIndex(page.kind_box.findData("random"))
    wait_idle(qtbot, view)
    assert page.info.plane.kind == "random"
    assert page.surface.plot.getAxis("bottom").labelText == "direction 1"


def test_pca_needs_a_trajectory(view: SurfaceView, frames: list[TrainingFrame]) -> None:
    view.show_frame(frames[0])
    view.set_mode(PLANE)
    assert "Train for a few steps first" in view.plane.status.text()
    # said on the picture too, since the controls may be folded away
    assert "Train for a few steps first" in view.plane.surface.message.toPlainText()
    assert not view.controller.busy


def test_changing_mode_cancels_the_running_job(
    qtbot: QtBot, view: SurfaceView, frames: list[TrainingFrame]
) -> None:
    for frame in frames:
        view.show_frame(frame)
    view.set_mode(PLANE)
    assert view.controller.busy
    with qtbot.waitSignal(view.controller.job_cancelled, timeout=5000):
        view.set_mode(TOY)
    assert not view.controller.busy


def test_without_opengl_the_3d_switch_says_so_in_place_of_the_picture(
    qtbot: QtBot, view: SurfaceView
) -> None:
    if gl_available():
        pytest.skip(
            "this platform has OpenGL: tests/ui/surface/test_surface_3d_gl.py tests the 3D view"
        )
    qtbot.mouseClick(view.three_d, Qt.MouseButton.LeftButton)
    assert view.three_d.isChecked()
    surface = view.toy.surface
    assert surface.no_3d.isVisible() and "no OpenGL" in surface.no_3d.text()
    assert not surface.layout_widget.isVisible()
    qtbot.mouseClick(view.three_d, Qt.MouseButton.LeftButton)
    assert surface.layout_widget.isVisible() and not surface.no_3d.isVisible()


def test_language_change_retranslates(view: SurfaceView) -> None:
    QCoreApplication.sendEvent(view, QEvent(QEvent.Type.LanguageChange))
    assert view.modes.tabText(PAIR) == "Two parameters of the network"
