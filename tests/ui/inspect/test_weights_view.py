"""The weights view draws w1[:, j] as image j the right way up, in four modes, live."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from inspection_helpers import frame_from, params_frame, preset_trainer, trained_trainer
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.inspection import Mode, batch_gradient, full_precision
from gdstudio.core.training.presets import PRESETS
from gdstudio.core.training.trainer import Trainer
from gdstudio.ui.inspect.weight_panels import HiddenLayerPanel
from gdstudio.ui.inspect.weights_view import WeightsView
from gdstudio.ui.view import Selection


@pytest.fixture
def view(show_view: Callable[..., Any], selection: Selection) -> WeightsView:
    return show_view(WeightsView, (1000, 700), selection)


@pytest.fixture
def trainer(embedded: Dataset) -> Trainer:
    return trained_trainer(embedded, 0)


def scene_point(view: WeightsView, j: int, row: int, col: int) -> QPointF:
    """The scene point at the centre of pixel (row, col) of image j."""
    return view.panel.cells[j].item.mapToScene(QPointF(col + 0.5, row + 0.5))


def test_image_j_is_column_j_upright_on_screen(
    qtbot: QtBot, view: WeightsView, trainer: Trainer
) -> None:
    params = trainer.snapshot().params
    params["w1"][0, 3] = 10.0  # top-left pixel of digit 3: far beyond every other weight
    params["w1"][27, 3] = -10.0  # its top-right pixel
    view.show_frame(params_frame(trainer, params))
    qtbot.waitUntil(view.is_up_to_date)
    w1 = params["w1"]
    for j, cell in enumerate(view.panel.cells):
        np.testing.assert_array_equal(cell.image, w1[:, j].reshape(28, 28))
    assert view.panel.cells[3].image[0, 0] == 10.0 and view.panel.cells[3].image[0, 27] == -10.0

    # on screen: pixel (0, 0) is left of and above pixel (27, 27); (0, 27) is at its right
    top_left = scene_point(view, 3, 0, 0)
    bottom_right = scene_point(view, 3, 27, 27)
    top_right = scene_point(view, 3, 0, 27)
    assert top_left.x() < bottom_right.x() and top_left.y() < bottom_right.y()
    assert top_right.x() > top_left.x() and top_right.y() == pytest.approx(top_left.y())
    assert view.parameter_at(top_left) == ("w1", (0, 3))
    assert view.parameter_at(top_right) == ("w1", (27, 3))
    assert view.parameter_at(bottom_right) == ("w1", (783, 3))

    # and the pixels there have the colours of +10 (dark red) and -10 (dark blue)
    screen = view.graphics.viewport().grab().toImage()
    red = screen.pixelColor(view.graphics.mapFromScene(top_left))
    blue = screen.pixelColor(view.graphics.mapFromScene(top_right))
    assert red.red() > 80 and red.green() < 40 and red.blue() < 40
    assert blue.blue() > 80 and blue.red() < 60 and blue.green() < 60


def test_shared_and_per_image_scales(qtbot: QtBot, view: WeightsView, trainer: Trainer) -> None:
    params = trainer.snapshot().params
    params["w1"][:, 5] *= 4  # one image with a larger range than the others
    view.show_frame(params_frame(trainer, params))
    qtbot.waitUntil(view.is_up_to_date)
    largest = float(np.abs(params["w1"]).max())
    for cell in view.panel.cells:
        assert cell.item.getLevels() == pytest.approx((-largest, largest))
    assert view.panel.w1_bar.item.levels() == pytest.approx((-largest, largest))
    view.set_per_image_scale(True)
    for j, cell in enumerate(view.panel.cells):
        m = float(np.abs(params["w1"][:, j]).max())
        assert cell.item.getLevels() == pytest.approx((-m, m))
    # fractions of each image's range
    assert view.panel.w1_bar.item.levels() == pytest.approx((-1, 1))


def test_hover_names_the_parameter_at_full_precision(
    qtbot: QtBot, view: WeightsView, trainer: Trainer
) -> None:
    view.show_frame(frame_from(trainer))
    qtbot.waitUntil(view.is_up_to_date)
    value = trainer.params["w1"][407, 3]
    view.graphics.scene().sigMouseMoved.emit(scene_point(view, 3, 14, 15))  # 407 = 14 * 28 + 15
    text = view._readout.text()
    assert text.startswith(f"w1[407, 3] = {full_precision(value)}")
    assert np.float32(text.split("= ")[1].split()[0]) == value  # reads back exactly
    b0_point = view.panel.b0_cell.item.mapToScene(QPointF(2.5, 1.5))
    assert view.parameter_at(b0_point) == ("b0", (30,))
    view.set_mode(Mode.CHANGE)
    assert view.readout("w1", (407, 3)).startswith("Δw1[407, 3] = 0.0")


def test_click_selects_the_parameter(
    qtbot: QtBot, view: WeightsView, selection: Selection, trainer: Trainer
) -> None:
    view.show_frame(frame_from(trainer))
    qtbot.waitUntil(view.is_up_to_date)
    where = view.graphics.mapFromScene(scene_point(view, 7, 3, 4))
    with qtbot.waitSignal(selection.parameter_changed) as signal:
        qtbot.mouseClick(view.graphics.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert signal.args == ["w1", (3 * 28 + 4, 7)]
    assert selection.parameter == ("w1", (88, 7))
    assert view.panel.cells[7].marker.isVisible() and not view.panel.cells[3].marker.isVisible()


def test_modes_show_change_gradient_and_update(
    qtbot: QtBot, view: WeightsView, embedded: Dataset
) -> None:
    trainer = trained_trainer(embedded, 0)
    initial = trainer.snapshot().params
    view.show_frame(frame_from(trainer))
    for _ in range(5):
        trainer.step()
    trainer.base_lr = 0.5
    snap_frame = frame_from(trainer)
    view.show_frame(snap_frame)
    params = snap_frame.snapshot.params

    view.set_mode(Mode.CHANGE)
    qtbot.waitUntil(view.is_up_to_date)
    np.testing.assert_array_equal(view.arrays["w1"], params["w1"] - initial["w1"])
    np.testing.assert_array_equal(
        view.panel.b0_cell.image, (params["b0"] - initial["b0"]).reshape(28, 28)
    )

    grads = batch_gradient(view._model, params, embedded.train, 5, 100)
    view.set_mode(Mode.GRADIENT)
    qtbot.waitUntil(view.is_up_to_date)  # the gradient comes from the worker thread
    np.testing.assert_allclose(view.arrays["w1"], grads["w1"], rtol=1e-6)
    np.testing.assert_allclose(view.panel.b1_bars.values, grads["b1"], rtol=1e-6)

    view.set_mode(Mode.UPDATE)
    qtbot.waitUntil(view.is_up_to_date)
    assert "α = 0.5" in view._caption.text()
    np.testing.assert_allclose(view.arrays["w1"], -0.5 * grads["w1"], rtol=1e-6)


def test_views_update_after_a_step_and_stop_when_paused(
    qtbot: QtBot, view: WeightsView, embedded: Dataset
) -> None:
    trainer = trained_trainer(embedded, 0)
    view.show_frame(frame_from(trainer))
    qtbot.waitUntil(view.is_up_to_date)
    before = view.panel.cells[0].image.copy()

    report = trainer.step()
    view.show_frame(frame_from(trainer, [report]))
    qtbot.waitUntil(lambda: not np.array_equal(view.panel.cells[0].image, before))
    after = view.panel.cells[0].image.copy()
    np.testing.assert_array_equal(after, trainer.params["w1"][:, 0].reshape(28, 28))

    trainer.step()  # training goes on in the trainer, but no frame comes: paused
    qtbot.waitUntil(lambda: not view._throttle.pending and not view._jobs.busy)
    QApplication.processEvents()  # nothing is left to do, and nothing changed
    np.testing.assert_array_equal(view.panel.cells[0].image, after)


def test_a_hidden_view_waits_until_shown(
    qtbot: QtBot, selection: Selection, embedded: Dataset
) -> None:
    v = WeightsView(selection)
    qtbot.addWidget(v)
    v.set_dataset(embedded)
    v.show_frame(frame_from(trained_trainer(embedded, 1)))
    assert v.arrays is None
    v.show()
    qtbot.waitUntil(v.is_up_to_date)
    v.close()


def test_export(qtbot: QtBot, view: WeightsView, trainer: Trainer, tmp_path: Path) -> None:
    view.show_frame(frame_from(trainer))
    qtbot.waitUntil(view.is_up_to_date)
    view.save_array(tmp_path / "w1.npy", "w1")
    np.testing.assert_array_equal(np.load(tmp_path / "w1.npy"), trainer.params["w1"])
    view.save_array(tmp_path / "b1.csv", "b1")
    with open(tmp_path / "b1.csv", newline="") as f:
        rows = list(csv.reader(f))
    assert [np.float32(r[1]) for r in rows[1:]] == list(trainer.params["b1"])
    view.save_png(tmp_path / "weights.png")
    assert (tmp_path / "weights.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_export_menu_asks_for_a_file_and_reports_failures(
    qtbot: QtBot,
    view: WeightsView,
    trainer: Trainer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    view.show_frame(frame_from(trainer))
    qtbot.waitUntil(view.is_up_to_date)
    asked: list[str] = []

    def choose(parent: object, title: str, name: str, pattern: str) -> tuple[str, str]:
        asked.append(name)
        return str(tmp_path / name), pattern

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    actions = {a.text(): a for a in view._export.menu().actions()}
    actions["w1 as CSV…"].trigger()
    assert asked == ["w1_value_step0.csv"]
    assert (tmp_path / "w1_value_step0.csv").read_text().startswith("pixel,row,column,")
    actions["Image as PNG…"].trigger()
    assert (tmp_path / "weights_value_step0.png").exists()
    actions["Image as SVG…"].trigger()
    svg = ET.parse(tmp_path / "weights_value_step0.svg").getroot()  # parses
    assert svg.tag.endswith("svg")

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a: (str(tmp_path / "missing" / "b0.npy"), "")
    )
    actions["b0 as .npy…"].trigger()
    assert warnings == [
        f"{tmp_path / 'missing' / 'b0.npy'}: cannot write here (No such file or directory)"
    ]


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_is_drawn_with_its_parameters(
    qtbot: QtBot, view: WeightsView, selection: Selection, embedded: Dataset, name: str
) -> None:
    trainer = preset_trainer(embedded, name, 2)
    view.set_model(trainer.model)
    view.show_frame(frame_from(trainer))
    qtbot.waitUntil(view.is_up_to_date)
    params = trainer.snapshot().params
    assert set(view.arrays) == set(trainer.model.param_names)
    menu = [a.text() for a in view._export.menu().actions()]
    assert all(any(text.startswith(p) for text in menu) for p in trainer.model.param_names)
    if isinstance(view.panel, HiddenLayerPanel):
        hidden = params["w1"].shape[1]
        assert view.panel.hidden == hidden == 100
        for h in range(hidden):
            np.testing.assert_array_equal(
                view.panel.hidden_image(h), params["w1"][:, h].reshape(28, 28)
            )
        np.testing.assert_array_equal(view.panel.w2_cell.image, params["w2"])
    else:
        assert len(view.panel.cells) == 10
        assert (view.panel.b0_cell is not None) == ("b0" in params)
        for j, cell in enumerate(view.panel.cells):
            np.testing.assert_array_equal(cell.image, params["w1"][:, j].reshape(28, 28))
    # a frame of another network (sent before the switch) is dropped, not drawn
    other = preset_trainer(embedded, "tutorial" if name != "tutorial" else "mlp", 0)
    view.show_frame(frame_from(other))
    assert set(view.arrays) == set(trainer.model.param_names)


def test_hidden_units_are_named_under_the_mouse(
    qtbot: QtBot, view: WeightsView, selection: Selection, embedded: Dataset
) -> None:
    trainer = preset_trainer(embedded, "mlp", 2)
    view.set_model(trainer.model)
    view.show_frame(frame_from(trainer))
    qtbot.waitUntil(view.is_up_to_date)
    panel = view.panel
    assert isinstance(panel, HiddenLayerPanel)
    columns, tile = panel.columns, 29
    h = columns + 2  # second row of tiles, third column
    unit = QPointF(2 * tile + 5 + 0.5, tile + 7 + 0.5)  # pixel (7, 5) of unit h
    hit = view.parameter_at(panel.w1_cell.item.mapToScene(unit))
    assert hit == ("w1", (7 * 28 + 5, h))
    assert view.parameter_at(panel.w1_cell.item.mapToScene(QPointF(28.5, 3.5))) is None  # a gap
    w2 = view.parameter_at(panel.w2_cell.item.mapToScene(QPointF(3.5, 42.5)))
    assert w2 == ("w2", (42, 3))
    assert view.readout(*w2).startswith("w2[42, 3] = ")
    b1 = view.parameter_at(panel.b1_cell.item.mapToScene(QPointF(1.5, 1.5)))
    assert b1 == ("b1", (columns + 1,))
    selection.select_parameter("w1", (7 * 28 + 5, h))
    assert panel.w1_cell.marker.isVisible()
    assert panel.w1_cell.marker.rect().topLeft() == QPointF(2 * tile + 5, tile + 7)
