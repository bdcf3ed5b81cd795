"""The main window, driven as a student would: train, pause, step, change alpha, diverge."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.files.checkpoint import CheckpointError
from gdstudio.core.training.reports import EventKind
from gdstudio.core.training.trainer import TrainConfig
from gdstudio.ui.window.main_window import MainWindow
from gdstudio.workers.threads import running_threads
from gdstudio.workers.training import FINISHED, PAUSED, RUNNING


@pytest.fixture
def store(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot: QtBot, store: QSettings, embedded: Dataset) -> Iterator[MainWindow]:
    w = MainWindow(settings_store=store, dataset=embedded)
    w.show()
    qtbot.waitUntil(lambda: w.controller.last_frame is not None)
    yield w
    w.close()


def configure(window: MainWindow, **settings: object) -> None:
    window.controls.set_config(TrainConfig(**settings))  # type: ignore[arg-type]
    window.reset()


def last_step(window: MainWindow) -> int:
    return window.controller.last_frame.snapshot.step


def wait_state(qtbot: QtBot, window: MainWindow, state: str, timeout: int = 30_000) -> None:
    qtbot.waitUntil(lambda: window.controller.state == state, timeout=timeout)


def test_one_epoch_trains_and_draws(qtbot: QtBot, window: MainWindow) -> None:
    configure(window, epochs=1)
    window.start()
    wait_state(qtbot, window, FINISHED)
    qtbot.waitUntil(lambda: len(window.history.epochs) == 1)
    assert len(window.history) == 80  # 8,000 samples in batches of 100
    assert window.history.epochs[0].valid_accuracy > 0.8
    xs, ys = window.curves.plots.raw_loss.getData()
    assert xs is not None and len(xs) == 80
    assert re.fullmatch(r"Validation accuracy [89]\d\.\d%", window.status.labels["acc"].text())


def test_pause_stops_steps_and_resume_continues(qtbot: QtBot, window: MainWindow) -> None:
    configure(window, epochs=100)
    window.start_or_pause()
    qtbot.waitUntil(lambda: len(window.history) > 5)
    window.start_or_pause()
    wait_state(qtbot, window, PAUSED)
    # the frame sent on pausing follows the state change: wait for it, not for the state alone
    qtbot.waitUntil(lambda: window.controller.last_frame.state == PAUSED)
    paused_at = window.controller.last_frame.snapshot.step
    for _ in range(3):
        with qtbot.waitSignal(window.controller.frame):
            window.controller.request_frame()
        assert window.controller.last_frame.snapshot.step == paused_at
    window.start_or_pause()
    qtbot.waitUntil(lambda: len(window.history) > paused_at + 5)
    window.controller.stop()
    wait_state(qtbot, window, FINISHED)


def test_step_advances_exactly_one_batch(qtbot: QtBot, window: MainWindow) -> None:
    configure(window, batch_size=50)
    window.commands.step_action.trigger()
    qtbot.waitUntil(lambda: last_step(window) == 1)
    with qtbot.waitSignal(window.controller.frame):  # and no further step follows
        window.controller.request_frame()
    snap = window.controller.last_frame.snapshot
    assert snap.step == 1
    assert snap.epoch == pytest.approx(50 / 8000)
    assert window.controller.state == PAUSED


def test_learning_rate_changed_mid_run_applies_from_the_next_step(
    qtbot: QtBot, window: MainWindow
) -> None:
    configure(window, epochs=100, lr=1.0)
    window.start()
    qtbot.waitUntil(lambda: len(window.history) > 3)
    window.controls.set_lr(0.5)
    qtbot.waitUntil(lambda: (window.history.scheduled_lr == 0.5).any())
    window.controller.stop()
    wait_state(qtbot, window, FINISHED)
    lrs = window.history.scheduled_lr
    first_new = int(np.argmax(lrs == 0.5))
    assert (lrs[:first_new] == 1.0).all() and (lrs[first_new:] == 0.5).all()
    assert first_new > 3


def test_saturation_pauses_explains_and_restore_continues(qtbot: QtBot, window: MainWindow) -> None:
    configure(window, epochs=5, lr=50.0)
    window.start()
    qtbot.waitUntil(window.banner.isVisible, timeout=30_000)
    assert window.controller.state == PAUSED
    event = window.banner.event_shown
    assert event is not None and event.kind is EventKind.SATURATED
    text = window.banner.text()
    assert f"step {event.step}" in text and "α = 50" in text
    assert "froze" in text and "exactly 1.0 in float32" in text and "overshoot" not in text
    epochs_before = len(window.history.epochs)
    with qtbot.waitSignal(window.controller.restored, timeout=30_000) as restored:
        QTest.mouseClick(window.banner.restore_button, Qt.MouseButton.LeftButton)
    assert not window.banner.isVisible()
    lr = restored.args[0]
    assert lr in (5.0, 0.5, 0.05)  # alpha / 10 first, then smaller: the first stable one
    # it continues by itself, with the alpha it measured, shown in the panel and status bar
    wait_state(qtbot, window, RUNNING)
    assert window.controls.lr == pytest.approx(lr)
    assert f"α = {lr:g}" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: len(window.history.epochs) > epochs_before, timeout=30_000)
    assert window.history.epochs[-1].valid_accuracy > 0.7  # frozen at 0.086 before
    assert window.controller.last_frame.snapshot.base_lr == pytest.approx(lr)


def test_switching_to_chinese_changes_visible_texts(window: MainWindow) -> None:
    english = (
        window.windowTitle(),
        window.commands.file_menu.title(),
        window.commands.start_action.text(),
    )
    window.set_language("zh_CN")
    assert window.language == "zh_CN"
    assert "梯度下降" in window.windowTitle()
    assert window.commands.file_menu.title() == "文件(&F)"
    assert window.commands.start_action.text() == "开始"
    assert window.controls._settings_box.title() == "梯度下降"
    window.set_language("en")
    assert (
        window.windowTitle(),
        window.commands.file_menu.title(),
        window.commands.start_action.text(),
    ) == english


def test_space_starts_and_pauses(qtbot: QtBot, window: MainWindow) -> None:
    configure(window, epochs=100)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    wait_state(qtbot, window, RUNNING)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    wait_state(qtbot, window, PAUSED)


def test_closing_mid_run_leaves_no_thread(
    qtbot: QtBot, store: QSettings, embedded: Dataset
) -> None:
    w = MainWindow(settings_store=store, dataset=embedded)
    w.show()
    w.controls.set_config(TrainConfig(epochs=100))
    w.reset()
    w.start()
    qtbot.waitUntil(lambda: len(w.history) > 0)
    w.close()
    assert running_threads() == []


def test_settings_persist(qtbot: QtBot, store: QSettings, embedded: Dataset) -> None:
    first = MainWindow(settings_store=store, dataset=embedded)
    first.controls.set_config(TrainConfig(lr=0.3, batch_size=64, epochs=7, seed=11))
    first.set_language("zh_CN")
    first.close()
    second = MainWindow(settings_store=store, dataset=embedded)
    try:
        config = second.controls.config()
        assert (config.lr, config.batch_size, config.epochs, config.seed) == (0.3, 64, 7, 11)
        assert second.language == "zh_CN"
    finally:
        second.set_language("en")
        second.close()


def test_checkpoint_round_trip(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    window.controller.step()
    qtbot.waitUntil(lambda: last_step(window) == 1)
    saved = window.controller.last_frame.snapshot.params
    path = tmp_path / "one.npz"
    window.files.save_checkpoint_to(path)
    window.reset()
    qtbot.waitUntil(lambda: last_step(window) == 0)
    window.files.open_checkpoint_from(path)
    qtbot.waitUntil(
        lambda: np.array_equal(window.controller.last_frame.snapshot.params["w1"], saved["w1"])
    )
    loaded = window.controller.last_frame.snapshot.params
    for name in saved:
        np.testing.assert_array_equal(loaded[name], saved[name])
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a checkpoint")
    with pytest.raises(CheckpointError, match="bad.npz"):
        window.files.open_checkpoint_from(bad)


def test_presentation_mode_enlarges_fonts(window: MainWindow) -> None:
    base = QApplication.font().pointSizeF()
    window.set_presentation(True)
    assert QApplication.font().pointSizeF() == pytest.approx(base * 1.6)
    window.set_presentation(False)
    assert QApplication.font().pointSizeF() == pytest.approx(base)


def test_the_training_panel_hides_with_f9_and_stays_hidden(
    qtbot: QtBot, window: MainWindow, store: QSettings, embedded: Dataset
) -> None:
    panel = window.controls
    assert panel.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F9)
    assert not panel.isVisible()
    assert not window.panel_action.isChecked()
    window.close()
    second = MainWindow(settings_store=store, dataset=embedded, offer_restore=False)
    try:
        second.show()
        assert not second.controls.isVisible()  # remembered
        second.panel_action.trigger()
        assert second.controls.isVisible()
    finally:
        second.close()


def test_session_saved_and_opened_in_a_new_window(
    qtbot: QtBot, window: MainWindow, store: QSettings, embedded: Dataset, tmp_path: Path
) -> None:
    configure(window, epochs=1)
    window.start()
    wait_state(qtbot, window, FINISHED)
    qtbot.waitUntil(lambda: len(window.history.epochs) == 1)
    path = tmp_path / "lesson.gdsession"
    assert window.sessions.save_to(path, window.session_commands.current_session())
    saved_w1 = window.controller.last_frame.snapshot.params["w1"]
    other = MainWindow(settings_store=store, dataset=embedded, offer_restore=False)
    try:
        session = other.sessions.open_from(path)
        assert session is not None
        other.session_commands.restore(session)
        assert len(other.history) == 80 and len(other.history.epochs) == 1
        np.testing.assert_array_equal(other.run.last_frame.snapshot.params["w1"], saved_w1)
        other.replay.show_step(1)  # replay an early moment: the views get that snapshot
        assert other.replay.step is not None and other.replay.step < 80
    finally:
        other.close()


def test_autosave_after_each_epoch(qtbot: QtBot, window: MainWindow) -> None:
    configure(window, epochs=1)
    window.start()
    wait_state(qtbot, window, FINISHED)
    qtbot.waitUntil(lambda: window.sessions.autosave.path.exists(), timeout=10_000)


def test_switching_to_the_mlp_preset_trains_it(
    qtbot: QtBot, window: MainWindow, store: QSettings, embedded: Dataset
) -> None:
    presets = window.controls.network._preset
    presets.setCurrentIndex(presets.findData("mlp"))
    presets.activated.emit(presets.currentIndex())  # as a click on the menu entry does
    qtbot.waitUntil(lambda: window.controller.model.config.architecture == "mlp")
    qtbot.waitUntil(lambda: "w2" in window.controller.last_frame.snapshot.params)
    window.controls.set_config(TrainConfig(**{**window.controls.config().__dict__, "epochs": 1}))
    window.reset()
    window.start()
    wait_state(qtbot, window, FINISHED)
    qtbot.waitUntil(lambda: len(window.history.epochs) == 1)
    assert window.history.epochs[0].valid_accuracy > 0.85
    window.close()
    reopened = MainWindow(settings_store=store, dataset=embedded, offer_restore=False)
    try:
        assert reopened.controller.model.config.architecture == "mlp"  # remembered
    finally:
        reopened.close()


def test_a_parameter_the_new_network_lacks_is_reselected(window: MainWindow) -> None:
    from gdstudio.core.nn.model import ModelConfig

    window.selection.select_parameter("b0", (300,))
    window.set_network(ModelConfig(architecture="mlp", loss="cross_entropy", hidden=32))
    assert window.selection.parameter == ("w2", (0, 3))
    window.set_network(ModelConfig())
    assert window.selection.parameter == ("w1", (407, 3))
