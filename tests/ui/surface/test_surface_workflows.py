"""The loss surface as a user meets it in the window: the picture takes most of the view, the
controls fold away, follow-training draws the real run on the trainer's own batch, and a click
on the surface starts the descent there."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.model import TutorialNet
from gdstudio.ui.surface.surface_panel import SurfacePage
from gdstudio.ui.surface.surface_plot import SurfacePlot
from gdstudio.ui.surface.surface_view import PAIR, PLANE, TOY, SurfaceView
from gdstudio.ui.window.main_window import MainWindow


@pytest.fixture
def window(open_window: Callable[..., MainWindow]) -> MainWindow:
    return open_window(size=(1200, 760))


def surface_tab(window: MainWindow) -> SurfaceView:
    view = window.findChild(SurfaceView)
    window.tabs.setCurrentWidget(view)
    return view


def data_share(view: SurfaceView, plot: SurfacePlot) -> float:
    """The plot's data rectangle (its view box, where the heat map is) as a share of the view."""
    box = plot.plot.getViewBox().sceneBoundingRect()
    return box.width() * box.height() / (view.width() * view.height())


def wait_idle(qtbot: QtBot, view: SurfaceView) -> None:
    qtbot.waitUntil(lambda: not view.controller.busy, timeout=30_000)


@pytest.mark.parametrize(
    ("size", "presentation"), [((1200, 760), False), ((1280, 800), True)], ids=["1200", "1280"]
)
def test_the_surface_takes_most_of_the_view(
    qtbot: QtBot, window: MainWindow, size: tuple[int, int], presentation: bool
) -> None:
    window.set_presentation(presentation)
    window.resize(*size)
    view = surface_tab(window)
    assert window.controls.isVisible()  # the training panel is shown
    for mode in (TOY, PAIR, PLANE):
        view.set_mode(mode)
        page = view.pages.currentWidget()
        assert isinstance(page, SurfacePage) and page.panel is not None
        qtbot.waitUntil(lambda page=page: page.panel.folded)  # folded at this width
        qtbot.waitUntil(lambda page=page: data_share(view, page.surface) >= 0.5)
        box = page.surface.plot.getViewBox().sceneBoundingRect()
        legend = page.surface.legend.sceneBoundingRect()
        assert not box.intersects(legend)  # the legend sits under the plot, never on it
        # the controls unfold at a click and the picture still has the larger part
        qtbot.mouseClick(page.panel.toggle, Qt.MouseButton.LeftButton)
        assert page.panel.body.isVisible()
        assert page.loss_plot.isVisible() == (mode == TOY)  # shown once it has a path
        qtbot.mouseClick(page.panel.toggle, Qt.MouseButton.LeftButton)
        assert not page.panel.body.isVisible()


def grid_fills_the_axes(plot: SurfacePlot) -> bool:
    grid = plot.grid
    if grid is None:
        return False
    (x0, x1), (y0, y1) = plot.plot.getViewBox().viewRange()
    shown = np.array([x0, x1, y0, y1])
    drawn = np.array([grid.xs[0], grid.xs[-1], grid.ys[0], grid.ys[-1]])
    return bool(np.allclose(shown, drawn, rtol=0, atol=1e-6 * np.abs(shown).max()))


def grid_share_of_the_axes(plot: SurfacePlot) -> float:
    grid = plot.grid
    assert grid is not None
    (x0, x1), (y0, y1) = plot.plot.getViewBox().viewRange()
    width = min(x1, grid.xs[-1]) - max(x0, grid.xs[0])
    height = min(y1, grid.ys[-1]) - max(y0, grid.ys[0])
    return float(width * height / ((x1 - x0) * (y1 - y0)))


def test_equal_scales_only_where_the_axes_share_their_units_and_the_grid_fills_the_axes(
    qtbot: QtBot, window: MainWindow
) -> None:
    view = surface_tab(window)
    assert view.toy.surface.plot.getViewBox().state["aspectLocked"]  # x and y of one function
    assert view.plane.surface.plot.getViewBox().state["aspectLocked"]  # two directions
    assert not view.pair.surface.plot.getViewBox().state["aspectLocked"]  # a weight, a bias
    qtbot.waitUntil(lambda: grid_fills_the_axes(view.toy.surface))
    view.set_mode(PAIR)
    qtbot.waitUntil(lambda: view.pair.surface.grid is not None and view.pair.surface.grid.final)
    wait_idle(qtbot, view)
    assert grid_fills_the_axes(view.pair.surface)
    for step in range(1, 6):  # a trajectory for the principal components
        window.commands.step_action.trigger()
        qtbot.waitUntil(lambda step=step: window.controller.last_frame.snapshot.step == step)
    view.set_mode(PLANE)
    qtbot.waitUntil(
        lambda: view.plane.surface.grid is not None and view.plane.surface.grid.final,
        timeout=60_000,  # the whole-network plane: seconds on a busy machine
    )
    wait_idle(qtbot, view)
    # the plane's rectangle took the box's shape when it was asked for (the trajectory's own
    # is long and thin); tick labels and the legend may have moved the box's edges a little
    assert view.plane.info is not None and view.plane.info.plane.kind == "pca"
    assert grid_share_of_the_axes(view.plane.surface) > 0.85


