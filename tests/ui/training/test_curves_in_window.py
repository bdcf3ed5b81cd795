"""The Curves tab in the main window, driven as a teacher does: language switched mid-run,
replay, presentation mode on and off, zoom then Fit, exports."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gdstudio.core.training.trainer import TrainConfig
from gdstudio.ui.window.main_window import MainWindow
from gdstudio.workers.training import FINISHED, RUNNING


@pytest.fixture
def window(open_window: Callable[..., MainWindow]) -> MainWindow:
    return open_window()


def train(qtbot: QtBot, window: MainWindow, epochs: int) -> None:
    window.controls.set_config(TrainConfig(epochs=epochs))
    window.reset()  # (the Reset action itself is the lead's: issue 12, item 1)
    window.commands.start_action.trigger()
    qtbot.waitUntil(lambda: window.controller.state == FINISHED, timeout=60_000)
    qtbot.waitUntil(lambda: len(window.history.epochs) == epochs)


def visible_texts(window: MainWindow) -> list[str]:
    """What the Curves tab shows in words: axis titles, legends, buttons and the readout."""
    curves = window.curves
    texts = [curves.plots.loss_plot.getAxis(side).labelText for side in ("left", "bottom")] + [
        curves.plots.accuracy_plot.getAxis("left").labelText
    ]
    texts += [
        label.text
        for legend in (curves.plots.loss_legend, curves.plots.accuracy_legend)
        for _, label in legend.items
    ]
    texts += [curves._fit_button.text(), curves._export_button.text(), curves._log_y.text()]
    texts.append(curves.readout_text())
    return texts


def point_at(window: MainWindow, epoch: float) -> None:
    """Move the mouse over the loss plot at `epoch`."""
    curves = window.curves
    box = curves.plots.loss_plot.getViewBox()
    y = sum(box.viewRange()[1]) / 2
    scene = box.mapViewToScene(QPointF(epoch, y))
    QTest.mouseMove(curves.plots.viewport(), curves.plots.mapFromScene(scene))


def test_the_curves_follow_a_switch_to_chinese_mid_run(qtbot: QtBot, window: MainWindow) -> None:
    window.controls.set_config(TrainConfig(epochs=50))
    window.reset()  # (the Reset action itself is the lead's: issue 12, item 1)
    window.commands.start_action.trigger()
    qtbot.waitUntil(lambda: window.controller.state == RUNNING)
    qtbot.waitUntil(lambda: len(window.history.epochs) >= 1, timeout=30_000)
    point_at(window, 0.5)
    qtbot.waitUntil(lambda: "step" in window.curves.readout_text())
    english = visible_texts(window)
    window.set_language("zh_CN")
    steps = len(window.history)
    qtbot.waitUntil(lambda: len(window.history) > steps)  # frames keep coming
    point_at(window, 0.5)
    chinese = visible_texts(window)
    window.commands.stop_action.trigger()
    qtbot.waitUntil(lambda: window.controller.state != RUNNING)
    for before, after in zip(english, chinese, strict=True):
        assert after != before, f"still English: {after!r}"
        assert any("\u4e00" <= ch <= "\u9fff" for ch in after), f"not Chinese: {after!r}"


def test_replay_puts_a_marker_on_the_curves_and_live_removes_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    train(qtbot, window, epochs=1)
    assert window.curves.replay_marker() is None
    slider = window.replay.slider
    slider.setFocus()
    QTest.keyClick(slider, Qt.Key.Key_Home)  # the start of the run
    assert window.replay.step == 0
    assert window.curves.replay_marker() == 0.0
    kept = window.run.snapshots.snapshots
    window.replay.show_step(kept[len(kept) // 2].step)
    assert window.curves.replay_marker() == pytest.approx(kept[len(kept) // 2].epoch)
    QTest.mouseClick(window.replay.live_button, Qt.MouseButton.LeftButton)
    assert window.curves.replay_marker() is None
    window.replay.show_step(40)
    assert window.curves.replay_marker() is not None
    window.reset()  # a new run is live: no marker
    assert window.curves.replay_marker() is None


def curve_fonts(window: MainWindow) -> list[object]:
    curves = window.curves
    fonts: list[object] = []
    for legend in (curves.plots.loss_legend, curves.plots.accuracy_legend):
        fonts.append(legend.opts["labelTextSize"])
        fonts += [label.opts.get("size") for _, label in legend.items]
    for plot in (curves.plots.loss_plot, curves.plots.accuracy_plot):
        for side in ("left", "bottom"):
            axis = plot.getAxis(side)
            fonts += [axis.style["tickFont"].pointSizeF(), axis.labelStyle.get("font-size")]
    fonts += [w.font().pointSizeF() for w in (curves._log_y, curves._fit_button, curves._readout)]
    # and what the fonts size: the legends' boxes, the readout's height
    fonts += [
        (legend.width(), legend.height())
        for legend in (curves.plots.loss_legend, curves.plots.accuracy_legend)
    ]
    fonts.append(curves._readout.minimumHeight())
    compare = window.compare.plots  # the Compare tab's plots, which export the same way
    fonts.append(compare._legend.opts["labelTextSize"])
    for plot in (compare._loss_plot, compare._accuracy_plot):
        for side in ("left", "bottom"):
            axis = plot.getAxis(side)
            fonts += [axis.style["tickFont"].pointSizeF(), axis.labelStyle.get("font-size")]
    return fonts


def svg_font_sizes(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    return sorted(e.get("font-size", "") for e in root.iter() if e.get("font-size"))


def test_presentation_mode_off_restores_the_curves_fonts_exactly(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    train(qtbot, window, epochs=1)
    never_on = curve_fonts(window)
    window.curves.export_svg(tmp_path / "before.svg")
    QTest.keyClick(window, Qt.Key.Key_F11)
    assert window.commands.presentation_action.isChecked()
    base = window.curves.font().pointSizeF()
    # the teacher presents a while: the larger application font reaches every widget
    qtbot.waitUntil(lambda: window.curves.font().pointSizeF() > base)
    bigger = curve_fonts(window)
    assert bigger[0] != never_on[0]  # the legends grew
    QTest.keyClick(window, Qt.Key.Key_F11)
    assert not window.commands.presentation_action.isChecked()
    QApplication.processEvents()  # (delivers the application font's change)
    assert curve_fonts(window) == never_on
    window.curves.export_svg(tmp_path / "after.svg")
    assert svg_font_sizes(tmp_path / "after.svg") == svg_font_sizes(tmp_path / "before.svg")


def test_fit_undoes_a_zoom(qtbot: QtBot, window: MainWindow) -> None:
    train(qtbot, window, epochs=2)
    curves = window.curves
    box = curves.plots.loss_plot.getViewBox()
    QTest.mouseClick(curves._fit_button, Qt.MouseButton.LeftButton)  # after the last redraw
    fitted = box.viewRange()
    box.scaleBy((0.25, 0.25))  # as the mouse wheel does
    assert box.viewRange() != fitted
    QTest.mouseClick(curves._fit_button, Qt.MouseButton.LeftButton)
    assert box.viewRange()[0] == pytest.approx(fitted[0])
    assert box.viewRange()[1] == pytest.approx(fitted[1])


def test_exports_look_like_the_screen(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    train(qtbot, window, epochs=1)
    curves = window.curves
    screen = curves.plots.grab().toImage()
    background = screen.pixelColor(QPoint(2, 2))
    png = tmp_path / "curves.png"
    curves.export_png(png)
    image = QImage(str(png))
    assert not image.isNull()
    corner = image.pixelColor(QPoint(2, 2))
    assert corner.alpha() == 255  # opaque, not a transparent file that viewers show black
    assert corner.rgb() == background.rgb()
    svg = tmp_path / "curves.svg"
    curves.export_svg(svg)
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    fills = {e.get("fill") for e in root.iter() if e.get("fill")}
    assert background.name() in fills  # the same background, as a vector rectangle
