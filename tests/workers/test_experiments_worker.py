"""The comparison worker thread, driven through its controller (signals only, no sleeps)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import pytest

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.training.experiments import comparison_configs
from gdstudio.core.training.reports import EventKind
from gdstudio.core.training.trainer import TrainConfig
from gdstudio.workers.experiments import ComparisonController, ComparisonFrame
from gdstudio.workers.threads import running_threads
from gdstudio.workers.training import FINISHED, IDLE, PAUSED, RUNNING

TIMEOUT = 20_000  # ms
FOREVER = 10_000  # epochs


class Recorder:
    def __init__(self, controller: ComparisonController) -> None:
        self.frames: list[ComparisonFrame] = []
        self.states: list[str] = []
        controller.frame.connect(self.frames.append)
        controller.state_changed.connect(self.states.append)

    def steps(self, run: int) -> list[int]:
        return [s.step for f in self.frames for s in f.runs[run].steps]

    def snapshots(self, run: int) -> list[int]:
        return [k.step for f in self.frames for k in f.runs[run].snapshots]


@pytest.fixture
def make(qtbot) -> Iterator[Callable[..., tuple[ComparisonController, Recorder]]]:
    made: list[ComparisonController] = []

    def factory(**kwargs) -> tuple[ComparisonController, Recorder]:
        controller = ComparisonController(**kwargs)
        made.append(controller)
        return controller, Recorder(controller)

    yield factory
    for controller in made:
        assert controller.shutdown()
    assert running_threads() == []


def wait_frame(qtbot, controller, check: Callable[[ComparisonFrame], bool]):
    return qtbot.waitSignal(controller.frame, timeout=TIMEOUT, check_params_cb=check)


def start_endless(qtbot, controller, embedded: Dataset, rates: list[float]) -> int:
    """Begin a comparison of these learning rates that will not end by itself, start it and
    wait until it runs; its id."""
    configs = comparison_configs(TrainConfig(epochs=FOREVER), "lr", rates)
    with wait_frame(qtbot, controller, lambda f: f.state == RUNNING):
        ident = controller.begin(embedded, configs)
        controller.start()
    return ident


def wait_state(qtbot, controller, state: str):
    """Wait for a state change; the frame with the steps before it has arrived already."""
    return qtbot.waitSignal(
        controller.state_changed, timeout=TIMEOUT, check_params_cb=lambda s: s == state
    )


def test_runs_grow_together_and_every_step_arrives_once(qtbot, make, embedded: Dataset) -> None:
    controller, recorder = make()
    configs = comparison_configs(TrainConfig(epochs=1), "lr", [0.1, 1.0, 30.0])
    with wait_state(qtbot, controller, FINISHED):
        ident = controller.begin(embedded, configs)
        controller.start()
    assert recorder.frames[0].comparison == ident and recorder.frames[0].state == IDLE
    assert recorder.states[:2] == [IDLE, RUNNING] and recorder.states[-1] == FINISHED
    for run in range(3):
        assert recorder.steps(run) == list(range(1, 81))
        assert recorder.snapshots(run) == list(range(0, 81))  # the start, then every step
    done = [0, 0, 0]
    for frame in recorder.frames:
        for run, update in enumerate(frame.runs):
            if update.steps:
                done[run] = update.steps[-1].step
        assert len(set(done)) == 1  # interleaved: no run is ever a step ahead in a frame
    last = recorder.frames[-1]
    assert all(update.done for update in last.runs)
    events = [e for f in recorder.frames for s in f.runs[2].steps for e in s.events]
    assert events and events[0].kind is EventKind.SATURATED  # alpha = 30 froze...
    assert not [e for f in recorder.frames for s in f.runs[1].steps for e in s.events]
    # ... and trained on to the end instead of pausing the comparison
    assert PAUSED not in recorder.states


def test_frames_hold_copies_and_snapshots_follow_the_stride(qtbot, make, embedded: Dataset) -> None:
    controller, recorder = make()
    configs = comparison_configs(TrainConfig(epochs=FOREVER), "batch_size", [100, 200])
    with wait_frame(qtbot, controller, lambda f: f.state == IDLE):
        controller.begin(embedded, configs)
    controller.set_snapshot_every(0, 5)
    controller.set_snapshot_every(1, 3)
    with wait_frame(
        qtbot, controller, lambda f: bool(f.runs[0].steps) and f.runs[0].steps[-1].step >= 30
    ):
        controller.start()
    with wait_frame(qtbot, controller, lambda f: f.state == PAUSED):
        controller.pause()
    assert recorder.snapshots(0)[:4] == [0, 5, 10, 15]
    assert recorder.snapshots(1)[:4] == [0, 3, 6, 9]
    before = recorder.frames[-1].runs[0].params
    with wait_frame(qtbot, controller, lambda f: True) as again:
        controller.request_frame()
    after = again.args[0].runs[0].params
    for name in before:
        np.testing.assert_array_equal(before[name], after[name])
        assert not np.shares_memory(before[name], after[name])
    start = recorder.frames[0].runs[0].snapshots[0]
    assert start.step == 0 and not np.shares_memory(start.params["w1"], after["w1"])
    assert not np.array_equal(start.params["w1"], after["w1"])
    with wait_frame(qtbot, controller, lambda f: f.state == FINISHED):
        controller.stop()
    assert controller.state == FINISHED


def test_a_new_comparison_replaces_the_old_one(qtbot, make, embedded: Dataset) -> None:
    controller, recorder = make()
    first = start_endless(qtbot, controller, embedded, [0.1, 1.0])
    quick = comparison_configs(TrainConfig(epochs=1), "seed", [0, 1, 2])
    with wait_frame(qtbot, controller, lambda f: f.state == FINISHED):
        second = controller.begin(embedded, quick)
        controller.start()
    assert second != first
    after = [f for f in recorder.frames if f.comparison == second]
    assert all(len(f.runs) == 3 for f in after)
    assert [s.step for f in after for s in f.runs[2].steps] == list(range(1, 81))
    assert not [
        f for f in recorder.frames[recorder.frames.index(after[0]) :] if f.comparison == first
    ]


def test_resume_continues_where_pause_stopped(qtbot, make, embedded: Dataset) -> None:
    controller, recorder = make()
    start_endless(qtbot, controller, embedded, [1.0, 10.0])
    with wait_frame(qtbot, controller, lambda f: f.state == PAUSED):
        controller.pause()
    paused_at = recorder.steps(0)[-1]
    with wait_frame(qtbot, controller, lambda f: bool(f.runs[1].steps)):
        controller.resume()
    with wait_state(qtbot, controller, FINISHED):
        controller.stop()
    steps = recorder.steps(0)
    assert steps == list(range(1, len(steps) + 1)) == recorder.steps(1)
    assert len(steps) > paused_at
    assert recorder.states == [IDLE, RUNNING, PAUSED, RUNNING, FINISHED]


def test_shutdown_while_running_joins_the_thread(qtbot, make, embedded: Dataset) -> None:
    controller, _ = make()
    start_endless(qtbot, controller, embedded, [1.0, 2.0])
    assert running_threads()
    assert controller.shutdown() and controller.shutdown()
    assert running_threads() == []
    controller.start()  # ignored once closed
