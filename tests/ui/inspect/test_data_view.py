"""The data view: thumbnails with the network's answers, filters, one sample large, confusion."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from inspection_helpers import frame_from, params_frame, trained_trainer
from PySide6.QtCore import QPointF, QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.nn.inspection import FilterKind
from gdstudio.core.nn.model import TutorialNet
from gdstudio.core.training.trainer import TrainConfig, Trainer
from gdstudio.ui.inspect.data_view import DataView
from gdstudio.ui.view import Selection
from gdstudio.ui.window.main_window import MainWindow
from gdstudio.workers.threads import running_threads
from gdstudio.workers.training import PAUSED


@pytest.fixture(scope="module")
def trained(embedded: Dataset) -> Trainer:
    return trained_trainer(embedded, 80)  # one epoch: mostly right, some wrong


@pytest.fixture
def view(show_view: Callable[..., Any], selection: Selection) -> DataView:
    return show_view(DataView, (1100, 720), selection)


def answers(trainer: Trainer, dataset: Dataset, split: str = "valid") -> np.ndarray:
    """The network's answers for a split, computed independently of the view."""
    data = dataset.split(split)
    return TutorialNet().forward(trainer.params, data.inputs()).argmax(axis=1)


def show_trained(qtbot: QtBot, view: DataView, trainer: Trainer) -> None:
    view.show_frame(frame_from(trainer))
    qtbot.waitUntil(view.is_up_to_date)


def test_the_misclassified_filter_shows_exactly_the_mistakes(
    qtbot: QtBot, view: DataView, trained: Trainer, embedded: Dataset
) -> None:
    view.set_filter(FilterKind.MISCLASSIFIED)
    assert "Waiting" in view._count.text()
    show_trained(qtbot, view, trained)
    predicted = answers(trained, embedded)
    wrong = np.flatnonzero(predicted != embedded.valid.labels)
    assert 0 < len(wrong) < 300
    np.testing.assert_array_equal(view.grid.order, wrong)
    assert f"{len(wrong)} samples" in view._count.text()
    # and page after page, the grid shows them all, each once
    shown = []
    for page in range(view.grid.page_count):
        view.grid.set_page(page)
        shown.extend(view.grid.visible().tolist())
    assert shown == wrong.tolist()


def test_filters_by_digit_and_confidence(
    qtbot: QtBot, view: DataView, trained: Trainer, embedded: Dataset
) -> None:
    show_trained(qtbot, view, trained)
    labels = embedded.valid.labels
    view.set_filter(FilterKind.ALL, digit=4)
    np.testing.assert_array_equal(view.grid.order, np.flatnonzero(labels == 4))
    view.set_filter(FilterKind.CONFIDENT_MISTAKES)
    confidence = view.predictions("valid").confidence[view.grid.order]
    assert np.all(np.diff(confidence) <= 0)
    view.set_split("test")
    qtbot.waitUntil(lambda: view.predictions("test") is not None)
    predicted = answers(trained, embedded, "test")
    assert set(view.grid.order) == set(np.flatnonzero(predicted != embedded.test.labels))


def test_confusion_matrix_counts_the_validation_set(
    qtbot: QtBot, view: DataView, trained: Trainer, embedded: Dataset
) -> None:
    view.set_split("train")  # the matrix is of the validation set whatever the grid shows
    show_trained(qtbot, view, trained)
    counts = view.confusion.counts
    assert counts.sum() == len(embedded.valid)
    _, accuracy = TutorialNet().evaluate(
        trained.params, embedded.valid.inputs(), embedded.valid.labels
    )
    assert np.trace(counts) == round(accuracy * len(embedded.valid))
    assert view.confusion.texts[4][4].textItem.toPlainText() == str(counts[4, 4])
    assert f"{np.trace(counts)} right of {len(embedded.valid)}" in view._confusion_title.text()