def test_follow_training_draws_the_run_on_the_trainers_own_batch(
    qtbot: QtBot, window: MainWindow, embedded: Dataset
) -> None:
    view = surface_tab(window)
    view.set_mode(PAIR)
    page = view.pair
    wait_idle(qtbot, view)
    page.panel.toggle.click()
    page.follow_box.click()  # (the panel may have to scroll to it)
    assert page.follow_box.isChecked() and page.follow_note.isVisible()
    for step in (1, 2, 3):
        window.commands.step_action.trigger()
        qtbot.waitUntil(lambda step=step: window.controller.last_frame.snapshot.step == step)
    snapshot = window.controller.last_frame.snapshot
    qtbot.waitUntil(lambda: page.surface_step == 3 and not view.controller.busy, timeout=30_000)
    # the surface is centred on the trainer's current parameters, over its last batch
    first, second = page.pair
    assert page.centre is not None and page.centre.samples == len(snapshot.last_batch) == 100
    assert tuple(page.centre.centre) == (first.get(snapshot.params), second.get(snapshot.params))
    train = embedded.train
    x, labels = train.inputs(snapshot.last_batch, np.float64), train.labels[snapshot.last_batch]
    expected = float(TutorialNet().losses(snapshot.params, x, labels).mean())
    assert page.centre.loss == pytest.approx(expected, rel=1e-9)
    # the path is the run's own values of the two, every one inside the surface drawn
    assert len(page.followed) == 4
    assert page.followed[-1] == (first.get(snapshot.params), second.get(snapshot.params))
    grid = page.surface.grid
    assert grid is not None and grid.final
    points = np.array(page.followed)
    assert (grid.xs[0] <= points[:, 0]).all() and (points[:, 0] <= grid.xs[-1]).all()
    assert (grid.ys[0] <= points[:, 1]).all() and (points[:, 1] <= grid.ys[-1]).all()
    xs, _ = page.surface._lines[0].getData()
    assert len(xs) == 4
    note = page.follow_note.text()
    assert "own batch of 100 samples at step 3" in note and "projected" in note
    page.follow_box.click()  # (the panel may have to scroll to it)
    assert not page.follow_note.isVisible()


def test_clicking_the_surface_starts_the_descent_there(qtbot: QtBot, window: MainWindow) -> None:
    view = surface_tab(window)
    view.set_mode(TOY)
    toy = view.toy
    assert toy.function.dim == 2
    target = QPointF(-1.0, 0.5)
    box = toy.surface.plot.getViewBox()
    widget = toy.surface.layout_widget
    qtbot.waitUntil(lambda: box.sceneBoundingRect().width() > 300)
    where = widget.mapFromScene(box.mapViewToScene(target))
    QTest.mouseClick(widget.viewport(), Qt.MouseButton.LeftButton, pos=where)
    for descent in toy.descents.values():
        start = descent.path().points[0]
        np.testing.assert_allclose(start, (target.x(), target.y()), atol=0.02)
    qtbot.mouseClick(toy.panel.toggle, Qt.MouseButton.LeftButton)  # unfold the controls
    qtbot.waitUntil(lambda: toy.step_button.isVisible() and toy.step_button.width() > 0)
    qtbot.mouseClick(toy.step_button, Qt.MouseButton.LeftButton)
    xs, ys = toy.surface._lines[0].getData()
    assert len(xs) == 2 and xs[0] == pytest.approx(-1.0, abs=0.02)


def test_clicking_the_network_surface_descends_from_there(qtbot: QtBot, window: MainWindow) -> None:
    view = surface_tab(window)
    view.set_mode(PAIR)
    page = view.pair
    qtbot.waitUntil(lambda: page.surface.grid is not None and page.surface.grid.final)
    wait_idle(qtbot, view)
    grid = page.surface.grid
    target = QPointF(float(grid.xs[20]), float(grid.ys[70]))
    box = page.surface.plot.getViewBox()
    widget = page.surface.layout_widget
    where = widget.mapFromScene(box.mapViewToScene(target))
    QTest.mouseClick(widget.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.waitUntil(lambda: page.descent_path is not None, timeout=30_000)
    wait_idle(qtbot, view)
    start = page.descent_path.points[0]
    step = grid.xs[1] - grid.xs[0], grid.ys[1] - grid.ys[0]
    assert abs(start[0] - target.x()) < step[0] and abs(start[1] - target.y()) < step[1]
    assert page.descent_path.steps == page.steps.value()
    assert page.surface.grid is grid  # the surface stays; only the path is new
    xs, _ = page.surface._lines[0].getData()
    assert xs[0] == start[0]
