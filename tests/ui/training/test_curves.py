"""CurvesView draws what its RunHistory holds, follows the newest epochs, exports, reads out."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pytest
from history_helpers import synthetic_reports
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from gdstudio.core.training.history import RunHistory, debiased_ema
from gdstudio.core.training.reports import StepReport
from gdstudio.ui.training.curve_throttle import FrameThrottle
from gdstudio.ui.training.curves import CurvesView, nearest_index

STEPS_PER_EPOCH = 40


def reports(start: int, count: int) -> list[StepReport]:
    return synthetic_reports(
        start,
        count,
        STEPS_PER_EPOCH,
        lambda step: (2.0 / math.sqrt(step) + 0.01 * (step % 5) + 1e-12 * step, 0.5, 1.0, 100),
        lambda n: (
            0.5 / n + 0.1234567890123,
            0.9 - 0.2 / n,
            0.55 / n + 0.1234567890123,
            0.88 - 0.2 / n,
        ),
        samples_per_second=1e4,
    )


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
    x, y = view.plots.raw_loss.getData()
    assert len(x) == len(history)  # few points: nothing downsampled or clipped
    np.testing.assert_array_equal(x, history.epoch)
    np.testing.assert_array_equal(y, history.batch_loss)
    epochs = history.epoch_arrays()
    for item, name in (
        (view.plots.train_loss, "train_loss"),
        (view.plots.valid_loss, "valid_loss"),
        (view.plots.train_accuracy, "train_accuracy"),
        (view.plots.valid_accuracy, "valid_accuracy"),
    ):
        x, y = item.getData()
        assert x.tolist() == [1.0, 2.0, 3.0]
        assert y.tolist() == epochs[name].tolist()


def test_refresh_adds_new_steps_to_the_same_items(view: CurvesView, history: RunHistory) -> None:
    items = list(view.plots.loss_plot.listDataItems()) + list(
        view.plots.accuracy_plot.listDataItems()
    )
    history.add_steps(reports(len(history) + 1, 3 * STEPS_PER_EPOCH))
    view.refresh()
    assert (
        list(view.plots.loss_plot.listDataItems()) + list(view.plots.accuracy_plot.listDataItems())
        == items
    )  # created once, updated with setData
    assert len(original(view.plots.raw_loss)[0]) == len(history)
    assert len(original(view.plots.train_accuracy)[0]) == 6


def test_ema_curve_is_the_debiased_ema(view: CurvesView, history: RunHistory) -> None:
    x, y = original(view.plots.smoothed_loss)
    np.testing.assert_array_equal(x, history.epoch)
    np.testing.assert_allclose(y, debiased_ema(history.batch_loss, 0.9), rtol=1e-12)
    view._smoothing_slider.setValue(500)
    assert view._smoothing_value.text() == "0.500"
    np.testing.assert_allclose(
        original(view.plots.smoothed_loss)[1], debiased_ema(history.batch_loss, 0.5), rtol=1e-12
    )
    view._smoothing_slider.setValue(0)
    np.testing.assert_array_equal(original(view.plots.smoothed_loss)[1], history.batch_loss)
    history.add_steps(reports(len(history) + 1, 25))
    view.refresh()
    view._smoothing_slider.setValue(999)
    np.testing.assert_allclose(
        original(view.plots.smoothed_loss)[1], debiased_ema(history.batch_loss, 0.999), rtol=1e-12
    )


def test_log_y(view: CurvesView) -> None:
    assert not view.plots.loss_plot.getAxis("left").logMode
    view._log_y.setChecked(True)
    assert view.plots.loss_plot.getAxis("left").logMode
    assert view.plots.raw_loss.opts["logMode"][1]
    view._log_y.setChecked(False)
    assert not view.plots.loss_plot.getAxis("left").logMode


def test_show_last_epochs_follows_training(view: CurvesView, history: RunHistory) -> None:
    view._last_epochs.setValue(2)
    latest = float(history.epoch[-1])
    left, right = view.plots.loss_plot.getViewBox().viewRange()[0]
    assert (left, right) == pytest.approx((latest - 2, latest))
    assert view.plots.accuracy_plot.getViewBox().viewRange()[0] == pytest.approx(
        [latest - 2, latest]
    )
    history.add_steps(reports(len(history) + 1, 30))
    view.refresh()
    latest = float(history.epoch[-1])
    assert view.plots.loss_plot.getViewBox().viewRange()[0] == pytest.approx([latest - 2, latest])
    view._last_epochs.setValue(0)
    assert view.plots.loss_plot.getViewBox().autoRangeEnabled()[0]


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
    assert all(cursor.isVisible() for cursor in view.plots.cursors)


def test_export_csv_delegates(view: CurvesView, history: RunHistory, tmp_path: Path) -> None:
    path = tmp_path / "curves.csv"
    view.export_csv(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("run,kind,step,epoch,batch_loss")
    assert len(lines) == 1 + len(history) + len(history.epochs)


def test_readout_shows_values_with_meaningful_digits(view: CurvesView, history: RunHistory) -> None:
    i = 57
    x = float(history.epoch[i]) + 0.1 / STEPS_PER_EPOCH
    assert nearest_index(history.epoch, x) == i
    view._show_readout(x)
    text = view.readout_text()
    assert f"epoch {history.epoch[i]:.2f}, step {int(history.step[i])}:" in text
    assert f"batch loss {float(history.batch_loss[i]):.4g}," in text  # 4 significant digits
    smoothed = history.smoothed_loss(view.smoothing)[i]
    assert f"smoothed {float(smoothed):.4g}" in text
    metrics = history.epochs[0]  # epoch 1.45: the nearest finished epoch is the first
    assert f"validation loss {metrics.valid_loss:.4g}," in text
    assert f"train accuracy {100 * metrics.train_accuracy:.1f}%" in text
    assert "0.29261" not in text and "0.123456" not in text  # no raw floats
    assert all(c.value() == pytest.approx(history.epoch[i]) for c in view.plots.cursors)


def test_mouse_move_over_the_loss_plot(view: CurvesView, history: RunHistory) -> None:
    i = 100
    box = view.plots.loss_plot.getViewBox()
    scene_point = box.mapViewToScene(QPointF(float(history.epoch[i]), 0.5))
    view._on_mouse_moved(scene_point)
    assert f"step {int(history.step[i])}:" in view.readout_text()
    assert f"batch loss {float(history.batch_loss[i]):.4g}," in view.readout_text()


def test_presentation_and_retranslate(view: CurvesView) -> None:
    width = view.plots.smoothed_loss.opts["pen"].widthF()
    view.set_presentation(True)
    assert view.plots.smoothed_loss.opts["pen"].widthF() > width
    assert view._log_y.font().pointSizeF() > view.font().pointSizeF()
    view.set_presentation(False)
    assert view.plots.smoothed_loss.opts["pen"].widthF() == width
    view.retranslate()
    assert view.plots.loss_plot.getAxis("left").labelText == "loss"
    assert view.plots.accuracy_plot.getAxis("bottom").labelText == "epoch"
    assert view.plots.loss_legend.getLabel(view.plots.smoothed_loss).text == "smoothed batch loss"


def test_steps_added_after_a_draw_extend_the_smoothed_curve(qtbot: QtBot) -> None:
    """The curve drawn incrementally is the one a fresh view draws from the whole history."""
    history = RunHistory()
    history.add_steps(reports(1, 10_000))
    view = CurvesView()
    qtbot.addWidget(view)
    view.set_history(history)
    history.add_steps(reports(10_001, 50))
    view.refresh()
    x, y = original(view.plots.smoothed_loss)
    np.testing.assert_array_equal(x, history.epoch)
    np.testing.assert_allclose(y, debiased_ema(history.batch_loss, view.smoothing), rtol=1e-12)


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


# --- ranges set from the history, one paint per frame --------------------------------------


def y_range(plot: pg.PlotItem) -> tuple[float, float]:
    low, high = plot.getViewBox().viewRange()[1]
    return low, high


def test_ranges_cover_the_data_and_follow_it(view: CurvesView, history: RunHistory) -> None:
    latest = float(history.epoch[-1])
    left, right = view.plots.loss_plot.getViewBox().viewRange()[0]
    assert left == 0.0 and latest < right < 1.25 * latest
    low, high = y_range(view.plots.loss_plot)
    losses = np.concatenate([history.batch_loss, history.smoothed_loss(view.smoothing)])
    assert low <= losses.min() and losses.max() <= high
    assert high - low < 1.25 * (losses.max() - losses.min())  # fitted, not just covering
    accuracies = [m.train_accuracy for m in history.epochs] + [
        m.valid_accuracy for m in history.epochs
    ]
    low, high = y_range(view.plots.accuracy_plot)
    assert low <= min(accuracies) and max(accuracies) <= high < 1.0

    more = reports(len(history) + 1, 2 * STEPS_PER_EPOCH)
    more[-1] = StepReport(**{**more[-1].__dict__, "batch_loss": 5.0})  # a spike
    history.add_steps(more)
    view.refresh()
    latest = float(history.epoch[-1])
    assert latest < view.plots.loss_plot.getViewBox().viewRange()[0][1] < 1.25 * latest
    assert view.plots.accuracy_plot.getViewBox().viewRange()[0] == pytest.approx(
        view.plots.loss_plot.getViewBox().viewRange()[0]
    )
    assert y_range(view.plots.loss_plot)[1] >= 5.0
    assert y_range(view.plots.accuracy_plot)[1] >= history.epochs[-1].train_accuracy


def test_y_range_fits_the_visible_epochs(view: CurvesView, history: RunHistory) -> None:
    view._last_epochs.setValue(1)
    visible = history.epoch >= float(history.epoch[-1]) - 1
    smoothed = history.smoothed_loss(view.smoothing)[visible]
    shown = np.concatenate([history.batch_loss[visible], smoothed])
    low, high = y_range(view.plots.loss_plot)
    assert low <= shown.min() and shown.max() <= high
    assert high < history.batch_loss.max()  # the first, large losses are out of view
    view._last_epochs.setValue(0)
    assert y_range(view.plots.loss_plot)[1] >= history.batch_loss.max()


def test_log_y_range_is_in_decades(view: CurvesView, history: RunHistory) -> None:
    view._log_y.setChecked(True)
    low, high = y_range(view.plots.loss_plot)
    assert low <= math.log10(history.batch_loss.min())
    assert math.log10(history.batch_loss.max()) <= high < math.log10(history.batch_loss.max()) + 0.5


def test_non_finite_losses_keep_a_finite_range(view: CurvesView, history: RunHistory) -> None:
    more = reports(len(history) + 1, 3)
    more[0] = StepReport(**{**more[0].__dict__, "batch_loss": math.inf})
    more[1] = StepReport(**{**more[1].__dict__, "batch_loss": math.nan})
    history.add_steps(more)
    view.refresh()
    low, high = y_range(view.plots.loss_plot)
    finite = history.batch_loss[np.isfinite(history.batch_loss)]
    assert math.isfinite(low) and math.isfinite(high)
    assert low <= finite.min() and finite.max() <= high


def test_a_zoom_stops_the_fit_until_auto_range(view: CurvesView, history: RunHistory) -> None:
    box = view.plots.loss_plot.getViewBox()
    box.setYRange(10.0, 20.0, padding=0)  # as a mouse zoom does: y auto-range off
    history.add_steps(reports(len(history) + 1, 30))
    view.refresh()
    assert y_range(view.plots.loss_plot) == pytest.approx((10.0, 20.0))
    box.enableAutoRange(y=True)  # the "A" button
    view.refresh()
    assert y_range(view.plots.loss_plot)[1] < 10.0


def test_hidden_curve_leaves_the_fit(view: CurvesView, history: RunHistory) -> None:
    for item in (view.plots.raw_loss, view.plots.smoothed_loss):
        item.setVisible(False)  # as a click on its legend sample does, which then says so:
        view.plots.loss_legend.sigSampleClicked.emit(item)
    epochs = history.epoch_arrays()
    assert y_range(view.plots.loss_plot)[1] < 1.1 * epochs["valid_loss"].max() < 1.0


def test_one_paint_per_frame(qtbot: QtBot, view: CurvesView, history: RunHistory) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent, QObject

    class Paints(QObject):
        count = 0

        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    def settle() -> None:  # deliver every update already asked for
        QCoreApplication.sendPostedEvents()
        QCoreApplication.processEvents()

    paints = Paints()
    viewport = view.plots.viewport()
    viewport.installEventFilter(paints)
    try:
        for _ in range(3):
            settle()
            paints.count = 0
            history.add_steps(reports(len(history) + 1, 30))  # an epoch ends in some frames
            view.refresh()
            qtbot.waitUntil(lambda: paints.count > 0)
            settle()
            assert paints.count == 1
    finally:
        viewport.removeEventFilter(paints)


def test_epoch_curves_are_set_only_when_an_epoch_ends(
    view: CurvesView, history: RunHistory, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    original_set = view.plots.train_loss.setData
    monkeypatch.setattr(
        view.plots.train_loss, "setData", lambda *a, **k: (calls.append(1), original_set(*a, **k))
    )
    start = len(history) + 1  # 131: the next epoch ends at step 160
    history.add_steps(reports(start, 5))
    view.refresh()
    assert calls == []
    history.add_steps(reports(start + 5, 25))
    view.refresh()
    assert calls == [1]
    assert original(view.plots.train_loss)[0].tolist() == [1.0, 2.0, 3.0, 4.0]


def test_grid_lines_at_the_ticks(view: CurvesView) -> None:
    grid = view.plots.grids[0]
    major, minor = grid._layout()
    assert major and minor
    box = view.plots.loss_plot.getViewBox()
    assert all(0 <= line.x1() <= box.width() and 0 <= line.y1() <= box.height() for line in major)
    assert all(pen.color().alpha() == 255 for pen in grid._pens)  # opaque: cheap to paint


def test_svg_export_has_no_cached_bitmaps(view: CurvesView, tmp_path: Path) -> None:
    svg = tmp_path / "curves.svg"
    view.export_svg(svg)
    text = svg.read_text(encoding="utf-8")
    assert "<image" not in text and "smoothed batch loss" in text
    assert view.plots.loss_legend.cacheMode() != view.plots.loss_legend.CacheMode.NoCache


def test_legend_markers_are_coloured_before_any_epoch(qtbot: QtBot) -> None:
    view = CurvesView()
    qtbot.addWidget(view)
    view.set_history(RunHistory())
    sample = view.plots.epoch_samples[view.plots.train_loss]  # its row in the legend
    image = QImage(20, 20, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    sample.paint(painter)
    painter.end()
    # the marker's colour above the line, which crosses the sample at y = 11
    assert image.pixelColor(10, 8).getRgb()[:3] == (255, 127, 14)


def test_a_fast_stream_of_frames_is_drawn_15_times_a_second() -> None:
    """Frames every 5 ms, drawing as costly as can be: redraws are held back, yet start at
    most MAX_INTERVAL apart (a held-back frame is drawn when its timer fires)."""
    throttle = FrameThrottle(budget=1e-9)
    draws: list[float] = []
    pending: float | None = None
    for frame in range(200):
        now = frame * 0.005
        if pending is not None and pending <= now:
            throttle.drawn(pending, 0.01)
            draws.append(pending)
            pending = None
        wait = throttle.delay(now)
        if wait == 0.0:
            throttle.drawn(now, 0.01)
            draws.append(now)
        elif pending is None:
            pending = now + wait
    assert len(draws) < 200 / 2  # frames were held back...
    gaps = np.diff(draws[FrameThrottle.STREAM :])
    assert gaps.min() >= FrameThrottle.MAX_INTERVAL - 1e-9  # ...to about 17 draws a second
    assert gaps.max() <= FrameThrottle.MAX_INTERVAL + 0.005


def test_a_held_back_frame_is_drawn_later(
    qtbot: QtBot, view: CurvesView, history: RunHistory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(view._throttle, "budget", 1e-9)  # as if drawing took all the time
    for _ in range(view._throttle.STREAM + 3):
        history.add_steps(reports(len(history) + 1, 3))
        view.refresh()
    qtbot.waitUntil(lambda: len(original(view.plots.raw_loss)[0]) == len(history), timeout=1000)


def test_single_refreshes_are_never_held_back(
    view: CurvesView, history: RunHistory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(view._throttle, "budget", 1e-9)
    for _ in range(view._throttle.STREAM - 1):
        history.add_steps(reports(len(history) + 1, 3))
        view.refresh()
        assert len(original(view.plots.raw_loss)[0]) == len(history)


def marker_colour(view: CurvesView, plot: pg.PlotItem, x: float, y: float) -> tuple[int, ...]:
    """The colour just right of the point (x, y): the marker's, where the line has ended."""
    pixel = view.plots.mapFromScene(plot.getViewBox().mapViewToScene(QPointF(x, y)))
    image = view.plots.viewport().grab().toImage()
    return image.pixelColor(pixel.x() + 2, pixel.y()).getRgb()[:3]


