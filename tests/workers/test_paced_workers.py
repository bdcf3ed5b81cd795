"""The pace of a run (steps per second): frames a step, the same numbers, commands act at once.

A pace of one step an hour stands for "slow": a worker that slept between steps would hang
these tests, one that waits on a timer answers every command at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import pytest

from gdstudio.core.data.datasets import Dataset
from gdstudio.core.training.experiments import comparison_configs
from gdstudio.core.training.trainer import TrainConfig
from gdstudio.workers.experiments import ComparisonController, ComparisonFrame
from gdstudio.workers.threads import running_threads
from gdstudio.workers.training import (
    FINISHED,
    IDLE,
    PAUSED,
    RUNNING,
    TrainingController,
    TrainingFrame,
)

TIMEOUT = 20_000  # ms
HOURLY = 1 / 3600  # steps per second
FRAME_MS = 33
#: slow enough for a frame a step (at least FRAME_MS between steps), quick enough for a test
CLASSROOM = 25.0
#: 8 steps: one epoch of the embedded data's 8,000 training images in batches of 1,000
SHORT = TrainConfig(epochs=1, batch_size=1000)


@pytest.fixture
def trainers(qtbot, embedded: Dataset) -> Iterator[Callable[..., TrainingController]]:
    made: list[TrainingController] = []

    def factory(config: TrainConfig) -> TrainingController:
        controller = TrainingController(embedded, config, frame_interval_ms=FRAME_MS)
        made.append(controller)
        qtbot.waitUntil(lambda: controller.last_frame is not None, timeout=TIMEOUT)
        return controller

    yield factory
    for controller in made:
        assert controller.shutdown()
    assert running_threads() == []


def run_to_the_end(qtbot, controller: TrainingController) -> list[TrainingFrame]:
    frames: list[TrainingFrame] = []
    controller.frame.connect(frames.append)
    with qtbot.waitSignal(
        controller.frame, timeout=TIMEOUT, check_params_cb=lambda f: f.state == FINISHED
    ):
        controller.start()
    return frames


def test_a_slow_pace_sends_every_step_in_a_frame_of_its_own_and_changes_no_number(
    qtbot, trainers
) -> None:
    paced, fast = trainers(SHORT), trainers(SHORT)
    paced.set_pace(CLASSROOM)
    assert paced.pace == CLASSROOM and fast.pace == 0
    slow_frames = run_to_the_end(qtbot, paced)
    fast_frames = run_to_the_end(qtbot, fast)

    steps = [len(f.steps) for f in slow_frames if f.steps]
    assert steps == [1] * 8  # one frame a step, each step once
    assert len([f for f in fast_frames if f.steps]) < 8  # at full speed steps share frames
    a, b = slow_frames[-1].snapshot, fast_frames[-1].snapshot
    assert a.step == b.step == 8
    for name in a.params:
        assert a.params[name].tobytes() == b.params[name].tobytes()  # bit for bit
    losses = [s.batch_loss for f in slow_frames for s in f.steps]
    assert losses == [s.batch_loss for f in fast_frames for s in f.steps]


def test_pause_stop_and_reset_act_at_once_at_a_slow_pace(qtbot, trainers) -> None:
    controller = trainers(TrainConfig(epochs=3))
    controller.set_pace(HOURLY)
    with qtbot.waitSignal(
        controller.frame, timeout=TIMEOUT, check_params_cb=lambda f: f.snapshot.step == 1
    ):
        controller.start()  # the first step comes at once, the second in an hour
    with qtbot.waitSignal(controller.frame, timeout=TIMEOUT) as answer:
        controller.request_frame()  # the worker's event loop is free while it waits
    assert answer.args[0].snapshot.step == 1 and answer.args[0].state == RUNNING
    with qtbot.waitSignal(controller.state_changed, timeout=TIMEOUT) as paused:
        controller.pause()
    assert paused.args == [PAUSED] and controller.last_frame.snapshot.step == 1
    with qtbot.waitSignal(
        controller.frame, timeout=TIMEOUT, check_params_cb=lambda f: f.snapshot.step == 2
    ):
        controller.resume()  # resuming steps at once too
    with qtbot.waitSignal(
        controller.frame, timeout=TIMEOUT, check_params_cb=lambda f: f.state == FINISHED
    ):
        controller.stop()
    with qtbot.waitSignal(
        controller.frame, timeout=TIMEOUT, check_params_cb=lambda f: f.state == IDLE
    ):
        controller.reset()
    assert controller.last_frame.snapshot.step == 0


def test_a_new_pace_applies_from_the_next_step(qtbot, trainers) -> None:
    controller = trainers(SHORT)
    controller.set_pace(HOURLY)
    with qtbot.waitSignal(
        controller.frame, timeout=TIMEOUT, check_params_cb=lambda f: f.snapshot.step == 1
    ):
        controller.start()
    # as fast as possible: the hour's wait is over, the run goes on to its end
    with qtbot.waitSignal(
        controller.frame, timeout=TIMEOUT, check_params_cb=lambda f: f.state == FINISHED
    ):
        controller.set_pace(0)
    assert controller.last_frame.snapshot.step == 8


def test_closing_while_a_slow_step_is_awaited_joins_the_thread(qtbot, embedded: Dataset) -> None:
    controller = TrainingController(embedded, TrainConfig(epochs=3))
    controller.set_pace(HOURLY)
    with qtbot.waitSignal(
        controller.frame, timeout=TIMEOUT, check_params_cb=lambda f: f.snapshot.step == 1
    ):
        controller.start()
    assert controller.state == RUNNING
    assert controller.shutdown(timeout_ms=1000)  # within a second, not at the next step
    assert running_threads() == []


@pytest.mark.parametrize("pace", [-1.0, float("nan"), float("inf")])
def test_a_pace_must_be_a_number_of_steps_per_second(trainers, pace: float) -> None:
    controller = trainers(SHORT)
    with pytest.raises(ValueError, match="pace"):
        controller.set_pace(pace)
    assert controller.pace == 0


def test_a_paced_comparison_sends_every_round_and_trains_the_same_runs(
    qtbot, embedded: Dataset
) -> None:
    configs = comparison_configs(SHORT, "lr", [0.1, 1.0, 30.0])
    results: list[list[ComparisonFrame]] = []
    for pace in (CLASSROOM, 0.0):
        controller = ComparisonController(frame_interval_ms=FRAME_MS)
        controller.set_pace(pace)
        frames: list[ComparisonFrame] = []
        controller.frame.connect(frames.append)
        with qtbot.waitSignal(
            controller.frame, timeout=TIMEOUT, check_params_cb=lambda f: f.state == FINISHED
        ):
            controller.begin(embedded, configs)
            controller.start()
        assert controller.shutdown()
        results.append(frames)
    slow, fast = results
    rounds = [tuple(len(run.steps) for run in f.runs) for f in slow if f.runs[0].steps]
    assert rounds == [(1, 1, 1)] * 8  # a frame a round: every run one step further
    for run in range(3):
        a, b = slow[-1].runs[run].params, fast[-1].runs[run].params
        for name in a:
            np.testing.assert_array_equal(a[name], b[name])
    assert running_threads() == []
