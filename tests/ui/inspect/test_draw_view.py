"""Drawing a digit: the MNIST-style input, live prediction bars, and "Why?"."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from inspection_helpers import frame_from, trained_trainer
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.data.drawing import (
    BOX,
    CENTRE,
    centre_of_mass,
    ink_box,
    synthetic_digit,
    to_mnist,
)
from gdstudio.core.nn.model import TutorialNet
from gdstudio.core.training.trainer import Trainer
from gdstudio.ui.inspect.draw_view import DrawView
from gdstudio.ui.view import Selection
from gdstudio.ui.window.application import configure_pyqtgraph


@pytest.fixture
def trainer(embedded: Dataset) -> Trainer:
    return trained_trainer(embedded, 80)  # one epoch


@pytest.fixture
def view(qtbot: QtBot, selection: Selection, trainer: Trainer) -> Iterator[DrawView]:
    configure_pyqtgraph()
    v = DrawView(selection)
    qtbot.addWidget(v)
    v.resize(900, 560)
    v.show()
    qtbot.waitExposed(v)
    v.show_frame(frame_from(trainer))
    yield v
    v.close()


def drag(qtbot: QtBot, view: DrawView, points: list[tuple[float, float]]) -> None:
    """Press at the first point (in [0, 1] of the canvas), move through the others with the
    button held, letting the view's throttled update run after each move, and release."""
    canvas = view.canvas
    target = canvas._target()

    def send(kind: QEvent.Type, p: tuple[float, float], buttons: Qt.MouseButton) -> None:
        pos = QPointF(target.x() + p[0] * target.width(), target.y() + p[1] * target.height())
        button = (
            Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
        )
        event = QMouseEvent(
            kind, pos, canvas.mapToGlobal(pos), button, buttons, Qt.KeyboardModifier.NoModifier
        )
        QApplication.sendEvent(canvas, event)

    send(QEvent.Type.MouseButtonPress, points[0], Qt.MouseButton.LeftButton)
    for p in points[1:]:
        send(QEvent.Type.MouseMove, p, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not view._drawn_throttle.pending)
    send(QEvent.Type.MouseButtonRelease, points[-1], Qt.MouseButton.NoButton)


def test_a_drawing_becomes_a_centred_input(view: DrawView, selection: Selection) -> None:
    stroke = synthetic_digit("7")
    view.set_drawing(stroke)
    pixels = view.pixels
    row, col = centre_of_mass(pixels)
    assert abs(row - CENTRE) <= 1 and abs(col - CENTRE) <= 1
    top, left, bottom, right = ink_box(pixels)  # type: ignore[misc]
    assert bottom - top <= BOX and right - left <= BOX
    np.testing.assert_allclose(pixels, to_mnist(stroke), atol=1 / 255)  # through the canvas
    np.testing.assert_array_equal(view.input_cell.image, pixels)
    np.testing.assert_array_equal(selection.drawn, pixels.reshape(784))


def test_prediction_bars_follow_the_pen(
    qtbot: QtBot, view: DrawView, selection: Selection, trainer: Trainer
) -> None:
    while_drawing: list[bytes] = []
    drawn: list[object] = []
    selection.drawn_changed.connect(drawn.append)
    view.canvas.changed.connect(lambda: while_drawing.append(view.bars.values.tobytes()))
    drag(qtbot, view, [(0.5, 0.1 + 0.07 * k) for k in range(12)])  # a vertical stroke
    assert len(set(while_drawing)) >= 3  # the bars moved as the stroke grew, before release
    assert view.report is not None
    params = {k: v.astype(np.float64) for k, v in trainer.params.items()}
    expected = TutorialNet().forward(params, view.pixels.reshape(1, 784))[0]
    np.testing.assert_allclose(view.bars.values, expected, rtol=1e-10)
    assert view.report.predicted == 1  # read as a 1 after an epoch of training
    assert len(drawn) == 1  # the shared selection changes once, when the stroke ends
    np.testing.assert_array_equal(drawn[0], view.pixels.reshape(784))


def test_why_shows_each_pixels_push_toward_the_answer(view: DrawView, trainer: Trainer) -> None:
    view.set_drawing(synthetic_digit("0"))
    view.set_why(True)
    report = view.report
    assert report is not None
    j = report.predicted
    params = {k: v.astype(np.float64) for k, v in trainer.params.items()}
    hidden = np.tanh(view.pixels.reshape(784) + params["b0"])
    expected = (hidden * params["w1"][:, j]).reshape(28, 28)
    np.testing.assert_allclose(view.contribution_image, expected, rtol=1e-12)
    np.testing.assert_allclose(view.why_cell.image, expected, rtol=1e-12)
    score = (hidden @ params["w1"] + params["b1"])[j]
    assert expected.sum() + params["b1"][j] == pytest.approx(score)
    limit = float(np.abs(expected).max())
    assert view.why_cell.item.getLevels() == pytest.approx((-limit, limit))
    assert view.why_cell.box.isVisible()
    assert f"{score:.3f}" in view._explanation.text()
    view.set_why(False)
    assert not view.why_cell.box.isVisible()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_why_map_is_as_large_as_the_input(view: DrawView, lang: str) -> None:
    from gdstudio.ui.window.i18n import LanguageSwitcher

    switcher = LanguageSwitcher()
    switcher.set_language(lang)
    try:
        QApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        view.set_drawing(synthetic_digit("3"))
        QTest.mouseClick(view._why, Qt.MouseButton.LeftButton)
        QApplication.processEvents()  # (lays the graphics out, as the event loop does)
        seen = view.input_cell.item.sceneBoundingRect()
        why = view.why_cell.item.sceneBoundingRect()
        assert why.width() == pytest.approx(seen.width(), abs=2)
        assert why.width() >= 0.35 * view.graphics.width()
    finally:
        switcher.set_language("en")


def test_clear_empties_the_input(view: DrawView) -> None:
    view.set_drawing(synthetic_digit("3"))
    assert view.report is not None
    view.clear()
    assert not view.pixels.any()
    assert view.report is None
    assert not view.bars.values.any()


def test_views_update_after_a_step_and_stop_when_paused(
    qtbot: QtBot, selection: Selection, embedded: Dataset
) -> None:
    trainer = trained_trainer(embedded, 0)
    v = DrawView(selection)
    qtbot.addWidget(v)
    v.show()
    qtbot.waitExposed(v)
    v.show_frame(frame_from(trainer))
    v.set_drawing(synthetic_digit("7"))
    before = v.bars.values.copy()
    report = trainer.step()
    v.show_frame(frame_from(trainer, [report]))
    qtbot.waitUntil(lambda: not np.array_equal(v.bars.values, before))
    after = v.bars.values.copy()
    for _ in range(3):
        trainer.step()  # the trainer moves on, but no frame comes: paused
    qtbot.waitUntil(lambda: not v._frame_throttle.pending)  # nothing left to do...
    QApplication.processEvents()
    np.testing.assert_array_equal(v.bars.values, after)  # ...and nothing changed
    v.close()


def test_prepare_shot_draws_a_digit_and_explains_it(view: DrawView) -> None:
    view.prepare_shot()
    assert view.report is not None and view.pixels.any()
    assert view.why_cell.box.isVisible() and view._explanation.text()