def click_legend_sample(view: CurvesView, sample: pg.ItemSample) -> None:
    """A left click on a legend's sample, which shows or hides its curve."""
    centre = sample.mapToScene(sample.boundingRect().center())
    QTest.mouseClick(
        view.plots.viewport(), Qt.MouseButton.LeftButton, pos=view.plots.mapFromScene(centre)
    )


def test_epoch_markers_sit_on_the_points(view: CurvesView, history: RunHistory) -> None:
    epochs = history.epoch_arrays()
    for name, colour in (("train_accuracy", (255, 127, 14)), ("valid_accuracy", (44, 160, 44))):
        assert marker_colour(view, view.plots.accuracy_plot, 3.0, epochs[name][2]) == colour


def test_legend_click_hides_the_line_and_its_markers(view: CurvesView) -> None:
    sample = view.plots.epoch_samples[view.plots.valid_accuracy]
    markers, index = sample.markers, sample.index
    click_legend_sample(view, sample)
    assert not view.plots.valid_accuracy.isVisible() and not markers.series(index).visible
    assert view.plots.train_accuracy.isVisible()
    click_legend_sample(view, sample)
    assert view.plots.valid_accuracy.isVisible() and markers.series(index).visible


def test_log_y_moves_the_markers_too(view: CurvesView, history: RunHistory) -> None:
    # the validation markers would overlap the train ones
    click_legend_sample(view, view.plots.epoch_samples[view.plots.valid_loss])
    view._log_y.setChecked(True)
    log_loss = math.log10(history.epoch_arrays()["train_loss"][2])
    assert marker_colour(view, view.plots.loss_plot, 3.0, log_loss) == (255, 127, 14)