def test_clicking_a_confusion_cell_shows_its_samples(
    qtbot: QtBot, view: DataView, trained: Trainer, embedded: Dataset
) -> None:
    view.set_split("train")
    show_trained(qtbot, view, trained)
    predicted = answers(trained, embedded)
    labels = embedded.valid.labels
    counts = view.confusion.counts
    off = [(t, p) for t in range(10) for p in range(10) if t != p and counts[t, p] > 0]
    true, answer = max(off, key=lambda cell: counts[cell])
    plot = view.confusion
    where = plot.cell.item.mapToScene(QPointF(answer + 0.5, true + 0.5))
    assert plot.cell_at(where) == (true, answer)  # row = true digit, column = answer
    qtbot.mouseClick(
        plot.widget.viewport(), Qt.MouseButton.LeftButton, pos=plot.widget.mapFromScene(where)
    )
    assert view.split == "valid"
    expected = np.flatnonzero((labels == true) & (predicted == answer))
    np.testing.assert_array_equal(view.grid.order, expected)
    assert len(expected) == counts[true, answer]
    assert view._cell_button.isVisibleTo(view)
    view._cell_button.click()  # back to every sample
    np.testing.assert_array_equal(view.grid.order, np.arange(len(embedded.valid)))
    assert not view._cell_button.isVisibleTo(view)


def test_clicking_a_thumbnail_shows_it_large_and_selects_it(
    qtbot: QtBot, view: DataView, selection: Selection, trained: Trainer, embedded: Dataset
) -> None:
    show_trained(qtbot, view, trained)
    view.grid.set_page(1)
    index = int(view.grid.visible()[3])
    rect = view.grid.slot_rect(index)
    assert rect is not None
    with qtbot.waitSignal(selection.sample_changed) as signal:
        qtbot.mouseClick(view.grid, Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == ["valid", index]
    report = view.detail.report
    assert report is not None
    x = embedded.valid.inputs(np.array([index]), dtype=np.float64)[0]
    np.testing.assert_array_equal(report.x, x)
    np.testing.assert_array_equal(view.detail.cell.image, x.reshape(28, 28))
    np.testing.assert_allclose(view.detail.bars.values, report.probabilities)
    label = int(embedded.valid.labels[index])
    expected = TutorialNet().losses(
        {k: v.astype(np.float64) for k, v in trained.params.items()}, x[None], np.array([label])
    )[0]
    assert report.loss == pytest.approx(expected)
    assert f"{expected:.4g}" in view.detail._loss.text()  # 4 significant digits
    assert f"label {label}" in view.detail._title.text()

    # hovering a pixel reads out its row, column and value
    row, col = 14, 9
    scene = view.detail.cell.item.mapToScene(QPointF(col + 0.5, row + 0.5))
    view.detail.graphics.scene().sigMouseMoved.emit(scene)
    text = view.detail._readout.text()
    assert text.startswith(f"row {row}, column {col}: x = {x[row * 28 + col]:.4f}")


def test_saturation_overlay_marks_the_saturated_hidden_units(
    qtbot: QtBot, view: DataView, trained: Trainer, embedded: Dataset
) -> None:
    params = trained.snapshot().params
    params["b0"][:392] = 3.0  # tanh(x + 3) > 0.995: the top half saturates
    view.show_frame(params_frame(trained_trainer(embedded, 0), params))
    qtbot.waitUntil(lambda: view.predictions("valid") is not None)
    view.select(0)
    overlay = np.asarray(view.detail.overlay.image)
    assert overlay.shape == (28, 28, 4)
    hidden = np.tanh(embedded.valid.inputs(np.array([0]), dtype=np.float64)[0] + params["b0"])
    np.testing.assert_array_equal(overlay[..., 3] > 0, (np.abs(hidden) > 0.99).reshape(28, 28))
    assert overlay[:14, :, 3].all() and view.detail.overlay.isVisible()
    assert "392 of 784" in view.detail._loss.text()
    view.detail._saturation.setChecked(False)
    assert not view.detail.overlay.isVisible()


def test_views_update_after_a_training_step_and_stop_when_paused(
    qtbot: QtBot, view: DataView, embedded: Dataset
) -> None:
    trainer = trained_trainer(embedded, 0)
    show_trained(qtbot, view, trainer)
    view.select(5)
    before = view.predictions("valid")
    detail_before = view.detail.bars.values.copy()

    report = trainer.step()
    view.show_frame(frame_from(trainer, [report]))
    qtbot.waitUntil(view.is_up_to_date)
    after = view.predictions("valid")
    assert not np.allclose(after.probabilities, before.probabilities)
    assert not np.array_equal(view.detail.bars.values, detail_before)
    shown = view.detail.bars.values.copy()

    trainer.step()  # the trainer moves on, but no frame comes: paused
    qtbot.waitUntil(lambda: not view._throttle.pending and not view._jobs.busy)
    QApplication.processEvents()
    assert view.predictions("valid") is after  # nothing recomputed...
    np.testing.assert_array_equal(view.detail.bars.values, shown)  # ...nothing redrawn


def test_a_hidden_view_computes_nothing(
    qtbot: QtBot, selection: Selection, embedded: Dataset, trained: Trainer
) -> None:
    v = DataView(selection)
    qtbot.addWidget(v)
    v.set_dataset(embedded)
    v.show_frame(frame_from(trained))
    assert v.predictions("valid") is None and not v._jobs.running
    v.show()
    qtbot.waitUntil(lambda: v.predictions("valid") is not None)
    assert v._jobs.running
    v.hide()  # hiding stops the worker thread
    assert not v._jobs.running and not running_threads()
    v.close()


def test_pages(qtbot: QtBot, view: DataView, embedded: Dataset) -> None:
    grid = view.grid
    assert grid.page_count == -(-len(embedded.valid) // grid.page_size)
    first = grid.visible().copy()
    view._next.click()
    assert grid.page == 1
    np.testing.assert_array_equal(grid.visible()[:1], [len(first)])
    assert "Page 2 /" in view._page.text()
    view._previous.click()
    assert grid.page == 0 and not view._previous.isEnabled()


def test_in_the_main_window_it_follows_training_and_stops_its_thread_on_close(
    qtbot: QtBot, embedded: Dataset, tmp_path: Path
) -> None:
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings_store=store, dataset=embedded)
    view = DataView(window.selection)
    window.add_view(view)
    window.show()
    window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: window.controller.last_frame is not None)
    window.controls.set_config(TrainConfig(epochs=1))
    window.reset()
    window.controller.step()
    qtbot.waitUntil(lambda: window.controller.state == PAUSED)
    qtbot.waitUntil(lambda: view.is_up_to_date() and view._frame.snapshot.step == 1)
    assert view._jobs.running
    window.close()
    assert not view._jobs.running and not running_threads()


