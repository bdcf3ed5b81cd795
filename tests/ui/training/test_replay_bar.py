"""The replay bar: the slider emits kept snapshots as frames, "Live" returns to the run."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from gdstudio.core.training.history import RunHistory
from gdstudio.core.training.replay import KeptSnapshot, SnapshotStore
from gdstudio.core.training.reports import EpochMetrics, StepReport
from gdstudio.ui.training.replay import ReplayBar, replay_frame
from gdstudio.workers.training import PAUSED, TrainingFrame


def kept(step: int) -> KeptSnapshot:
    return KeptSnapshot(step, step / 10, 0.5, 100, {"b1": np.full(10, step, dtype=np.float32)})


def history(steps: int) -> RunHistory:
    h = RunHistory()
    h.add_steps(
        StepReport(
            step=s,
            epoch=s / 10,
            batch_loss=1.0 / s,
            batch_accuracy=0.5,
            scheduled_lr=0.5,
            batch_size=100,
            epoch_end=EpochMetrics(s // 10, s, 0.3, 0.9, 0.35, 0.88, 1e4) if s % 10 == 0 else None,
        )
        for s in range(1, steps + 1)
    )
    return h


@pytest.fixture
def bar(qtbot: QtBot) -> ReplayBar:
    widget = ReplayBar()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_moving_the_slider_emits_that_snapshot(qtbot: QtBot, bar: ReplayBar) -> None:
    store = SnapshotStore(every=5)
    for step in range(0, 31):
        store.add(kept(step))
    bar.set_source(store, history(30), total_epochs=3)
    assert bar.objectName() == "replay" and bar.is_live and bar.step is None
    slider = bar.slider
    assert slider.maximum() == 30 and slider.value() == 30  # live: on the newest snapshot
    with qtbot.waitSignal(bar.frame_requested) as emitted:
        slider.setValue(16)  # the nearest kept snapshot is step 15's
    frame: TrainingFrame = emitted.args[0]
    assert frame.snapshot.step == 15 and frame.snapshot.epoch == 1.5
    np.testing.assert_array_equal(frame.snapshot.params["b1"], np.full(10, 15))
    assert [m.epoch for m in frame.snapshot.history] == [1]  # epochs finished by step 15
    assert frame.steps == () and frame.state == PAUSED and frame.total_epochs == 3
    assert not bar.is_live and bar.step == 15


def test_live_returns_and_the_slider_follows_the_run(qtbot: QtBot, bar: ReplayBar) -> None:
    store = SnapshotStore(every=1)
    for step in range(10):
        store.add(kept(step))
    bar.set_source(store)
    bar.show_step(4)
    assert bar.step == 4
    store.add(kept(10))
    bar.refresh()  # replaying: the slider stays on step 4
    assert bar.step == 4 and bar.slider.value() == 4  # (the slider's positions are steps)
    with qtbot.waitSignal(bar.live_requested):
        bar.live_button.click()
    assert bar.is_live and not bar.live_button.isEnabled()
    store.add(kept(11))
    bar.refresh()
    assert bar.slider.value() == bar.slider.maximum() == 11


def test_thinning_keeps_the_replayed_moment_near(bar: ReplayBar) -> None:
    store = SnapshotStore(budget_bytes=10 * 40, every=1)  # ten snapshots of 40 bytes
    for step in range(10):
        store.add(kept(step))
    bar.set_source(store)
    bar.show_step(3)
    store.add(kept(10))  # thins to 0, 2, 4, 6, 8, 10
    bar.refresh()
    assert bar.slider.value() == 3  # the slider stays where the user put it
    assert "step 3" in bar.position_text()  # the frame shown is still step 3's


def test_replay_frame_without_history() -> None:
    frame = replay_frame(kept(7))
    assert frame.snapshot.history == () and frame.snapshot.step == 7
    assert frame.best_available is False and frame.samples_per_second == 0.0


def test_an_empty_store_is_disabled(bar: ReplayBar) -> None:
    bar.set_source(SnapshotStore())
    assert not bar.isEnabled()
    bar.show_step(5)
    assert bar.is_live


def test_the_slider_moves_evenly_with_steps(qtbot: QtBot, bar: ReplayBar) -> None:
    """Snapshots kept unevenly (as frames come) still put each step where it belongs."""
    store = SnapshotStore(every=1)
    for step in (0, 1, 2, 3, 4, 5, 6, 7, 8, 50, 100):  # dense at first, then sparse
        store.add(kept(step))
    bar.set_source(store, history(100), total_epochs=10)
    slider = bar.slider
    assert (slider.minimum(), slider.maximum()) == (0, 100)
    slider.setFocus()
    with qtbot.waitSignal(bar.frame_requested) as emitted:
        QTest.keyClick(slider, Qt.Key.Key_Home)  # the start of the run
    assert emitted.args[0].snapshot.step == 0
    # halfway along the slider is halfway through the run (by index it was snapshot 5: step 5)
    with qtbot.waitSignal(bar.frame_requested) as emitted:
        slider.setValue(slider.minimum() + (slider.maximum() - slider.minimum()) // 2)
    assert emitted.args[0].snapshot.step == 50
    assert "step 50" in bar.position_text()
    # a drag ends where the snapshot shown is: step 100 is the nearest kept to step 80
    slider.setSliderDown(True)
    with qtbot.waitSignal(bar.frame_requested) as emitted:
        slider.setValue(80)
    assert emitted.args[0].snapshot.step == 100
    slider.setSliderDown(False)  # the mouse button is released
    assert slider.value() == 100


def test_the_replayed_moment_is_announced_and_live_clears_it(qtbot: QtBot, bar: ReplayBar) -> None:
    store = SnapshotStore(every=1)
    for step in range(0, 21):
        store.add(kept(step))
    bar.set_source(store, history(20), total_epochs=2)
    with qtbot.waitSignal(bar.moment_changed) as moved:
        bar.slider.setValue(7)
    assert moved.args == [0.7]  # the epoch of step 7 (kept() puts step s at epoch s / 10)
    with qtbot.waitSignal(bar.moment_changed) as moved:
        bar.live_button.click()
    assert moved.args == [None]
