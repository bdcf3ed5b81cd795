"""CurvesView draws what its RunHistory holds, follows the newest epochs, exports, reads out."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPointF
from pytestqt.qtbot import QtBot

from gdstudio.core.history import RunHistory, debiased_ema
from gdstudio.core.trainer import EpochMetrics, StepReport
from gdstudio.ui.curves import CurvesView, nearest_index

STEPS_PER_EPOCH = 40


def reports(start: int, count: int) -> list[StepReport]:
    out = []
    for step in range(start, start + count):
        end = None
        if step % STEPS_PER_EPOCH == 0:
            n = step // STEPS_PER_EPOCH
            end = EpochMetrics(
                epoch=n,
                step=step,
                train_loss=0.5 / n + 0.1234567890123,
                train_accuracy=0.9 - 0.2 / n,
                valid_loss=0.55 / n + 0.1234567890123,
                valid_accuracy=0.88 - 0.2 / n,
                samples_per_second=1e4,
            )
        out.append(
            StepReport(
                step=step,
                epoch=step / STEPS_PER_EPOCH,
                batch_loss=2.0 / math.sqrt(step) + 0.01 * (step % 5) + 1e-12 * step,
                batch_accuracy=0.5,
                lr=1.0,
                batch_size=100,
                epoch_end=end,
            )
        )
    return out


@pytest.fixture
def history() -> RunHistory:
    history = RunHistory()
    history.add_steps(reports(1, 3 * STEPS_PER_EPOCH + 10))
    return history


@pytest.fixture
def view(qtbot: QtBot, history: RunHistory) -> CurvesView:
    view = CurvesView()
    qtbot.addWidget(view)
    view.set_history(history)
    view.resize(1000, 650)
    view.show()
    qtbot.waitExposed(view)
    return view


def original(item: pg.PlotDataItem) -> tuple[np.ndarray, np.ndarray]:
    x, y = item.getOriginalDataset()
    return np.asarray(x), np.asarray(y)


def test_plots_hold_the_history(view: CurvesView, history: RunHistory) -> None:
    x, y = view._raw_loss.getData()
    assert len(x) == len(history)  # few points: nothing downsampled or clipped
    np.testing.assert_array_equal(x, history.epoch)
    np.testing.assert_array_equal(y, history.batch_loss)
    epochs = history.epoch_arrays()
    for item, name in (
        (view._train_loss, "train_loss"),
        (view._valid_loss, "valid_loss"),
        (view._train_accuracy, "train_accuracy"),
        (view._valid_accuracy, "valid_accuracy"),
    ):
        x, y = item.getData()
        assert x.tolist() == [1.0, 2.0, 3.0]
        assert y.tolist() == epochs[name].tolist()


def test_refresh_adds_new_steps_to_the_same_items(view: CurvesView, history: RunHistory) -> None:
    items = list(view._loss_plot.listDataItems()) + list(view._accuracy_plot.listDataItems())
    history.add_steps(reports(len(history) + 1, 3 * STEPS_PER_EPOCH))
    view.refresh()
    assert (
        list(view._loss_plot.listDataItems()) + list(view._accuracy_plot.listDataItems()) == items
    )  # created once, updated with setData
    assert len(original(view._raw_loss)[0]) == len(history)
    assert len(original(view._train_accuracy)[0]) == 6


def test_ema_curve_is_the_debiased_ema(view: CurvesView, history: RunHistory) -> None:
    x, y = original(view._smoothed_loss)
    np.testing.assert_array_equal(x, history.epoch)
    np.testing.assert_allclose(y, debiased_ema(history.batch_loss, 0.9), rtol=1e-12)
    view._smoothing_slider.setValue(500)
    assert view._smoothing_value.text() == "0.500"
    np.testing.assert_allclose(
        original(view._smoothed_loss)[1], debiased_ema(history.batch_loss, 0.5), rtol=1e-12
    )
    view._smoothing_slider.setValue(0)
    np.testing.assert_array_equal(original(view._smoothed_loss)[1], history.batch_loss)
    history.add_steps(reports(len(history) + 1, 25))
    view.refresh()
    view._smoothing_slider.setValue(999)
    np.testing.assert_allclose(
        original(view._smoothed_loss)[1], debiased_ema(history.batch_loss, 0.999), rtol=1e-12
    )


def test_log_y(view: CurvesView) -> None:
    assert not view._loss_plot.getAxis("left").logMode
    view._log_y.setChecked(True)
    assert view._loss_plot.getAxis("left").logMode
    assert view._raw_loss.opts["logMode"][1]
    view._log_y.setChecked(False)
    assert not view._loss_plot.getAxis("left").logMode


def test_show_last_epochs_follows_training(view: CurvesView, history: RunHistory) -> None:
    view._last_epochs.setValue(2)
    latest = float(history.epoch[-1])
    left, right = view._loss_plot.getViewBox().viewRange()[0]
    assert (left, right) == pytest.approx((latest - 2, latest))
    assert view._accuracy_plot.getViewBox().viewRange()[0] == pytest.approx([latest - 2, latest])
    history.add_steps(reports(len(history) + 1, 30))
    view.refresh()
    latest = float(history.epoch[-1])
    assert view._loss_plot.getViewBox().viewRange()[0] == pytest.approx([latest - 2, latest])
    view._last_epochs.setValue(0)
    assert view._loss_plot.getViewBox().autoRangeEnabled()[0]


def test_export_png_and_svg(view: CurvesView, tmp_path: Path) -> None:
    view._show_readout(1.0)  # a visible cursor must not end up in the files
    png = tmp_path / "curves.png"
    view.export_png(png)
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    svg = tmp_path / "curves.svg"
    view.export_svg(svg)
    text = svg.read_text(encoding="utf-8")
    assert text.startswith("<?xml") and "<svg" in text
    root = ET.fromstring(text)  # well-formed
    assert root.tag.endswith("svg")
    assert "epoch" in text and "loss" in text  # axis labels as text
    assert all(cursor.isVisible() for cursor in view._cursors)


def test_export_csv_delegates(view: CurvesView, history: RunHistory, tmp_path: Path) -> None:
    path = tmp_path / "curves.csv"
    view.export_csv(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("run,kind,step,epoch,batch_loss")
    assert len(lines) == 1 + len(history) + len(history.epochs)


def test_readout_shows_exact_values(view: CurvesView, history: RunHistory) -> None:
    i = 57
    x = float(history.epoch[i]) + 0.1 / STEPS_PER_EPOCH
    assert nearest_index(history.epoch, x) == i
    view._show_readout(x)
    text = view.readout_text()
    assert f"step {int(history.step[i])}:" in text
    assert repr(float(history.batch_loss[i])) in text
    smoothed = history.smoothed_loss(view.smoothing)[i]
    assert repr(float(smoothed)) in text
    metrics = history.epochs[0]  # epoch 1.45: the nearest finished epoch is the first
    assert repr(metrics.valid_loss) in text and repr(metrics.train_accuracy) in text
    assert all(c.value() == pytest.approx(history.epoch[i]) for c in view._cursors)


def test_mouse_move_over_the_loss_plot(view: CurvesView, history: RunHistory) -> None:
    i = 100
    box = view._loss_plot.getViewBox()
    scene_point = box.mapViewToScene(QPointF(float(history.epoch[i]), 0.5))
    view._on_mouse_moved(scene_point)
    assert f"step {int(history.step[i])}:" in view.readout_text()
    assert repr(float(history.batch_loss[i])) in view.readout_text()


def test_presentation_and_retranslate(view: CurvesView) -> None:
    width = view._smoothed_loss.opts["pen"].widthF()
    view.set_presentation(True)
    assert view._smoothed_loss.opts["pen"].widthF() > width
    assert view._log_y.font().pointSizeF() > view.font().pointSizeF()
    view.set_presentation(False)
    assert view._smoothed_loss.opts["pen"].widthF() == width
    view.retranslate()
    assert view._loss_plot.getAxis("left").labelText == "loss"
    assert view._accuracy_plot.getAxis("bottom").labelText == "epoch"
    assert view._loss_legend.getLabel(view._smoothed_loss).text == "smoothed batch loss"


def test_many_steps_stay_cheap(qtbot: QtBot) -> None:
    import time

    history = RunHistory()
    history.add_steps(reports(1, 100_000))
    view = CurvesView()
    qtbot.addWidget(view)
    view.set_history(history)
    history.add_steps(reports(100_001, 50))
    started = time.perf_counter()
    view.refresh()
    assert time.perf_counter() - started < 0.1  # a few ms: only the 50 new EMA points
    assert len(original(view._smoothed_loss)[1]) == 100_050


def test_empty_history(qtbot: QtBot, tmp_path: Path) -> None:
    view = CurvesView()
    qtbot.addWidget(view)
    view.refresh()  # no history yet
    view.set_history(RunHistory())
    view._last_epochs.setValue(3)
    view._show_readout(1.0)
    assert "Point at the curves" in view.readout_text()
    view.export_csv(tmp_path / "empty.csv")
    assert (tmp_path / "empty.csv").read_text(encoding="utf-8").count("\n") == 1