def test_prepare_shot_shows_the_first_mistake(
    qtbot: QtBot, view: DataView, selection: Selection, trained: Trainer, embedded: Dataset
) -> None:
    view.set_split("train")
    show_trained(qtbot, view, trained)
    view.prepare_shot()
    first = int(np.flatnonzero(answers(trained, embedded) != embedded.valid.labels)[0])
    assert view.split == "valid" and selection.sample == ("valid", first)
    assert view.detail.report is not None and "(wrong)" in view.detail._title.text()


def test_an_empty_confusion_cell_says_so(
    qtbot: QtBot, view: DataView, trained: Trainer, embedded: Dataset
) -> None:
    show_trained(qtbot, view, trained)
    counts = view.confusion.counts
    true, answer = next((t, p) for t in range(10) for p in range(10) if counts[t, p] == 0)
    plot = view.confusion
    where = plot.cell.item.mapToScene(QPointF(answer + 0.5, true + 0.5))
    qtbot.mouseClick(
        plot.widget.viewport(), Qt.MouseButton.LeftButton, pos=plot.widget.mapFromScene(where)
    )
    assert len(view.grid.order) == 0
    assert view.grid.empty_text == (f"No digits here: the network answered {answer} for no {true}.")
    view._cell_button.click()
    assert view.grid.empty_text == ""  # samples again


@pytest.mark.parametrize("presentation", [False, True])
def test_opening_a_digit_keeps_the_grid_columns(
    qtbot: QtBot, embedded: Dataset, tmp_path: Path, presentation: bool
) -> None:
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings_store=store, dataset=embedded, offer_restore=False)
    window.resize(1280, 800)
    window.show()
    window.set_presentation(presentation)
    qtbot.waitUntil(lambda: window.controller.last_frame is not None)
    window.show_view("data")
    view = window.tabs.currentWidget()
    qtbot.waitUntil(view.is_up_to_date)
    grid = view.grid
    before = (grid.width(), grid.page_size)
    index = int(grid.visible()[3])
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=grid.slot_rect(index).center())
    assert view.detail.report is not None
    qtbot.mouseMove(view.detail.graphics.viewport())  # the pixel readout appears too
    QApplication.processEvents()
    assert (grid.width(), grid.page_size) == before
    window.set_presentation(False)
    window.close()
