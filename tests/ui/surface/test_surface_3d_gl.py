"""The 3D loss surface with a real OpenGL context. Qt's offscreen platform has none, so run it
under a virtual X server with Mesa's software renderer:

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb \\
        python -m pytest tests/ui/surface/test_surface_3d_gl.py

Elsewhere it skips (the fallback message is tested offscreen in test_surface_view.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, Qt
from pytestqt.qtbot import QtBot

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.training.trainer import TrainConfig, Trainer
from gdstudio.ui.surface.surface_3d import Surface3D, gl_available
from gdstudio.ui.surface.surface_view import PAIR, SurfaceView
from gdstudio.workers.training import TrainingFrame

if QCoreApplication.instance() is None:  # as the app does: one set of shaders for all windows
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)


@pytest.fixture
def view(show_view: Callable[..., Any]) -> Iterator[SurfaceView]:
    if not gl_available():
        pytest.skip(
            "no OpenGL context on this platform: run under xvfb-run with QT_QPA_PLATFORM=xcb"
        )
    view = show_view(SurfaceView, (1100, 700))
    yield view
    view.shutdown()


def frames(dataset: Dataset, steps: int) -> list[TrainingFrame]:
    trainer = Trainer(dataset, TrainConfig(epochs=1))
    out = [TrainingFrame(trainer.snapshot(), (), 0.0, "paused", 1, False)]
    for _ in range(steps):
        trainer.step()
        out.append(TrainingFrame(trainer.snapshot(), (), 0.0, "paused", 1, True))
    return out


def colours_drawn(surface3d: Surface3D) -> int:
    """How many colours a coarse sample of the rendered frame holds (an empty box has few)."""
    image = surface3d.view.grabFramebuffer()
    xs, ys = range(0, image.width(), 7), range(0, image.height(), 7)
    return len({image.pixel(x, y) for x in xs for y in ys})


def test_the_surface_rotates_in_3d_with_the_path_and_the_moving_current_point(
    qtbot: QtBot, view: SurfaceView, embedded: Dataset
) -> None:
    run = frames(embedded, 6)
    view.show_frame(run[0])
    view.set_mode(PAIR)
    page = view.pair
    qtbot.waitUntil(lambda: not view.controller.busy, timeout=30_000)
    qtbot.mouseClick(view.three_d, Qt.MouseButton.LeftButton)
    surface3d = page.surface.three_d
    assert surface3d is not None and surface3d.isVisible() and page.surface.showing_3d
    assert surface3d.surface.visible()
    assert colours_drawn(surface3d) > 50  # a coloured surface, not an empty box

    page.follow_box.click()
    moves = []
    for frame in run[1:]:
        view.show_frame(frame)
        qtbot.waitUntil(lambda: not view.controller.busy, timeout=30_000)
        moves.append(surface3d.current_points()[-1].copy())
    # the current point moves as training runs, and stays on the drawn surface
    assert len({tuple(np.round(p, 6)) for p in moves}) > 1
    assert all(0 <= p[2] <= 10.5 for p in moves)
    lines = [line for line in surface3d._lines if line.visible()]
    assert lines and len(lines[-1].pos) == len(page.followed)

    # dragging rotates the camera
    azimuth = surface3d.view.opts["azimuth"]
    gl = surface3d.view
    centre = gl.rect().center()
    qtbot.mousePress(gl, Qt.MouseButton.LeftButton, pos=centre)
    for dx in (10, 20, 40):
        qtbot.mouseMove(gl, centre + type(centre)(dx, 0))
    qtbot.mouseRelease(gl, Qt.MouseButton.LeftButton, pos=centre + type(centre)(40, 0))
    assert surface3d.view.opts["azimuth"] != azimuth

    qtbot.mouseClick(view.three_d, Qt.MouseButton.LeftButton)
    assert not page.surface.showing_3d and page.surface.layout_widget.isVisible()


def test_the_textbook_bowl_in_3d_in_a_second_window(qtbot: QtBot, view: SurfaceView) -> None:
    """Another top-level widget than the first test's: the shared shaders still draw."""
    toy = view.toy
    assert toy.function.dim == 2
    qtbot.mouseClick(view.three_d, Qt.MouseButton.LeftButton)
    surface3d = toy.surface.three_d
    assert surface3d is not None and surface3d.isVisible()
    before = surface3d.current_points().copy()
    toy.step(5)
    after = surface3d.current_points()
    assert len(after) == len(toy.descents) and not np.allclose(before, after)
    assert colours_drawn(surface3d) > 50
